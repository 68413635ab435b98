package dev.sluice.models.internal.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.model.Names;
import dev.sluice.core.spi.EventSource;
import dev.sluice.core.trigger.Event;
import dev.sluice.models.registry.AliasMove;
import dev.sluice.models.registry.ModelRegistry;
import dev.sluice.models.registry.ModelVersion;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New versions of a model, or moves of one of its aliases, read from the registry every interval.
 * What the registry holds when the source starts is taken as seen.
 */
public final class RegistryEventSource implements EventSource {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.triggers");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ModelRegistry registry;
  private final String model;
  private final Optional<String> alias;
  private final Duration every;
  private final String name;
  private final Set<String> seen = new HashSet<>();
  private volatile Sink sink;
  private volatile boolean closed;

  public RegistryEventSource(ModelRegistry registry, String model, Optional<String> alias, Duration every) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.model = Objects.requireNonNull(model, "model");
    this.alias = Objects.requireNonNull(alias, "alias");
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("a model event source's poll interval must be positive, got " + every);
    }
    this.every = every;
    String full = alias.map(a -> "model-alias." + model + "." + a).orElse("model-versions." + model);
    this.name = Names.fit(full); // a source's name has at most 128 characters
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void start(Sink sink) {
    this.sink = sink;
    try {
      for (Found f : read()) {
        seen.add(f.event().id());
      }
    } catch (RuntimeException e) {
      log.warn("{}: reading the registry at start failed; what it holds will count as new: {}", name, e.toString());
    }
    later();
  }

  private void later() {
    try {
      sink.scheduler().schedule(() -> {
        poll();
        if (!closed) {
          later();
        }
      }, every.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException stopped) {
      closed = true;
    }
  }

  private record Found(Event event) {}

  private List<Found> read() {
    if (alias.isPresent()) {
      return registry.aliasHistory(model).stream().filter(m -> m.alias().equals(alias.get())).map(this::moved).toList();
    }
    return registry.versions(model).stream().map(this::registered).toList();
  }

  synchronized void poll() {
    if (closed) {
      return;
    }
    try {
      for (Found f : read()) {
        if (seen.add(f.event().id())) {
          try {
            sink.accept(f.event());
          } catch (IllegalStateException notLeader) {
            log.debug("{}: {} not handed over: {}", name, f.event(), notLeader.getMessage());
          }
        }
      }
    } catch (RuntimeException e) {
      log.warn("{}: reading the registry failed (tried again in {}): {}", name, every, e.toString());
    }
  }

  private Found registered(ModelVersion v) {
    ObjectNode payload = JSON.createObjectNode().put("model", v.model()).put("version", v.version())
        .put("artifact", v.artifact());
    ObjectNode tags = payload.putObject("tags");
    v.tags().forEach(tags::put);
    return new Found(new Event(name, v.model() + "-v" + v.version(), "model-version-registered", v.registeredAt(),
        Map.of("model", v.model(), "version", Integer.toString(v.version()), "artifact", v.artifact()), payload.toString()));
  }

  private Found moved(AliasMove m) {
    String to = m.to().isPresent() ? Integer.toString(m.to().getAsInt()) : "";
    String from = m.from().isPresent() ? Integer.toString(m.from().getAsInt()) : "";
    ObjectNode payload = JSON.createObjectNode().put("model", m.model()).put("alias", m.alias()).put("version", to)
        .put("from", from).put("actor", m.actor()).put("reason", m.reason()).put("at", m.at().toString());
    return new Found(new Event(name, m.model() + "-" + m.alias() + "-" + m.at().toEpochMilli(), "model-alias-moved",
        m.at(), Map.of("model", m.model(), "alias", m.alias(), "version", to, "from", from, "actor", m.actor()),
        payload.toString()));
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return alias.map(a -> "moves of alias '" + a + "' of model '" + model + "'")
        .orElse("new versions of model '" + model + "'");
  }
}
