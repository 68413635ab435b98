package dev.sluice.core.artifact;

import dev.sluice.core.spi.ArtifactStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link FileRef} and {@link DirRef} share: a name, a local path (for a handle made here) or a
 * store (for one uploaded or decoded), a content hash, and where local copies go.
 */
abstract class ArtifactHandle {
  private final String kind;
  private final String name;
  /** The file or folder this handle was made from, or null for a handle decoded from a store. */
  final Path local;
  /** Where a decoded handle says its blob is (may be null); the store, when known, wins. */
  private final URI sourceUri;
  volatile String sha256;
  volatile long size;
  /** The store holding the blob: set once uploaded, or when decoded. */
  volatile ArtifactStore store;
  volatile Path localDirectory;
  volatile Path materialized;

  ArtifactHandle(
      String kind, String name, Path local, URI sourceUri, String sha256, long size, ArtifactStore store, Path directory) {
    this.kind = kind;
    this.name = name;
    this.local = local;
    this.sourceUri = sourceUri;
    this.sha256 = sha256;
    this.size = size;
    this.store = store;
    this.localDirectory = directory;
  }

  /** {@code path}, absolute, if it is a regular file (or a directory); else the error says which factory fits. */
  static Path existing(Path path, boolean directory) {
    Objects.requireNonNull(path, "path");
    if (directory ? Files.isDirectory(path) : Files.isRegularFile(path)) {
      return path.toAbsolutePath();
    }
    String factory = directory ? "DirRef.of" : "FileRef.of";
    String other = directory ? "FileRef.of for a single file" : "DirRef.of for a directory";
    boolean otherKind = directory ? Files.isRegularFile(path) : Files.isDirectory(path);
    throw new IllegalArgumentException(
        factory + "(" + path + "): no such " + (directory ? "directory" : "regular file") + ". Fix: "
            + (directory ? "create it" : "write the file") + " before returning it"
            + (otherKind ? ", or use " + other : ""));
  }

  /** {@code file} or {@code dir}, as in the JSON reference. */
  final String kind() {
    return kind;
  }

  /** The file's or directory's name, without folders (e.g. {@code data.csv}). */
  public String name() {
    return name;
  }

  /** Lower-case hex SHA-256 of the content (of the manifest, for a directory). */
  public abstract String sha256();

  /** Length in bytes (of all files, for a directory). */
  public abstract long size();

  /** Makes sure the content is in {@code target} and binds this handle to it. */
  abstract void upload(ArtifactStore target, Path targetDirectory);

  /** Records in {@code context} every blob a reference to this handle depends on. */
  abstract void referenceAll(ArtifactContext context);

  /** Where the content is: its blob's URI in the store once uploaded, else the local file or folder's. */
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

  /** Whether {@link #uri()} can tell where the content is. */
  final boolean readable() {
    return store != null || local != null || sourceUri != null;
  }

  /** Binds this handle to the store its blob is in. */
  final void bind(ArtifactStore target, Path targetDirectory) {
    localDirectory = targetDirectory;
    store = target;
  }

  /** Where a local copy goes: {@code <artifact folder>/<xx>/<hash>/<name>}. */
  final Path copyLocation() {
    String hash = sha256();
    Path dir = localDirectory != null ? localDirectory : ArtifactContext.defaultDirectory();
    return dir.resolve(hash.substring(0, 2)).resolve(hash).resolve(name);
  }

  final IllegalStateException unreadable() {
    String what = kind.equals("file") ? "FileRef" : "DirRef";
    return new IllegalStateException(
        what + " '" + name + "' was decoded without a store, so its content cannot be read. Fix: decode"
            + " values with TaskIo, or pass an ArtifactContext with the store to your ObjectReader");
  }

  @Override
  public final boolean equals(Object o) {
    return o instanceof ArtifactHandle a && a.getClass() == getClass() && name.equals(a.name) && sha256().equals(a.sha256());
  }

  @Override
  public final int hashCode() {
    return sha256().hashCode();
  }

  @Override
  public final String toString() {
    String h = sha256;
    return getClass().getSimpleName() + "[" + name + ", " + (h != null ? "sha256:" + h.substring(0, 12) : String.valueOf(local)) + "]";
  }
}
