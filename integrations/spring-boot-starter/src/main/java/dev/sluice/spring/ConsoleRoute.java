package dev.sluice.spring;

import com.sun.net.httpserver.HttpHandler;
import java.util.Objects;

/**
 * A route the console mounted by the starter serves besides its own ({@code /metrics} for
 * Prometheus is one): define a bean of it. The console checks no token for it.
 *
 * @param path where, e.g. {@code /metrics} (not {@code /}, {@code /api}, {@code /ui}, {@code /webjars})
 * @param handler what answers
 */
public record ConsoleRoute(String path, HttpHandler handler) {
  public ConsoleRoute {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(handler, "handler");
  }
}
