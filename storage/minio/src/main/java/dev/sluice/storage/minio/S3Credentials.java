package dev.sluice.storage.minio;

import java.util.Objects;
import java.util.Optional;

/**
 * The keys a store signs its requests with. The secret (and session token) never appear in {@link
 * #toString()}, in messages or in logs.
 *
 * @param accessKey the access key id ({@code AWS_ACCESS_KEY_ID}); not a secret, named in errors
 * @param secretKey the secret access key ({@code AWS_SECRET_ACCESS_KEY})
 * @param sessionToken a session token for temporary credentials ({@code AWS_SESSION_TOKEN})
 */
public record S3Credentials(String accessKey, String secretKey, Optional<String> sessionToken) {
  public S3Credentials {
    if (accessKey == null || accessKey.isBlank()) {
      throw new IllegalArgumentException("S3 access key must not be empty");
    }
    if (secretKey == null || secretKey.isEmpty()) {
      throw new IllegalArgumentException("S3 secret key for access key '" + accessKey
          + "' must not be empty");
    }
    Objects.requireNonNull(sessionToken, "sessionToken");
  }

  /** Static keys without a session token. */
  public static S3Credentials of(String accessKey, String secretKey) {
    return new S3Credentials(accessKey, secretKey, Optional.empty());
  }

  @Override
  public String toString() {
    return "S3Credentials[accessKey=" + accessKey + ", secretKey=****"
        + (sessionToken.isPresent() ? ", sessionToken=****" : "") + "]";
  }
}
