package dev.sluice.core.artifact;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.sluice.core.spi.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A directory a task returns or receives, like Flyte's {@code FlyteDirectory}: its files are
 * uploaded as content-addressed blobs (each once) and the directory itself is a manifest blob
 * listing relative path, SHA-256 and size of every file. A downstream task gets a handle that
 * reads single files ({@link #file}) or copies the whole tree to a local folder ({@link #path()}).
 *
 * <pre>{@code
 * static final Task1<Params, DirRef> export = Task.named("export").of(p -> {
 *   Path dir = Files.createTempDirectory("model");
 *   Model.save(dir, p);                       // weights.bin, vocab/tokens.txt, ...
 *   return DirRef.of(dir);
 * });
 * static final Task1<DirRef, Long> weightsSize = Task.named("weights-size")
 *     .of(d -> d.file("weights.bin").size());
 * }</pre>
 *
 * <p>In JSON a directory is {@code {"@sluice":"dir","name":…,"sha256":<manifest hash>,"size":<total
 * bytes>,"uri":…}}. Only files are kept, not empty folders. Thread-safe.
 */
@JsonSerialize(using = ArtifactJson.DirSerializer.class)
@JsonDeserialize(using = ArtifactJson.DirDeserializer.class)
public final class DirRef {
  private final String name;
  private final Path local;
  private final URI sourceUri;
  private volatile String sha256;
  private volatile long size;
  private volatile Manifest manifest;
  private volatile ArtifactStore store;
  private volatile Path localDirectory;
  private volatile Path materialized;

  private DirRef(String name, Path local, URI sourceUri, String sha256, long size) {
    this.name = name;
    this.local = local;
    this.sourceUri = sourceUri;
    this.sha256 = sha256;
    this.size = size;
  }

  /** A handle to a local directory; its files are read when it is hashed or uploaded. */
  public static DirRef of(Path dir) {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "DirRef.of(" + dir + "): no such directory. Fix: create it before returning it"
              + (Files.isRegularFile(dir) ? ", or use FileRef.of for a single file" : ""));
    }
    Path abs = dir.toAbsolutePath();
    return new DirRef(abs.getFileName() == null ? "root" : abs.getFileName().toString(), abs, null, null, -1);
  }

  static DirRef stored(String name, String sha256, long size, ArtifactStore store, Path localDirectory, URI uri) {
    DirRef ref = new DirRef(name, null, uri, sha256, size);
    ref.store = store;
    ref.localDirectory = localDirectory;
    return ref;
  }

  /** The directory's name (its last path segment). */
  public String name() {
    return name;
  }

  /** SHA-256 of the manifest: equal for two directories with the same relative paths and contents. */
  public String sha256() {
    String h = sha256;
    return h != null ? h : manifest().sha256();
  }

  /** Total bytes of the files. */
  public long size() {
    long s = size;
    return s >= 0 ? s : manifest().size();
  }

  /** The files by relative path ({@code /}-separated), sorted; read from the store on first use. */
  public SortedMap<String, FileRef> files() {
    return manifest().files();
  }

  /** One file by its relative path, e.g. {@code "vocab/tokens.txt"}. */
  public FileRef file(String relativePath) {
    FileRef f = files().get(relativePath);
    if (f == null) {
      throw new IllegalArgumentException(
          "directory '" + name + "' has no file '" + relativePath + "'; it has " + files().keySet());
    }
    return f;
  }

  /** The manifest's URI in the store once uploaded, else the local directory's. */
  public URI uri() {
    ArtifactStore s = store;
    if (s != null) {
      return s.uri(Blobs.key(sha256()));
    }
    if (local != null) {
      return local.toUri();
    }
    if (sourceUri != null) {
      return sourceUri;
    }
    throw unreadable();
  }

  /**
   * A local directory with the files: the original one for a handle made here, otherwise a copy
   * made on the first call under the engine's artifact folder ({@code <hash>/<name>/}).
   */
  public Path path() {
    if (local != null && Files.isDirectory(local)) {
      return local;
    }
    Path copy = materialized;
    if (copy != null) {
      return copy;
    }
    String hash = sha256();
    Path dir = localDirectory != null ? localDirectory : ArtifactContext.defaultDirectory();
    Path target = dir.resolve(hash.substring(0, 2)).resolve(hash).resolve(name);
    if (!Files.isDirectory(target)) {
      materialize(target);
    }
    materialized = target;
    return target;
  }

  /** Copies every file into a fresh folder next to {@code target}, then renames it into place. */
  private void materialize(Path target) {
    Path temp = target.resolveSibling(name + ".tmp-" + UUID.randomUUID());
    try {
      for (Map.Entry<String, FileRef> e : files().entrySet()) {
        e.getValue().copyTo(temp.resolve(e.getKey()));
      }
      Files.createDirectories(temp);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target);
      }
    } catch (FileAlreadyExistsException e) {
      deleteTree(temp); // another thread or process made the same copy first
    } catch (IOException e) {
      deleteTree(temp);
      if (!Files.isDirectory(target)) {
        throw new UncheckedIOException("cannot copy " + this + " to " + target + ": " + e.getMessage(), e);
      }
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a leftover temporary folder is harmless
    }
  }

  /** Uploads every file and then the manifest to {@code target}; binds this handle to it. */
  void upload(ArtifactStore target, Path targetDirectory) {
    Manifest m = manifest();
    for (FileRef f : m.files().values()) {
      f.upload(target, targetDirectory);
    }
    if (store != target) {
      Blobs.put(target, m.json());
      localDirectory = targetDirectory;
      store = target;
    }
  }

  /** Records the blobs a reference to this directory depends on: the manifest and every file. */
  void referenceAll(ArtifactContext context) {
    context.referenced(sha256());
    for (FileRef f : files().values()) {
      context.referenced(f.sha256());
    }
  }

  private Manifest manifest() {
    Manifest m = manifest;
    if (m == null) {
      synchronized (this) {
        m = manifest;
        if (m == null) {
          m = load();
          manifest = m;
          sha256 = m.sha256();
          size = m.size();
        }
      }
    }
    return m;
  }

  private Manifest load() {
    if (local != null) {
      return Manifest.scan(local);
    }
    ArtifactStore s = store;
    if (s == null) {
      throw unreadable();
    }
    try (InputStream in = s.get(Blobs.key(sha256))) {
      return Manifest.parse(in.readAllBytes(), sha256, s, localDirectory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest of " + this + ": " + e.getMessage(), e);
    }
  }

  private IllegalStateException unreadable() {
    return new IllegalStateException(
        "DirRef '" + name + "' was decoded without a store, so its files cannot be read. Fix: decode"
            + " values with TaskIo, or pass an ArtifactContext with the store to your ObjectReader");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DirRef d && name.equals(d.name) && sha256().equals(d.sha256());
  }

  @Override
  public int hashCode() {
    return sha256().hashCode();
  }

  @Override
  public String toString() {
    String h = sha256;
    return "DirRef[" + name + ", " + (h != null ? "sha256:" + h.substring(0, 12) : String.valueOf(local)) + "]";
  }

}
