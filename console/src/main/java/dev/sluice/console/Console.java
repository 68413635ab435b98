package dev.sluice.console;

import com.sun.net.httpserver.HttpHandler;
import dev.sluice.console.internal.ConsoleServer;
import dev.sluice.console.ops.Operations;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.spi.ArtifactStore;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.trigger.MetricTrigger;
import dev.sluice.core.trigger.TriggerService;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP API and web console over an engine (to act) or a run store alone (read-only). Binds to
 * 127.0.0.1 by default; actions need the token, generated and printed at start unless given.
 *
 * <pre>{@code
 * try (Console console = Console.builder().engine(engine).launchPlan(nightly).start()) {
 *   // prints: Sluice console: http://127.0.0.1:8080/#token=…
 * }
 * }</pre>
 */
public final class Console implements AutoCloseable {
  private final ConsoleServer server;
  private final Operations ops;
  private final boolean ownsOps;
  private final String token;

  private Console(ConsoleServer server, Operations ops, boolean ownsOps, String token) {
    this.server = server;
    this.ops = ops;
    this.ownsOps = ownsOps;
    this.token = token;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The console's address, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    return server.uri();
  }

  /** The token actions need ({@code Authorization: Bearer <token>}). */
  public String token() {
    return token;
  }

  /** The operations layer it serves. */
  public Operations operations() {
    return ops;
  }

  /** Stops the server (and the operations layer it built). Runs are not touched. */
  @Override
  public void close() {
    server.close();
    if (ownsOps) {
      ops.close();
    }
  }

  /** Mutable builder of a {@link Console}. */
  public static final class Builder {
    private final Operations.Builder opsBuilder = Operations.builder();
    private Operations ops;
    private String host = "127.0.0.1";
    private int port = 8080;
    private String token;
    private Duration poll = Duration.ofMillis(250);
    private PrintStream announce = System.out;
    private final Map<String, HttpHandler> routes = new LinkedHashMap<>();

    private Builder() {}

    /** Act through this engine (it must have a run store) and read its runs. */
    public Builder engine(Engine engine) {
      opsBuilder.engine(engine);
      return this;
    }

    /** Read this run store alone: the console is read-only. */
    public Builder runStore(RunStore runStore, ArtifactStore artifacts) {
      opsBuilder.runStore(runStore, artifacts);
      return this;
    }

    public Builder launchPlan(LaunchPlan<?, ?> plan) {
      opsBuilder.launchPlan(plan);
      return this;
    }

    public Builder triggers(TriggerService service, MetricTrigger<?>... triggers) {
      opsBuilder.triggers(service, triggers);
      return this;
    }

    /** Event triggers to list with the metric triggers. */
    public Builder eventTriggers(dev.sluice.core.trigger.EventTrigger<?>... triggers) {
      opsBuilder.eventTriggers(triggers);
      return this;
    }

    /**
     * Serves a push event source as a webhook, {@code POST /api/events/<source name>}, for holders of
     * the console's token or of {@code secret} (null: the token only; at least 16 characters). The
     * body is a JSON object: the payload, or {@code {"id", "type", "attributes", "payload"}}; send
     * an id ({@code X-Sluice-Event-Id} or {@code id}) so that a retried post launches once.
     */
    public Builder eventSource(dev.sluice.core.trigger.PushEventSource source, String secret) {
      opsBuilder.eventSource(source, secret);
      return this;
    }

    /** Serve an operations layer built elsewhere (not closed with the console). */
    public Builder operations(Operations ops) {
      this.ops = Objects.requireNonNull(ops, "ops");
      return this;
    }

    /** The address to bind (default 127.0.0.1: this machine only). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port (default 8080; 0 picks a free one). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The token actions need (default: 32 random bytes, printed at start). At least 16 characters. */
    public Builder token(String token) {
      Objects.requireNonNull(token, "token");
      if (token.length() < 16) {
        throw new IllegalArgumentException("a console token needs at least 16 characters");
      }
      this.token = token;
      return this;
    }

    /** How often a live event stream re-reads its run's journal (default 250 ms). */
    public Builder poll(Duration poll) {
      this.poll = Objects.requireNonNull(poll, "poll");
      return this;
    }

    /** Where the address (and a generated token) is printed at start (default stdout; null: nowhere). */
    public Builder announce(PrintStream out) {
      this.announce = out;
      return this;
    }

    /**
     * Serves {@code handler} at {@code path} (e.g. {@code /metrics} for a Prometheus endpoint) on
     * the same server. Such routes are the caller's: no token is checked for them.
     */
    public Builder route(String path, HttpHandler handler) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/") || path.equals("/") || path.startsWith("/api") || path.startsWith("/ui")
          || path.startsWith("/webjars")) {
        throw new IllegalArgumentException(
            "route '" + path + "' must start with '/' and not be /, /api, /ui or /webjars (the console's own)");
      }
      routes.put(path, Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /** Builds the operations layer if needed, binds and starts serving. */
    public Console start() {
      boolean owns = ops == null;
      Operations operations = owns ? opsBuilder.build() : ops;
      boolean generated = token == null;
      String t = generated ? newToken() : token;
      try {
        ConsoleServer server =
            new ConsoleServer(new ConsoleServer.Config(operations, host, port, t, poll, 8, 32, Map.copyOf(routes)));
        Console console = new Console(server, operations, owns, t);
        if (announce != null) {
          announce.println("Sluice console: " + console.uri() + (generated ? "#token=" + t : "")
              + (operations.canAct() ? "" : " (read-only: no engine attached)"));
          if (generated) {
            announce.println("Action token (Authorization: Bearer …): " + t);
          }
        }
        return console;
      } catch (IOException e) {
        if (owns) {
          operations.close();
        }
        throw new UncheckedIOException("the console could not listen on " + host + ":" + port + ": " + e.getMessage()
            + "; choose another port with port(...) (0 picks a free one)", e);
      }
    }

    private static String newToken() {
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
  }
}
