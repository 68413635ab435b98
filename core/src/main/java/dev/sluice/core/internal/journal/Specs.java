package dev.sluice.core.internal.journal;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.MapMaker;
import com.google.common.hash.Hashing;
import dev.sluice.core.journal.JournalCorruptException;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Workflow specs as the journal keeps them: each distinct spec once, under {@code
 * journal/specs/<sha256>.json}, and run records refer to it by hash. A 1,000-node spec is some
 * 100 KB of JSON; runs of one workflow share it instead of each carrying a copy.
 */
final class Specs {
  static final String PREFIX = "journal/specs/";

  private final ArtifactStore store;
  /** Hashes of spec texts already stored, by the text's identity (engines reuse one String per spec). */
  private final Map<String, String> stored = new MapMaker().weakKeys().makeMap();
  private final Cache<String, String> texts = CacheBuilder.newBuilder().maximumSize(64).build();

  Specs(ArtifactStore store) {
    this.store = store;
  }

  /** Stores the spec if this store does not have it yet; returns its hash. */
  String ref(String specJson) {
    String known = stored.get(specJson);
    if (known != null) {
      return known;
    }
    String sha = Hashing.sha256().hashString(specJson, StandardCharsets.UTF_8).toString();
    String key = PREFIX + sha + ".json";
    if (!store.exists(key)) {
      store.put(key, specJson.getBytes(StandardCharsets.UTF_8));
    }
    stored.put(specJson, sha);
    texts.put(sha, specJson);
    return sha;
  }

  /**
   * The spec with this hash, checked against it: a spec file whose bytes changed is corrupt, not a
   * different workflow.
   */
  String text(String sha, String where) {
    String cached = texts.getIfPresent(sha);
    if (cached != null) {
      return cached;
    }
    String key = PREFIX + sha + ".json";
    try (InputStream in = store.get(key)) {
      byte[] bytes = in.readAllBytes();
      String actual = Hashing.sha256().hashBytes(bytes).toString();
      if (!actual.equals(sha)) {
        throw new JournalCorruptException(
            "the workflow spec " + store.uri(key) + " is corrupt: its content's SHA-256 is " + actual
                + ", not the " + sha + " its name and " + where + " say. Fix: restore it from a backup, or"
                + " delete it and start a run of the same workflow version, which writes it again");
      }
      String text = new String(bytes, StandardCharsets.UTF_8);
      texts.put(sha, text);
      return text;
    } catch (ObjectNotFoundException e) {
      throw new JournalCorruptException(
          where + " refers to workflow spec " + sha + ", which is missing: " + store.uri(key) + " was deleted", e);
    } catch (IOException e) {
      throw new StoreException("reading " + store.uri(key) + " failed: " + e, e);
    }
  }
}
