package dev.sluice.core.internal.journal;

import dev.sluice.core.journal.JournalConflictException;
import dev.sluice.core.journal.JournalCorruptException;
import dev.sluice.core.journal.JournalRecord;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's records as objects in an artifact store, one per append: {@code
 * runs/<run>/journal/<position>-<writer>.json}, where the position (12 digits) is the index of the
 * batch's first record and the writer is this store's random id. Objects are never rewritten, so
 * two writers never lose each other's records to a read-modify-write.
 *
 * <p>An append claims its position like a create-if-absent: it checks the position is free, writes
 * its object, and lists the position again; another writer's object there is a conflict, and the
 * loser deletes its own. This needs only what every store gives: atomic puts and a listing that
 * shows completed puts (S3 and MinIO are strongly consistent). An append retried after its object
 * was written (its outcome unknown to the caller) finds its own object and succeeds.
 */
final class ObjectLog implements RecordLog {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.journal");

  private final ArtifactStore store;
  private final String writer;
  private final Specs specs;

  ObjectLog(ArtifactStore store, String writer, Specs specs) {
    this.store = store;
    this.writer = writer;
    this.specs = specs;
  }

  private static String prefix(String runId) {
    return RunIds.folder(runId) + "journal/";
  }

  private static String position(long p) {
    return String.format(Locale.ROOT, "%012d", p);
  }

  @Override
  public void append(String runId, long known, List<JournalRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    String at = prefix(runId) + position(known) + "-";
    String key = at + writer + ".json";
    byte[] json = JournalJson.writeAll(records, specs);
    List<StoredObject> before = store.listAll(at).toList();
    if (before.size() == 1 && before.get(0).key().equals(key) && holds(key, json)) {
      log.debug("run {}: the batch at {} is in {} already (a retried append)", runId, known, store.uri(key));
      return;
    }
    if (!before.isEmpty()) {
      throw conflict(runId, known, before.get(0).key());
    }
    store.put(key, json);
    List<StoredObject> after = store.listAll(at).toList();
    for (StoredObject other : after) {
      if (!other.key().equals(key)) {
        store.delete(key);
        throw conflict(runId, known, other.key());
      }
    }
  }

  private boolean holds(String key, byte[] json) {
    try (InputStream in = store.get(key)) {
      return Arrays.equals(in.readAllBytes(), json);
    } catch (ObjectNotFoundException e) {
      return false;
    } catch (IOException e) {
      throw new StoreException("reading " + store.uri(key) + " failed: " + e, e);
    }
  }

  private JournalConflictException conflict(String runId, long known, String other) {
    return new JournalConflictException(
        "record " + known + " of run " + runId + "'s journal was written by another engine ("
            + store.uri(other) + "): another engine appended to the run");
  }

  @Override
  public List<JournalRecord> read(String runId) {
    String prefix = prefix(runId);
    List<JournalRecord> out = new ArrayList<>();
    for (StoredObject o : store.listAll(prefix).toList()) {
      String name = o.key().substring(prefix.length());
      long p = parsePosition(name);
      if (p < 0) {
        log.warn("ignoring {} in the journal folder of run {}: it is not a journal object (<position>-<writer>.json)",
            store.uri(o.key()), runId);
        continue;
      }
      if (p < out.size()) {
        log.warn(
            "run {}: two engines wrote record {} of the journal; using the first and ignoring {}",
            runId, p, store.uri(o.key()));
        continue;
      }
      if (p > out.size()) {
        throw new JournalCorruptException(
            "the journal of run " + runId + " in " + store + " is corrupt: it lacks records " + out.size() + " to "
                + (p - 1) + " (found " + store.uri(o.key()) + " next): an object was deleted");
      }
      try (InputStream in = store.get(o.key())) {
        out.addAll(JournalJson.readAll(in.readAllBytes(), "the journal object " + store.uri(o.key()), specs));
      } catch (ObjectNotFoundException e) {
        log.debug("run {}: journal object {} went away while reading (a conflict loser)", runId, o.key());
      } catch (IOException e) {
        throw new StoreException("reading " + store.uri(o.key()) + " failed: " + e, e);
      }
    }
    return out;
  }

  /** The position a journal object's name starts with, or -1 if the name is not a journal object's. */
  private static long parsePosition(String name) {
    int dash = name.indexOf('-');
    if (dash != 12 || !name.endsWith(".json")) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(0, dash));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void delete(String runId) {
    for (StoredObject o : store.listAll(prefix(runId)).toList()) {
      store.delete(o.key());
    }
  }
}
