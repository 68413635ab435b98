package dev.sluice.core.artifact;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.google.common.hash.HashCode;
import com.google.common.hash.Hashing;
import dev.sluice.core.spi.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file a task returns or receives, like Flyte's {@code FlyteFile}. A task returns {@code
 * FileRef.of(path)}; after the task the engine uploads the file once to its store as a
 * content-addressed blob (the same content is never uploaded twice). A downstream task, here or on
 * a remote executor, receives a handle that reads the blob lazily: {@link #open()} streams it,
 * {@link #path()} copies it to a local file the first time it is asked.
 *
 * <pre>{@code
 * record Dataset(FileRef csv, int rows) {}
 *
 * static final Task1<Params, Dataset> load = Task.named("load").of(p -> {
 *   Path csv = Files.createTempFile("data", ".csv");
 *   int rows = Data.write(csv, p);
 *   return new Dataset(FileRef.of(csv), rows);
 * });
 * static final Task1<Dataset, Long> count = Task.named("count").of(d -> {
 *   try (Stream<String> lines = Files.lines(d.csv().path())) { return lines.count(); }
 * });
 * }</pre>
 *
 * <p>In JSON (remote inputs and outputs, cache entries) a file is a reference: {@code
 * {"@sluice":"file","name":"data.csv","sha256":"…","size":1234,"uri":"s3://…"}}. Two handles are
 * equal when their names and contents are. Thread-safe.
 */
@JsonSerialize(using = ArtifactJson.FileSerializer.class)
@JsonDeserialize(using = ArtifactJson.FileDeserializer.class)
public final class FileRef {
  private final String name;
  /** The file this handle was made from, or null for a handle decoded from a store. */
  private final Path local;
  /** Where a decoded handle says its blob is (may be null); the store, when known, wins. */
  private final URI sourceUri;
  private volatile String sha256;
  private volatile long size = -1;
  /** The store holding the blob: set once uploaded, or when decoded. */
  private volatile ArtifactStore store;
  private volatile Path localDirectory;
  private volatile Path materialized;

  private FileRef(String name, Path local, URI sourceUri, String sha256, long size) {
    this.name = name;
    this.local = local;
    this.sourceUri = sourceUri;
    this.sha256 = sha256;
    this.size = size;
  }

  /** A handle to a local file (it must exist and be a regular file); hashed and uploaded later. */
  public static FileRef of(Path file) {
    Objects.requireNonNull(file, "file");
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "FileRef.of(" + file + "): no such regular file. Fix: write the file before returning it"
              + (Files.isDirectory(file) ? ", or use DirRef.of for a directory" : ""));
    }
    return new FileRef(file.getFileName().toString(), file.toAbsolutePath(), null, null, -1);
  }

  /** A handle to a blob already in {@code store} (how decoded references are bound). */
  static FileRef stored(String name, String sha256, long size, ArtifactStore store, Path localDirectory, URI uri) {
    FileRef ref = new FileRef(name, null, uri, sha256, size);
    ref.store = store;
    ref.localDirectory = localDirectory;
    return ref;
  }

  /** The file's name, without folders (e.g. {@code data.csv}). */
  public String name() {
    return name;
  }

  /** Lower-case hex SHA-256 of the content (reads a local file once to compute it). */
  public String sha256() {
    String h = sha256;
    if (h == null) {
      hashLocal();
      h = sha256;
    }
    return h;
  }

  /** Length in bytes. */
  public long size() {
    if (size < 0) {
      hashLocal();
    }
    return size;
  }

  /** Where the content is: the blob's URI in the store once uploaded, else the local file's. */
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

  /** Opens the content for reading; the caller closes the stream. */
  public InputStream open() {
    try {
      if (local != null && Files.isRegularFile(local)) {
        return Files.newInputStream(local);
      }
      Path copy = materialized;
      if (copy != null && Files.isRegularFile(copy)) {
        return Files.newInputStream(copy);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + this + ": " + e.getMessage(), e);
    }
    ArtifactStore s = store;
    if (s == null) {
      throw unreadable();
    }
    return s.get(Blobs.key(sha256()));
  }

  /**
   * A local file with the content: the original file for a handle made here, otherwise a copy
   * made (and checked against the hash) on the first call, under the engine's artifact folder, named
   * {@code <hash>/<name>}.
   */
  public Path path() {
    if (local != null && Files.isRegularFile(local)) {
      return local;
    }
    Path copy = materialized;
    if (copy != null && Files.isRegularFile(copy)) {
      return copy;
    }
    String hash = sha256();
    Path dir = localDirectory != null ? localDirectory : ArtifactContext.defaultDirectory();
    Path target = dir.resolve(hash.substring(0, 2)).resolve(hash).resolve(name);
    copyTo(target);
    materialized = target;
    return target;
  }

  /** Writes the content to {@code target} (replacing it), checking its hash; returns {@code target}. */
  public Path copyTo(Path target) {
    try {
      if (Files.isRegularFile(target) && Files.size(target) == size() && sameHash(target)) {
        return target;
      }
      try (InputStream in = open()) {
        Blobs.writeVerified(in, target, sha256());
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + this + " to " + target + ": " + e.getMessage(), e);
    }
  }

  private boolean sameHash(Path file) throws IOException {
    return com.google.common.io.Files.asByteSource(file.toFile()).hash(Hashing.sha256()).toString().equals(sha256());
  }

  /**
   * Makes sure the blob is in {@code target} (uploading the local file, or copying from the store
   * it was decoded from, unless the blob is there already) and binds this handle to it.
   */
  void upload(ArtifactStore target, Path targetDirectory) {
    ArtifactStore bound = store;
    if (bound == target) {
      return;
    }
    String hash = sha256();
    if (local != null && Files.isRegularFile(local)) {
      Blobs.putFile(target, local, hash);
    } else if (bound != null) {
      Blobs.copy(bound, target, hash);
    } else {
      throw unreadable();
    }
    localDirectory = targetDirectory;
    store = target;
  }

  private synchronized void hashLocal() {
    if (sha256 != null && size >= 0) {
      return;
    }
    if (local == null) {
      throw unreadable();
    }
    try {
      HashCode hash = com.google.common.io.Files.asByteSource(local.toFile()).hash(Hashing.sha256());
      size = Files.size(local);
      sha256 = hash.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + local + " to hash it: " + e.getMessage(), e);
    }
  }

  private IllegalStateException unreadable() {
    return new IllegalStateException(
        "FileRef '" + name + "' was decoded without a store, so its content cannot be read. Fix: decode"
            + " values with TaskIo, or pass an ArtifactContext with the store to your ObjectReader");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileRef f && name.equals(f.name) && sha256().equals(f.sha256());
  }

  @Override
  public int hashCode() {
    return sha256().hashCode();
  }

  @Override
  public String toString() {
    String h = sha256;
    return "FileRef[" + name + ", " + (h != null ? "sha256:" + h.substring(0, 12) : String.valueOf(local)) + "]";
  }
}
