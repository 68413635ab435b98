package dev.sluice.core.model;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A named, versioned unit of work with typed inputs and one typed output, together with the policy
 * the engine applies to it (retries, timeout, concurrency limit) and what a remote executor needs
 * (resources, placement).
 *
 * @param maxConcurrency at most this many attempts of this task run at once in one engine, across
 *     runs; 0 means no limit
 * @param cache whether and how its output is served from the task cache ({@link
 *     CachePolicy#DISABLED} by default)
 * @param admission its priority, named rate limits and queued timeout ({@link Admission#DEFAULT})
 * @throws IllegalArgumentException among others when the placement or the command sets a secret
 *     as a plain environment value ({@link SecretVariables#standard()})
 */
public record TaskSpec(
    String name,
    String version,
    List<Param> inputs,
    Type output,
    TaskBody body,
    RetryPolicy retry,
    Optional<Duration> timeout,
    int maxConcurrency,
    Resources resources,
    Placement placement,
    CachePolicy cache,
    Admission admission) {

  public TaskSpec {
    Names.requireIdentifier(name, "task name");
    Objects.requireNonNull(version, "version of task '" + name + "'");
    inputs = List.copyOf(inputs);
    Objects.requireNonNull(output, "output type of task '" + name + "'");
    Objects.requireNonNull(body, "body of task '" + name + "'");
    Objects.requireNonNull(retry, "retry policy of task '" + name + "'");
    Objects.requireNonNull(timeout, "timeout of task '" + name + "'");
    timeout.ifPresent(
        t -> {
          if (t.isNegative() || t.isZero()) {
            throw new IllegalArgumentException(
                "timeout of task '" + name + "' must be positive, got " + t);
          }
        });
    if (maxConcurrency < 0) {
      throw new IllegalArgumentException(
          "maxConcurrency of task '" + name + "' must be 0 (no limit) or more, got " + maxConcurrency);
    }
    Objects.requireNonNull(resources, "resources of task '" + name + "'");
    Objects.requireNonNull(placement, "placement of task '" + name + "'");
    Objects.requireNonNull(cache, "cache policy of task '" + name + "'");
    Objects.requireNonNull(admission, "admission of task '" + name + "'");
    SecretVariables.standard().check(name, placement.environment());
    if (body instanceof TaskBody.Command command) {
      SecretVariables.standard().check(name, command.environment());
    }
    Map<String, Param> seen = new LinkedHashMap<>();
    for (Param p : inputs) {
      if (seen.put(p.name(), p) != null) {
        throw new IllegalArgumentException(
            "task '" + name + "' has two inputs named '" + p.name() + "': input names must be unique");
      }
    }
  }

  /** Starts a spec for a task named {@code name}, version "1", no inputs, output Object. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder preset with this spec's values. */
  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.version = version;
    b.inputs.addAll(inputs);
    b.output = output;
    b.body = body;
    b.retry = retry;
    b.timeout = timeout.orElse(null);
    b.maxConcurrency = maxConcurrency;
    b.resources = resources;
    b.placement = placement;
    b.cache = cache;
    b.admission = admission;
    return b;
  }

  /** Whether the body is a command (process) rather than a JVM function. */
  public boolean isCommand() {
    return body instanceof TaskBody.Command;
  }

  /** Mutable builder for {@link TaskSpec}; {@link #build()} validates and freezes. */
  public static final class Builder {
    private final String name;
    private String version = "1";
    private final List<Param> inputs = new ArrayList<>();
    private Type output = Object.class;
    private TaskBody body;
    private RetryPolicy retry = RetryPolicy.NONE;
    private Duration timeout;
    private int maxConcurrency;
    private Resources resources = Resources.NONE;
    private Placement placement = Placement.DEFAULT;
    private CachePolicy cache = CachePolicy.DISABLED;
    private Admission admission = Admission.DEFAULT;

    private Builder(String name) {
      this.name = name;
    }

    public Builder version(String version) {
      this.version = version;
      return this;
    }

    public Builder input(String name, Type type) {
      inputs.add(new Param(name, type));
      return this;
    }

    public Builder inputs(List<Param> params) {
      inputs.clear();
      inputs.addAll(params);
      return this;
    }

    public Builder output(Type output) {
      this.output = output;
      return this;
    }

    public Builder body(TaskBody body) {
      this.body = body;
      return this;
    }

    public Builder jvm(Invoker invoker) {
      return body(new TaskBody.Jvm(invoker));
    }

    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    /** Each attempt is cancelled and counted as failed after this long; null for no limit. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public Builder maxConcurrency(int maxConcurrency) {
      this.maxConcurrency = maxConcurrency;
      return this;
    }

    public Builder resources(Resources resources) {
      this.resources = resources;
      return this;
    }

    public Builder placement(Placement placement) {
      this.placement = placement;
      return this;
    }

    /** Serves the task's output from the task cache: see {@link CachePolicy}. */
    public Builder cache(CachePolicy cache) {
      this.cache = cache;
      return this;
    }

    /** Priority, named rate limits and queued timeout: see {@link Admission}. */
    public Builder admission(Admission admission) {
      this.admission = admission;
      return this;
    }

    public TaskSpec build() {
      if (body == null) {
        throw new IllegalStateException(
            "task '" + name + "' has no body: give it a JVM function or a command");
      }
      return new TaskSpec(
          name,
          version,
          inputs,
          output,
          body,
          retry,
          Optional.ofNullable(timeout),
          maxConcurrency,
          resources,
          placement,
          cache,
          admission);
    }
  }
}
