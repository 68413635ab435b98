package dev.sluice.core.internal.trigger;

import dev.sluice.core.internal.metric.StoreRecordedMetrics;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoredObject;
import dev.sluice.core.trigger.TriggerEvaluation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history of one trigger in the store: JSON lines in segments of at most {@value #SEGMENT}
 * entries, {@code triggers/<name>/history/<first entry's epoch millis>-<random>.jsonl}. The open
 * segment is rewritten at each entry; one that could not be written stays in memory and goes out
 * with the next entry.
 */
final class History {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.triggers");
  static final int SEGMENT = 100;

  private final ArtifactStore store;
  private final String prefix;
  /** The open segment as written: its lines, appended to (never encoded again). */
  private final ByteArrayOutputStream open = new ByteArrayOutputStream();
  private final List<TriggerEvaluation> openEntries = new ArrayList<>();
  private String openKey;
  private boolean unwritten;

  History(ArtifactStore store, String name) {
    this.store = store;
    this.prefix = "triggers/" + name + "/history/";
  }

  synchronized void append(TriggerEvaluation entry) {
    if (openKey == null || openEntries.size() >= SEGMENT) {
      open.reset();
      openEntries.clear();
      openKey =
          prefix + StoreRecordedMetrics.stamp(entry.time()) + "-"
              + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36) + ".jsonl";
    }
    open.writeBytes((HistoryJson.line(entry) + "\n").getBytes(StandardCharsets.UTF_8));
    openEntries.add(entry);
    try {
      store.put(openKey, open.toByteArray());
      if (unwritten) {
        log.info("history of {} written to the store again", prefix);
        unwritten = false;
      }
    } catch (StoreException e) {
      if (!unwritten) {
        log.warn("cannot write {} (kept in memory, written with the next entry): {}", openKey, e.toString());
        unwritten = true;
      }
    }
  }

  /** Entries at or after {@code since}, oldest first: the stored segments plus the open one. */
  List<TriggerEvaluation> read(Instant since) {
    List<String> keys;
    try (Stream<StoredObject> objects = store.listAll(prefix)) {
      keys = objects.map(StoredObject::key).filter(k -> k.endsWith(".jsonl")).toList();
    }
    String openNow;
    List<TriggerEvaluation> pending;
    synchronized (this) {
      openNow = openKey;
      pending = List.copyOf(openEntries);
    }
    // Segments starting after "since" are needed. Going back from the last one starting at or
    // before it, so is each segment until one that ends before "since" (one writer at a time
    // means older ones end earlier still).
    long sinceMillis = since.toEpochMilli();
    List<TriggerEvaluation> entries = new ArrayList<>();
    int i = keys.size() - 1;
    for (; i >= 0 && startMillis(keys.get(i)) > sinceMillis; i--) {
      readSegment(keys.get(i), openNow, entries);
    }
    for (; i >= 0; i--) {
      List<TriggerEvaluation> older = new ArrayList<>();
      readSegment(keys.get(i), openNow, older);
      entries.addAll(older);
      if (!older.isEmpty() && older.get(older.size() - 1).time().isBefore(since)) {
        break;
      }
    }
    entries.addAll(pending);
    entries.removeIf(e -> e.time().isBefore(since));
    entries.sort(Comparator.comparing(TriggerEvaluation::time));
    return entries;
  }

  /** When a segment starts; a key not written here counts as the oldest. */
  private long startMillis(String key) {
    return Math.max(0, StoreRecordedMetrics.stampOf(key, prefix));
  }

  /** Reads a stored segment (the open one comes from memory instead). */
  private void readSegment(String key, String openKey, List<TriggerEvaluation> into) {
    if (key.equals(openKey)) {
      return;
    }
    String text;
    try (InputStream in = store.get(key)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (ObjectNotFoundException gone) {
      return;
    } catch (IOException e) {
      throw new StoreException("cannot read trigger history " + store.uri(key) + ": " + e.getMessage(), e);
    }
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      try {
        into.add(HistoryJson.parse(line));
      } catch (IOException | RuntimeException e) {
        log.warn("skipping an unreadable line of {}: {}", key, e.toString());
      }
    }
  }
}
