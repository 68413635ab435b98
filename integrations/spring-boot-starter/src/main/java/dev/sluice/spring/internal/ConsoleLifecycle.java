package dev.sluice.spring.internal;

import dev.sluice.console.Console;
import java.net.URI;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the console when the application context has started and closes it when the context
 * stops (before the engine is closed). A generated token is logged once, at start; a configured
 * one never.
 */
public final class ConsoleLifecycle implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.console");

  private final Supplier<Console> start;
  private final boolean generatedToken;
  private volatile Console console;

  /** Starts the console with {@code start}; {@code generatedToken}: no token was configured. */
  public ConsoleLifecycle(Supplier<Console> start, boolean generatedToken) {
    this.start = start;
    this.generatedToken = generatedToken;
  }

  /** The running console (its address, its token), or null when stopped. */
  public Console console() {
    return console;
  }

  @Override
  public synchronized void start() {
    if (console == null) {
      Console c;
      try {
        c = start.get();
      } catch (java.io.UncheckedIOException e) {
        throw new IllegalStateException("the Sluice console could not start: " + e.getCause().getMessage()
            + ". Fix: set sluice.console.port to a free port (0 picks one)", e);
      }
      console = c;
      URI uri = c.uri();
      if (generatedToken) {
        log.info("Sluice console at {} (actions need the generated token, shown once: {}; set sluice.console.token "
            + "to choose it)", uri, c.token());
      } else {
        log.info("Sluice console at {} (actions need the configured sluice.console.token)", uri);
      }
    }
  }

  @Override
  public synchronized void stop() {
    Console c = console;
    if (c != null) {
      console = null;
      c.close();
    }
  }

  @Override
  public boolean isRunning() {
    return console != null;
  }
}
