package dev.sluice.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a store knows of one object.
 *
 * @param key the key under the store's root
 * @param size length in bytes
 * @param sha256 lower-case hex SHA-256 of the content; from {@code put} and {@code stat} present for
 *     every object a Sluice store wrote (possibly empty for objects written by other tools); in a
 *     listing possibly empty where the backend's listing does not carry it (S3: use {@code stat})
 * @param modified when the object was last written
 */
public record StoredObject(String key, long size, Optional<String> sha256, Instant modified) {
  public StoredObject {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(modified, "modified");
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + size + " for " + key);
    }
  }
}
