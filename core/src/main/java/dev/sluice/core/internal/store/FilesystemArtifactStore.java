package dev.sluice.core.internal.store;

import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.ObjectNotFoundException;
import dev.sluice.core.spi.ObjectPage;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoreKey;
import dev.sluice.core.spi.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * An {@link ArtifactStore} in a local folder. A put streams into a temporary file under {@code
 * .sluice/tmp/}, then renames it over the target atomically, so concurrent writers of one key never
 * leave a torn file. The SHA-256 of each object is kept in a sidecar under {@code .sluice/sha256/}
 * tagged with the data file's identity; a sidecar that does not match the file (another writer won
 * the race, a tool replaced the file) is ignored and the hash recomputed.
 */
public final class FilesystemArtifactStore implements ArtifactStore {
  private static final String META = ".sluice";

  private final Path root;
  private final Path tmp;
  private final Path hashes;
  private final URI rootUri;

  public FilesystemArtifactStore(Path root) {
    Objects.requireNonNull(root, "root");
    this.root = root.toAbsolutePath().normalize();
    this.tmp = this.root.resolve(META).resolve("tmp");
    this.hashes = this.root.resolve(META).resolve("sha256");
    try {
      Files.createDirectories(tmp);
      Files.createDirectories(hashes);
    } catch (IOException e) {
      throw new StoreException(
          "cannot create the store folder " + this.root + ": " + e + ". Fix: choose a writable folder",
          e);
    }
    this.rootUri = this.root.toUri();
  }

  @Override
  public URI root() {
    return rootUri;
  }

  private Path file(String key) {
    return root.resolve(StoreKey.check(key));
  }

  @Override
  public StoredObject put(String key, InputStream data) {
    Path target = file(key);
    if (key.equals(META) || key.startsWith(META + "/")) {
      throw new IllegalArgumentException("store key '" + key + "' is reserved for the store itself");
    }
    Path temp = tmp.resolve(UUID.randomUUID().toString());
    try {
      Sha256 hashed = new Sha256(data);
      try (OutputStream out = Files.newOutputStream(temp)) {
        hashed.transferTo(out);
      }
      Object identity = identity(temp);
      moveInto(temp, target);
      String hash = hashed.hex();
      writeSidecar(key, hash, identity);
      BasicFileAttributes attrs = Files.readAttributes(target, BasicFileAttributes.class);
      return new StoredObject(
          key, hashed.count(), Optional.of(hash), attrs.lastModifiedTime().toInstant());
    } catch (IOException e) {
      throw new StoreException("writing " + target + " failed: " + e, e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort: a leftover temp file is harmless and never listed
      }
    }
  }

  /** Moves into place; a concurrent delete may prune the parent folder between mkdir and move. */
  private static void moveInto(Path from, Path to) throws IOException {
    for (int tries = 0; ; tries++) {
      Files.createDirectories(to.getParent());
      try {
        move(from, to);
        return;
      } catch (NoSuchFileException e) {
        if (tries == 3 || !Files.exists(from)) {
          throw e;
        }
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void writeSidecar(String key, String hash, Object identity) throws IOException {
    Path temp = tmp.resolve(UUID.randomUUID() + ".sha");
    Files.writeString(temp, hash + " " + identity);
    moveInto(temp, hashes.resolve(key));
  }

  private static String identity(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    Object key = a.fileKey();
    return key != null ? key.toString().replace(' ', '_') : "size=" + a.size();
  }

  @Override
  public InputStream get(String key) {
    Path f = file(key);
    try {
      return Files.newInputStream(f);
    } catch (NoSuchFileException e) {
      throw new ObjectNotFoundException("no object at " + f);
    } catch (IOException e) {
      throw new StoreException("reading " + f + " failed: " + e, e);
    }
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    Path f = file(key);
    try {
      BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(new StoredObject(key, a.size(), Optional.of(hash(key, f)),
          a.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("reading the attributes of " + f + " failed: " + e, e);
    }
  }

  private String hash(String key, Path f) throws IOException {
    Path sidecar = hashes.resolve(key);
    try {
      String[] parts = Files.readString(sidecar, StandardCharsets.UTF_8).split(" ", 2);
      if (parts.length == 2 && parts[1].equals(identity(f))) {
        return parts[0];
      }
    } catch (NoSuchFileException e) {
      // no sidecar: the file came from elsewhere; hash it below
    }
    try (Sha256 in = new Sha256(Files.newInputStream(f))) {
      in.transferTo(OutputStream.nullOutputStream());
      return in.hex();
    }
  }

  @Override
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) {
    StoreKey.checkPrefix(prefix);
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
    }
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
    if (!Files.isDirectory(start)) {
      return new ObjectPage(List.of(), Optional.empty());
    }
    List<String> keys;
    try (Stream<Path> walk = Files.walk(start)) {
      keys =
          walk.filter(Files::isRegularFile)
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .filter(k -> k.startsWith(prefix) && !k.startsWith(META + "/"))
              .filter(k -> pageToken.isEmpty() || k.compareTo(pageToken.get()) > 0)
              .sorted()
              .limit(pageSize + 1L)
              .toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new StoreException("listing " + start + " failed: " + e, e);
    }
    List<StoredObject> page = new ArrayList<>(Math.min(keys.size(), pageSize));
    for (String k : keys.subList(0, Math.min(keys.size(), pageSize))) {
      stat(k).ifPresent(page::add);
    }
    Optional<String> next =
        keys.size() > pageSize ? Optional.of(keys.get(pageSize - 1)) : Optional.empty();
    return new ObjectPage(page, next);
  }

  @Override
  public boolean delete(String key) {
    Path f = file(key);
    try {
      boolean existed = Files.deleteIfExists(f);
      Files.deleteIfExists(hashes.resolve(key));
      pruneEmptyParents(f.getParent());
      return existed;
    } catch (IOException e) {
      throw new StoreException("deleting " + f + " failed: " + e, e);
    }
  }

  private void pruneEmptyParents(Path dir) {
    while (dir != null && dir.startsWith(root) && !dir.equals(root)) {
      try {
        Files.delete(dir);
      } catch (DirectoryNotEmptyException | NoSuchFileException | FileAlreadyExistsException e) {
        return;
      } catch (IOException e) {
        return;
      }
      dir = dir.getParent();
    }
  }

  @Override
  public String toString() {
    return "filesystem store " + root;
  }
}
