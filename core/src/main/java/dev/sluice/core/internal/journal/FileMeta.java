package dev.sluice.core.internal.journal;

import dev.sluice.core.internal.store.FilesystemArtifactStore;
import dev.sluice.core.spi.ObjectPage;
import dev.sluice.core.spi.StoreException;
import dev.sluice.core.spi.StoredObject;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link MetaStore} objects as plain files under the filesystem run store's folder, at the paths
 * the filesystem artifact store would give their keys. A write goes to a temporary file in the
 * object's own folder ({@code .tmp-<writer>-<n>.part}, never taken for a claim or an entry) and is
 * renamed over the object: atomic for readers, and a rename within one folder, which does not take
 * the file system's lock for moves between folders. Unlike an artifact-store put it records no
 * SHA-256 (these objects are tiny, rewritten often, and either derived from the journals or read
 * whole and parsed), so a write is an open, a write, a close and a rename. Like the rest of the
 * run index and the leases, nothing is forced to disk (see docs/durability.md).
 */
final class FileMeta implements MetaStore {
  private static final String TEMP = ".tmp-";
  private static final String PART = ".part";
  /** How often a write is tried when its folder vanishes under it (a prune removing emptied folders). */
  private static final int TRIES = 5;

  private final Path root;
  private final FilesystemArtifactStore store;
  private final String writer = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  private final AtomicLong written = new AtomicLong();
  /** The empty file new empty objects are linked to ({@link #touch}); null before the first. */
  private volatile Path emptySource;
  /** Whether this file system makes hard links (false after a link failed for another reason than their number). */
  private volatile boolean links = true;

  /** Over {@code store}'s folder (listings of nested keys go through it, without hashes). */
  FileMeta(Path root, FilesystemArtifactStore store) {
    this.root = root.toAbsolutePath().normalize();
    this.store = store;
  }

  private Path file(String key) {
    return root.resolve(key);
  }

  /** Whether a name in a folder is one of our temporary files. */
  static boolean isTemp(String name) {
    return name.startsWith(TEMP) && name.endsWith(PART);
  }

  @Override
  public Optional<byte[]> read(String key) {
    Path f = file(key);
    try {
      return Optional.of(Files.readAllBytes(f));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (Files.isDirectory(f)) {
        return Optional.empty(); // a folder is no object, as in the artifact store
      }
      throw new StoreException("reading " + f + " failed: " + e, e);
    }
  }

  @Override
  public void write(String key, byte[] data) {
    Path target = file(key);
    Path temp = target.resolveSibling(TEMP + writer + "-" + written.incrementAndGet() + PART);
    try {
      for (int tries = 1; ; tries++) {
        try {
          writeNew(temp, data);
          break;
        } catch (NoSuchFileException e) {
          if (tries == TRIES) {
            throw e;
          }
          mkdirs(target.getParent()); // new, or pruned when it was emptied
        }
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new StoreException("writing " + target + " failed: " + e, e);
    }
  }

  @Override
  public boolean canCreateAlone() {
    return true;
  }

  /**
   * The folder is prepared under a temporary name beside it ({@code .tmp-<writer>-<n>.part}, with the
   * object inside) and renamed to its name: {@code rename} replaces a missing or empty folder
   * atomically and fails on one holding anything (the kernel checks that under the folder's lock, so
   * a file created in it concurrently either lands first, and the rename fails, or finds the old
   * folder gone and is created in the new one by its writer's retry). A failed rename removes the
   * prepared folder again.
   */
  @Override
  public boolean createAlone(String folder, String name, byte[] data) {
    Path target = file(folder);
    Path temp = target.resolveSibling(TEMP + writer + "-" + written.incrementAndGet() + PART);
    Path inside = temp.resolve(name);
    try {
      if (!temp.toFile().mkdir()) { // a new run's folder is missing: made here, without an exception thrown
        mkdirs(target.getParent());
        Files.createDirectory(temp); // or the reason it cannot be made
      }
      writeNew(inside, data);
    } catch (IOException e) {
      removeQuietly(inside, temp);
      throw new StoreException("writing " + target.resolve(name) + " failed: " + e, e);
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException occupied) { // not empty (or not a folder, or no rename of folders here): the general way
      removeQuietly(inside, temp);
      return false;
    }
  }

  /** Creates the file (it must not exist) with {@code data} in it. */
  private static void writeNew(Path file, byte[] data) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(data);
      while (b.hasRemaining()) {
        ch.write(b);
      }
    }
  }

  private static void removeQuietly(Path... paths) {
    for (Path p : paths) {
      p.toFile().delete(); // what is left is a temporary name, never read as an object; pruned with its run
    }
  }

  /**
   * An empty object is a hard link to the empty file of the last key made this way (no inode of its
   * own: on ext4 each new inode costs a search of the inode bitmap past every inode freed in the
   * last minutes, the largest single file-system cost of a run), or a new empty file when there is
   * none yet, that file is gone (pruned), it has as many links as the file system allows, or the
   * file system has no hard links. A reader sees an empty file either way; nothing ever writes
   * into an empty object (a write replaces it by a rename), and deleting one removes only its link.
   */
  @Override
  public void touch(String key) {
    Path f = file(key);
    try {
      Path source = emptySource;
      if (links && source != null && link(source, f)) {
        return;
      }
      createEmpty(f);
      if (links) {
        emptySource = f;
      }
    } catch (IOException e) {
      throw new StoreException("creating " + f + " failed: " + e, e);
    }
  }

  /**
   * Links {@code f} to the empty file {@code source}; false if that cannot be done (the caller
   * creates {@code f} as a file of its own). A key that exists already is left as it is.
   */
  private boolean link(Path source, Path f) throws IOException {
    for (int tries = 1; tries <= 2; tries++) {
      try {
        Files.createLink(f, source);
        return true;
      } catch (FileAlreadyExistsException exists) {
        return true;
      } catch (NoSuchFileException e) {
        if (tries == 2 || !Files.exists(source)) {
          return false; // the source was pruned: a new empty file becomes the source
        }
        mkdirs(f.getParent()); // a new hour folder
      } catch (IOException | UnsupportedOperationException e) {
        // too many links ("Too many links"), or no hard links here: a new empty file becomes the
        // source, unless links fail for another reason (then every empty object is its own file)
        links = e.getMessage() != null && e.getMessage().contains("Too many links");
        return false;
      }
    }
    return false;
  }

  private void createEmpty(Path f) throws IOException {
    for (int tries = 1; ; tries++) {
      try {
        FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
        return;
      } catch (NoSuchFileException e) {
        if (tries == TRIES) {
          throw e;
        }
        mkdirs(f.getParent());
      }
    }
  }

  /**
   * Creates a folder and its missing parents: {@link Files#createDirectories} with one {@code mkdir}
   * per missing folder and no probing of those that exist (it throws and catches twice per level).
   */
  private void mkdirs(Path dir) throws IOException {
    try {
      Files.createDirectory(dir);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    } catch (NoSuchFileException e) {
      if (dir.equals(root) || !dir.startsWith(root)) {
        Files.createDirectories(dir);
        return;
      }
      mkdirs(dir.getParent());
      try {
        Files.createDirectory(dir);
      } catch (FileAlreadyExistsException raced) {
        // created meanwhile by another writer
      }
    }
  }

  @Override
  public boolean exists(String key) {
    return Files.isRegularFile(file(key));
  }

  /**
   * One {@code unlink} ({@link File#delete}); {@link Files#deleteIfExists} would {@code stat} the
   * file first, to choose between {@code unlink} and {@code rmdir}.
   */
  @Override
  public boolean delete(String key) {
    Path f = file(key);
    if (f.toFile().delete()) {
      return true;
    }
    try {
      return Files.deleteIfExists(f); // gone (false), or the reason it cannot be deleted
    } catch (IOException e) {
      throw new StoreException("deleting " + f + " failed: " + e, e);
    }
  }

  @Override
  public void deleteWithFolder(String key) {
    delete(key);
    Path folder = file(key).getParent();
    try {
      Files.delete(folder);
    } catch (IOException notEmptyOrGone) {
      // another object is in it, or it is gone already
    }
  }

  /**
   * The folder's names through {@link File#list} ({@code opendir}, {@code readdir}, {@code
   * closedir}: half the system calls of a {@link Files#newDirectoryStream}, which duplicates the
   * descriptor and sets its flags); the stream only tells why a folder cannot be read.
   */
  @Override
  public List<String> names(String folder) {
    Path dir = file(folder);
    File asFile = dir.toFile();
    String[] listed = asFile.list();
    if (listed == null) {
      // missing (a new run's lease folder): no names, without the exception the stream would throw
      return asFile.exists() ? namesWhyNot(dir) : List.of();
    }
    List<String> names = new ArrayList<>(listed.length);
    for (String name : listed) {
      if (!isTemp(name)) {
        names.add(name);
      }
    }
    return names;
  }

  /** A folder {@link File#list} could not read: none if missing (or not a folder), else the error. */
  private static List<String> namesWhyNot(Path dir) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      List<String> names = new ArrayList<>();
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!isTemp(name)) {
          names.add(name);
        }
      }
      return names; // created between the two looks
    } catch (NoSuchFileException | NotDirectoryException none) {
      return List.of();
    } catch (IOException e) {
      throw new StoreException("listing " + dir + " failed: " + e, e);
    }
  }

  @Override
  public KeyPage keys(String folder, Optional<String> token, int limit) {
    ObjectPage page = store.list(folder, token, limit, false);
    List<String> keys = new ArrayList<>(page.objects().size());
    for (StoredObject o : page.objects()) {
      if (!isTemp(o.key().substring(o.key().lastIndexOf('/') + 1))) {
        keys.add(o.key());
      }
    }
    return new KeyPage(keys, page.nextPageToken());
  }

  @Override
  public String where(String key) {
    return file(key).toString();
  }
}
