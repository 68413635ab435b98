package dev.sluice.core.artifact;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.google.common.hash.Hashing;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

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
@JsonSerialize(using = ArtifactJson.HandleSerializer.class)
@JsonDeserialize(using = ArtifactJson.FileDeserializer.class)
public final class FileRef extends ArtifactHandle {

  private FileRef(String name, Path local, URI uri, String sha256, long size, ArtifactStore store, Path directory) {
    super("file", name, local, uri, sha256, size, store, directory);
  }

  /** A handle to a local file (it must exist and be a regular file); hashed and uploaded later. */
  public static FileRef of(Path file) {
    Path abs = existing(file, false);
    return new FileRef(abs.getFileName().toString(), abs, null, null, -1, null, null);
  }

  /** A handle to a blob already in {@code store} (how decoded references are bound). */
  static FileRef stored(String name, String sha256, long size, ArtifactStore store, Path localDirectory, URI uri) {
    return new FileRef(name, null, uri, sha256, size, store, localDirectory);
  }

  /** Lower-case hex SHA-256 of the content (reads a local file once to compute it). */
  @Override
  public String sha256() {
    String h = sha256;
    if (h == null) {
      hashLocal();
      h = sha256;
    }
    return h;
  }

  /** Length in bytes. */
  @Override
  public long size() {
    if (size < 0) {
      hashLocal();
    }
    return size;
  }

  /**
   * Opens the content for reading; the caller closes the stream. Content read from the store is
   * checked against its SHA-256 as it is read: reading to the end of a blob that was changed or
   * damaged in the store throws an {@link IOException} saying it is corrupt.
   *
   * @throws ObjectNotFoundException if the blob is no longer in the store (deleted or pruned)
   */
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
    String key = Blobs.key(sha256());
    try {
      return Blobs.verified(s.get(key), sha256(), s.uri(key));
    } catch (ObjectNotFoundException e) {
      throw new ObjectNotFoundException(
          this + ": its blob " + sha256() + " is no longer in " + s.root() + " (deleted, or pruned with its run);"
              + " produce it again: run the task again, or engine.recover(runId) for a journaled run");
    }
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
    Path target = copyLocation();
    copyTo(target);
    materialized = target;
    return target;
  }

  /** Writes the content to {@code target} (replacing it), checking its hash; returns {@code target}. */
  public Path copyTo(Path target) {
    try {
      if (Files.isRegularFile(target) && Files.size(target) == size() && hashOf(target).equals(sha256())) {
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

  private static String hashOf(Path file) throws IOException {
    return com.google.common.io.Files.asByteSource(file.toFile()).hash(Hashing.sha256()).toString();
  }

  /**
   * Makes sure the blob is in {@code target} (uploading the local file, or copying from the store
   * it was decoded from, unless the blob is there already) and binds this handle to it.
   */
  @Override
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
    bind(target, targetDirectory);
  }

  @Override
  void referenceAll(ArtifactContext context) {
    context.referenced(sha256());
  }

  private synchronized void hashLocal() {
    if (sha256 != null && size >= 0) {
      return;
    }
    if (local == null) {
      throw unreadable();
    }
    try {
      String hash = hashOf(local);
      size = Files.size(local);
      sha256 = hash;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + local + " to hash it: " + e.getMessage(), e);
    }
  }
}
