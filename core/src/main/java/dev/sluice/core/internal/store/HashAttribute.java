package dev.sluice.core.internal.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a file's SHA-256 on the file itself, in the user extended attribute {@code sluice.sha256},
 * with the size and modification time it was computed for. Set on the temporary file before the
 * rename, it moves with the content, so no other writer can pair it with other bytes. Where the file
 * system has no user attributes, or the record does not match the file (a tool edited it), the hash
 * is computed from the content instead.
 */
final class HashAttribute {
  private static final Logger log = LoggerFactory.getLogger(HashAttribute.class);
  private static final String NAME = "sluice.sha256";

  private final boolean supported;

  private HashAttribute(boolean supported) {
    this.supported = supported;
  }

  /** Checks once, on a scratch file in {@code dir}, whether user attributes can be written there. */
  static HashAttribute probe(Path dir) {
    Path probe = dir.resolve("probe-" + System.nanoTime());
    try {
      Files.createFile(probe);
      view(probe).write(NAME, ByteBuffer.wrap(new byte[] {1}));
      return new HashAttribute(true);
    } catch (IOException | UnsupportedOperationException e) {
      log.info("{} has no user extended attributes ({}): stat hashes each file it is asked about",
          dir, e.toString());
      return new HashAttribute(false);
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException ignored) {
        // a leftover probe in the temp folder is harmless
      }
    }
  }

  void write(Path file, String hash, BasicFileAttributes attrs) throws IOException {
    if (supported) {
      view(file).write(NAME, StandardCharsets.US_ASCII.encode(record(hash, attrs)));
    }
  }

  /** The file's SHA-256: the recorded one if it still describes the file, else computed. */
  String read(Path file, BasicFileAttributes attrs) throws IOException {
    if (supported) {
      String recorded = recorded(file);
      if (recorded != null && recorded.endsWith(record("", attrs))) {
        return recorded.substring(0, recorded.indexOf(' '));
      }
    }
    try (Sha256 in = new Sha256(Files.newInputStream(file))) {
      in.transferTo(OutputStream.nullOutputStream());
      return in.hex();
    }
  }

  private static String recorded(Path file) throws IOException {
    UserDefinedFileAttributeView view = view(file);
    try {
      ByteBuffer buf = ByteBuffer.allocate(view.size(NAME));
      view.read(NAME, buf);
      return new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (IOException noAttribute) {
      return null;
    }
  }

  private static String record(String hash, BasicFileAttributes attrs) {
    return hash + " " + attrs.size() + " " + attrs.lastModifiedTime().to(TimeUnit.MICROSECONDS);
  }

  private static UserDefinedFileAttributeView view(Path file) throws IOException {
    UserDefinedFileAttributeView view =
        Files.getFileAttributeView(file, UserDefinedFileAttributeView.class);
    if (view == null) {
      throw new UnsupportedOperationException("no user-defined attribute view");
    }
    return view;
  }
}
