package dev.sluice.models.deploy;

import dev.sluice.models.internal.serving.LocalServing;
import dev.sluice.models.registry.ModelVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Serves models over HTTP from this JVM, so the whole train → deploy → monitor loop runs on a
 * laptop. It speaks KServe's V1 inference protocol:
 *
 * <ul>
 *   <li>{@code POST /v1/models/<target>:predict} with {@code {"instances": [...]}} answers {@code
 *       {"predictions": [...], "model_name": ..., "model_version": ...}};
 *   <li>{@code GET /v1/models/<target>} answers {@code {"name": ..., "ready": true, "version": ...}}.
 * </ul>
 *
 * Deploying loads the version with the {@link ModelLoader} (off the request threads) and then
 * swaps it in atomically: requests never see a half-loaded model, and a version that fails to
 * load leaves the previous one serving. Binds to 127.0.0.1 unless told otherwise; bodies over 1 MiB
 * are refused (413).
 */
public final class LocalModelServer implements ModelDeployer, AutoCloseable {
  private final LocalServing serving;

  private LocalModelServer(Builder b) {
    this.serving = new LocalServing(b.address, b.loader, b.clock);
  }

  /** A builder; the loader is required. */
  public static Builder builder(ModelLoader loader) {
    return new Builder(loader);
  }

  /** The server's base URI, e.g. {@code http://127.0.0.1:40123/}. */
  public URI uri() {
    return serving.uri();
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public Deployment deploy(String target, ModelVersion version, Duration timeout) {
    return serving.deploy(target, version, timeout);
  }

  @Override
  public Optional<Deployment> current(String target) {
    return serving.current(target);
  }

  /** Stops serving. */
  @Override
  public void close() {
    serving.close();
  }

  /** Options of the local server; mutable, not thread-safe. */
  public static final class Builder {
    private final ModelLoader loader;
    private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 0);
    private Clock clock = Clock.systemUTC();

    private Builder(ModelLoader loader) {
      this.loader = Objects.requireNonNull(loader, "loader");
    }

    /** Where to listen (default 127.0.0.1 on a free port). */
    public Builder address(InetSocketAddress address) {
      this.address = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The clock deployments are timestamped with. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Starts the server. */
    public LocalModelServer start() {
      return new LocalModelServer(this);
    }
  }
}
