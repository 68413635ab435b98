package dev.sluice.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The console's own files, from {@code dev/sluice/console/web/} in this jar. */
final class Resources {
  static final String BASE = "dev/sluice/console/web/";

  private Resources() {}

  static byte[] bytes(String name) {
    try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(BASE + name)) {
      if (in == null) {
        throw new HttpError(404, "no file " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
