package dev.sluice.core.artifact;

import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.UUID;

/**
 * Content-addressed blobs in an {@link ArtifactStore}: an object's key is {@code
 * blobs/sha256/<first 2 hex digits>/<hash>}, so the same content is stored once, whoever writes it.
 */
public final class Blobs {
  /** Where every blob's key starts. */
  public static final String PREFIX = "blobs/sha256/";

  private Blobs() {}

  /** The key of the blob with this SHA-256 (64 lower-case hex digits). */
  public static String key(String sha256) {
    if (!isHash(sha256)) {
      throw new IllegalArgumentException("not a SHA-256 in lower-case hex: " + sha256);
    }
    return PREFIX + sha256.substring(0, 2) + "/" + sha256;
  }

  /** Whether {@code s} is 64 lower-case hex digits. */
  public static boolean isHash(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** Writes {@code content} as a blob unless the store has it already; returns its SHA-256. */
  public static String put(ArtifactStore store, byte[] content) {
    String hash = Hashing.sha256().hashBytes(content).toString();
    String key = key(hash);
    if (!store.exists(key)) {
      store.put(key, content);
    }
    return hash;
  }

  /** Streams a local file into the store as the blob {@code sha256}, unless it is there already. */
  static void putFile(ArtifactStore store, Path file, String sha256) {
    String key = key(sha256);
    if (store.exists(key)) {
      return;
    }
    StoredObject stored;
    try (InputStream in = Files.newInputStream(file)) {
      stored = store.put(key, in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " to upload it: " + e.getMessage(), e);
    }
    if (stored.sha256().isPresent() && !stored.sha256().get().equals(sha256)) {
      store.delete(key);
      throw new IllegalStateException(
          file + " changed while it was uploaded (SHA-256 " + stored.sha256().get() + ", expected "
              + sha256 + "); a task must not write to a file after returning it");
    }
  }

  /** Copies a blob into a store that lacks it (an artifact decoded from one store, sent to another). */
  static void copy(ArtifactStore from, ArtifactStore to, String sha256) {
    String key = key(sha256);
    if (to.exists(key)) {
      return;
    }
    try (InputStream in = from.get(key)) {
      to.put(key, in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy blob " + sha256 + " from " + from.root() + " to " + to.root(), e);
    }
  }

  /**
   * Writes {@code in} to {@code target} (atomically: a temporary file in the same folder, then a
   * rename), checking that its SHA-256 is {@code sha256}.
   */
  static void writeVerified(InputStream in, Path target, String sha256) throws IOException {
    Objects.requireNonNull(in, "in");
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      HashingInputStream hashing = new HashingInputStream(Hashing.sha256(), in);
      Files.copy(hashing, temp);
      String actual = hashing.hash().toString();
      if (!actual.equals(sha256)) {
        throw new IOException("blob " + sha256 + " is corrupt: its content hashes to " + actual);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
