package dev.sluice.models.internal.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sluice.core.spi.StoreException;
import java.io.IOException;
import java.io.InputStream;

/** The JSON the store-backed registry writes: records as they are, times as ISO-8601 text. */
final class RegistryJson {
  static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new Jdk8Module())
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private RegistryJson() {}

  static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  static <T> T read(InputStream in, Class<T> type, String where) {
    try (in) {
      return JSON.readValue(in, type);
    } catch (IOException e) {
      throw new StoreException("model registry record " + where + " is corrupt (" + e.getMessage()
          + "); restore it from a backup or delete it", e);
    }
  }
}
