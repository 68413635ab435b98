package dev.sluice.core.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An attempt with more environment variables, forwarding everything else to the attempt it wraps. */
final class EnvironmentAttempt extends ForwardingAttempt {
  private final Map<String, String> environment;

  EnvironmentAttempt(Attempt attempt, Map<String, String> extra) {
    super(attempt);
    Map<String, String> all = new LinkedHashMap<>(attempt.environment());
    all.putAll(Objects.requireNonNull(extra, "extra"));
    this.environment = Map.copyOf(all);
  }

  @Override
  public Map<String, String> environment() {
    return environment;
  }
}
