package dev.sluice.core.spi;

import java.net.URI;
import java.util.Map;

/**
 * Opens an {@link ArtifactStore} for a URI scheme ({@code s3}, …), found with {@link
 * java.util.ServiceLoader}. This is how a task runner in a pod or a Ray job opens the engine's store
 * from {@code SLUICE_STORE_URI} and the standard environment variables.
 */
public interface ArtifactStoreProvider {

  /** The URI scheme this provider opens, e.g. {@code s3}. */
  String scheme();

  /**
   * Opens the store rooted at {@code root} (e.g. {@code s3://bucket/prefix/}), taking endpoint and
   * credentials from {@code environment} (normally {@link System#getenv()}).
   */
  ArtifactStore open(URI root, Map<String, String> environment);
}
