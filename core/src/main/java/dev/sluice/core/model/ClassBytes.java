package dev.sluice.core.model;

import com.google.common.io.ByteStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a class's {@code .class} file from its class loader, to hash a body's code. */
final class ClassBytes {
  private ClassBytes() {}

  /** The bytes of class {@code name} as {@code loader} finds them; null if there is no such file. */
  static byte[] read(String name, ClassLoader loader) {
    String resource = name.replace('.', '/') + ".class";
    try (InputStream in =
        loader != null ? loader.getResourceAsStream(resource) : ClassLoader.getSystemResourceAsStream(resource)) {
      return in == null ? null : ByteStreams.toByteArray(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + " to identify a task's code", e);
    }
  }
}
