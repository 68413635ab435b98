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
@JsonSerialize(using = ArtifactJson.HandleSerializer.class)
@JsonDeserialize(using = ArtifactJson.DirDeserializer.class)
public final class DirRef extends ArtifactHandle {
  private volatile Manifest manifest;

  private DirRef(String name, Path local, URI uri, String sha256, long size, ArtifactStore store, Path directory) {
    super("dir", name, local, uri, sha256, size, store, directory);
  }

  /** A handle to a local directory; its files are read when it is hashed or uploaded. */
  public static DirRef of(Path dir) {
    Path abs = existing(dir, true);
    return new DirRef(abs.getFileName() == null ? "root" : abs.getFileName().toString(), abs, null, null, -1, null, null);
  }

  static DirRef stored(String name, String sha256, long size, ArtifactStore store, Path localDirectory, URI uri) {
    return new DirRef(name, null, uri, sha256, size, store, localDirectory);
  }

  /** SHA-256 of the manifest: equal for two directories with the same relative paths and contents. */
  @Override
  public String sha256() {
    String h = sha256;
    return h != null ? h : manifest().sha256();
  }

  /** Total bytes of the files. */
  @Override
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
          "directory '" + name() + "' has no file '" + relativePath + "'; it has " + files().keySet());
    }
    return f;
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
    Path target = copyLocation();
    if (!Files.isDirectory(target)) {
      materialize(target);
    }
    materialized = target;
    return target;
  }

  /** Copies every file into a fresh folder next to {@code target}, then renames it into place. */
  private void materialize(Path target) {
    Path temp = target.resolveSibling(name() + ".tmp-" + UUID.randomUUID());
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
  @Override
  void upload(ArtifactStore target, Path targetDirectory) {
    Manifest m = manifest();
    for (FileRef f : m.files().values()) {
      f.upload(target, targetDirectory);
    }
    if (store != target) {
      Blobs.put(target, m.json());
      bind(target, targetDirectory);
    }
  }

  /** The manifest and every file. */
  @Override
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
}
