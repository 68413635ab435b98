package dev.sluice.core.artifact;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import com.google.common.hash.HashingInputStream;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.StoredObject;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Content-addressed blobs in an {@link ArtifactStore}: an object's key is {@code
 * blobs/sha256/<first 2 hex digits>/<hash>}, so the same content is stored once, whoever writes it.
 */
public final class Blobs {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.artifacts");
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

  /** Writes {@code content} as a blob unless the store holds it already; returns its SHA-256. */
  public static String put(ArtifactStore store, byte[] content) {
    String hash = Hashing.sha256().hashBytes(content).toString();
    String key = key(hash);
    if (!holds(store, hash)) {
      store.put(key, content);
    }
    return hash;
  }

  /**
   * Whether the store has the blob {@code sha256} intact, as far as its stat tells: present, and
   * hashing to its address where the store knows the hash. A blob whose content no longer matches
   * its address (changed or damaged behind the store's back) is not held: the next write of that
   * content replaces it.
   */
  public static boolean holds(ArtifactStore store, String sha256) {
    Optional<StoredObject> stat = store.stat(key(sha256));
    if (stat.isEmpty()) {
      return false;
    }
    Optional<String> actual = stat.get().sha256();
    if (actual.isPresent() && !actual.get().equals(sha256)) {
      log.warn("blob {} in {} is corrupt (its content hashes to {}); it is written again", sha256, store.root(), actual.get());
      return false;
    }
    return true;
  }

  /**
   * {@code in}, the content of the blob {@code sha256}, checked as it is read: reading it to its end
   * throws an {@link IOException} saying the blob is corrupt when the bytes read do not hash to
   * their address. A reader that stops early is not checked.
   */
  public static InputStream verified(InputStream in, String sha256, URI where) {
    return new VerifyingStream(in, sha256, where);
  }

  /** Streams a local file into the store as the blob {@code sha256}, unless it is there already. */
  static void putFile(ArtifactStore store, Path file, String sha256) {
    String key = key(sha256);
    if (holds(store, sha256)) {
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
    if (holds(to, sha256)) {
      return;
    }
    try (InputStream in = verified(from.get(key), sha256, from.uri(key))) {
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

  /** Hashes what passes through and checks it against the address at the end of the stream. */
  private static final class VerifyingStream extends FilterInputStream {
    private final Hasher hasher = Hashing.sha256().newHasher();
    private final String sha256;
    private final URI where;
    private boolean checked;

    VerifyingStream(InputStream in, String sha256, URI where) {
      super(in);
      this.sha256 = sha256;
      this.where = where;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        check();
      } else {
        hasher.putByte((byte) b);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n < 0) {
        check();
      } else {
        hasher.putBytes(buf, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      // skipped bytes must be hashed too
      byte[] buf = new byte[(int) Math.min(8192, Math.max(0, n))];
      long left = n;
      while (left > 0) {
        int r = read(buf, 0, (int) Math.min(buf.length, left));
        if (r < 0) {
          break;
        }
        left -= r;
      }
      return n - left;
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
      // not supported: a reset would hash bytes twice
    }

    @Override
    public synchronized void reset() throws IOException {
      throw new IOException("mark/reset not supported");
    }

    private void check() throws IOException {
      if (checked) {
        return;
      }
      checked = true;
      String actual = hasher.hash().toString();
      if (!actual.equals(sha256)) {
        throw new IOException("blob " + sha256 + " at " + where + " is corrupt: its content hashes to " + actual
            + " (changed or damaged in the store). A cached entry that refers to it is not served; a journaled"
            + " output that does must be produced again: engine.recover(runId)");
      }
    }
  }
}
