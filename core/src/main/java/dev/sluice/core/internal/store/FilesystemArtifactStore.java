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
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An {@link ArtifactStore} in a local folder. A put streams into a temporary file under {@code
 * .sluice/tmp/}, records the content's SHA-256 on that file (an extended attribute, see {@link
 * HashAttribute}) and renames it over the target atomically: the hash travels with the file, so
 * concurrent writers of one key never leave a torn file or a hash of another writer's content.
 */
public final class FilesystemArtifactStore implements ArtifactStore {
  private final Path root;
  private final Path tmp;
  private final URI rootUri;
  private final HashAttribute hashes;

  public FilesystemArtifactStore(Path root) {
    Objects.requireNonNull(root, "root");
    this.root = root.toAbsolutePath().normalize();
    this.tmp = this.root.resolve(StoreKey.RESERVED).resolve("tmp");
    try {
      Files.createDirectories(tmp);
    } catch (IOException e) {
      throw new StoreException(
          "cannot create the store folder " + this.root + ": " + e + ". Fix: choose a writable folder",
          e);
    }
    this.rootUri = this.root.toUri();
    this.hashes = HashAttribute.probe(tmp);
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
    Path temp = tmp.resolve(UUID.randomUUID().toString());
    boolean moved = false;
    try {
      Sha256 hashed = new Sha256(data);
      try (OutputStream out = Files.newOutputStream(temp)) {
        hashed.transferTo(out);
      }
      String hash = hashed.hex();
      BasicFileAttributes written = Files.readAttributes(temp, BasicFileAttributes.class);
      hashes.write(temp, hash, written);
      moveInto(key, temp, target);
      moved = true;
      return new StoredObject(
          key, hashed.count(), Optional.of(hash), written.lastModifiedTime().toInstant());
    } catch (IOException e) {
      throw new StoreException("writing '" + key + "' to " + target + " failed: " + e, e);
    } finally {
      try {
        if (!moved) { // a moved temp file is gone: no unlink per put
          Files.deleteIfExists(temp);
        }
      } catch (IOException ignored) {
        // best effort: a leftover temp file is harmless and never listed
      }
    }
  }

  /** Moves into place; a concurrent delete may prune the parent folder between mkdir and move. */
  private void moveInto(String key, Path from, Path to) throws IOException {
    for (int tries = 0; ; tries++) {
      try {
        Files.createDirectories(to.getParent());
        move(from, to);
        return;
      } catch (NoSuchFileException e) {
        if (tries == 3 || !Files.exists(from)) {
          throw e;
        }
      } catch (FileSystemException e) {
        throw new StoreException(
            "cannot write '" + key + "' in " + this + ": " + e.getMessage() + ". A folder cannot"
                + " hold both an object 'a' and objects under 'a/'; choose keys that do not nest",
            e);
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

  @Override
  public InputStream get(String key) {
    Path f = file(key);
    try {
      if (Files.isDirectory(f)) {
        throw notFound(key);
      }
      return Files.newInputStream(f);
    } catch (NoSuchFileException e) {
      throw notFound(key);
    } catch (IOException e) {
      throw new StoreException("reading '" + key + "' from " + f + " failed: " + e, e);
    }
  }

  private ObjectNotFoundException notFound(String key) {
    return new ObjectNotFoundException("no object '" + key + "' in " + this);
  }

  @Override
  public Optional<StoredObject> stat(String key) {
    Path f = file(key);
    try {
      return Optional.ofNullable(stat(key, f, Files.readAttributes(f, BasicFileAttributes.class)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StoreException("reading the attributes of '" + key + "' at " + f + " failed: " + e, e);
    }
  }

  /** What the store knows of a file, or null if it is no object (a folder, or gone meanwhile). */
  private StoredObject stat(String key, Path f, BasicFileAttributes attrs) throws IOException {
    if (!attrs.isRegularFile()) {
      return null;
    }
    try {
      String hash = hashes.read(f, attrs);
      return new StoredObject(key, attrs.size(), Optional.of(hash), attrs.lastModifiedTime().toInstant());
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  @Override
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize) {
    return list(prefix, pageToken, pageSize, true);
  }

  /**
   * {@link #list}, the objects' SHA-256 left out when {@code hashes} is false: no extended attribute
   * is read and no file hashed, only the folders and each listed file's attributes.
   */
  public ObjectPage list(String prefix, Optional<String> pageToken, int pageSize, boolean hashes) {
    StoreKey.checkPrefix(prefix);
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
    }
    int slash = prefix.lastIndexOf('/');
    String base = prefix.substring(0, slash + 1);
    List<StoredObject> page = new ArrayList<>();
    try {
      collect(root.resolve(base), base, prefix.substring(slash + 1), pageToken, pageSize + 1, hashes, page);
    } catch (IOException e) {
      throw new StoreException("listing '" + prefix + "' in " + this + " failed: " + e, e);
    }
    if (page.size() <= pageSize) {
      return new ObjectPage(page, Optional.empty());
    }
    page.remove(pageSize);
    return new ObjectPage(page, Optional.of(page.get(pageSize - 1).key()));
  }

  /**
   * Adds to {@code out}, in key order, up to {@code limit} objects in {@code dir} (whose keys start
   * with {@code base}) whose names start with {@code start} and whose keys sort after {@code after}.
   * Walks folders in key order and skips those wholly before {@code after}, so a page costs one
   * directory read per level, not a walk of the whole tree.
   */
  private void collect(Path dir, String base, String start, Optional<String> after, int limit, boolean hashes,
      List<StoredObject> out) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        String folder = base + name + "/";
        if (name.startsWith(start) && !(base.isEmpty() && name.equals(StoreKey.RESERVED))
            && (after.isEmpty() || folder.compareTo(after.get()) > 0 || after.get().startsWith(folder))) {
          names.add(name);
        }
      }
    } catch (NoSuchFileException | NotDirectoryException gone) {
      return;
    }
    names.sort(keyOrder(dir));
    for (int i = 0; i < names.size() && out.size() < limit; i++) {
      String key = base + names.get(i);
      Path path = dir.resolve(names.get(i));
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(path, BasicFileAttributes.class);
      } catch (NoSuchFileException gone) {
        continue;
      }
      if (attrs.isDirectory()) {
        collect(path, key + "/", "", after, limit, hashes, out);
      } else if (after.isEmpty() || key.compareTo(after.get()) > 0) {
        StoredObject object = hashes ? stat(key, path, attrs)
            : attrs.isRegularFile() ? new StoredObject(key, attrs.size(), Optional.empty(), attrs.lastModifiedTime().toInstant())
            : null;
        if (object != null) {
          out.add(object);
        }
      }
    }
  }

  /**
   * Sibling names in the order of the keys they hold: a folder {@code d} stands for {@code d/…}. Only
   * when one name starts with the other can that differ from name order ({@code r-1.json} sorts
   * before the folder {@code r-1}), so only then is the shorter one looked at on disk.
   */
  private static Comparator<String> keyOrder(Path dir) {
    Map<String, Boolean> folders = new HashMap<>();
    return (a, b) -> {
      if (b.startsWith(a) && !a.equals(b)) {
        return folders.computeIfAbsent(a, n -> Files.isDirectory(dir.resolve(n))) ? (a + "/").compareTo(b) : -1;
      }
      if (a.startsWith(b) && !a.equals(b)) {
        return folders.computeIfAbsent(b, n -> Files.isDirectory(dir.resolve(n))) ? a.compareTo(b + "/") : 1;
      }
      return a.compareTo(b);
    };
  }

  @Override
  public boolean delete(String key) {
    Path f = file(key);
    try {
      if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
        return false;
      }
      boolean existed = Files.deleteIfExists(f);
      pruneEmptyParents(f.getParent());
      return existed;
    } catch (IOException e) {
      throw new StoreException("deleting '" + key + "' at " + f + " failed: " + e, e);
    }
  }

  private void pruneEmptyParents(Path dir) {
    while (dir != null && dir.startsWith(root) && !dir.equals(root)) {
      try {
        Files.delete(dir);
      } catch (IOException notEmptyOrGone) {
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
