package dev.sluice.console.ops;

import dev.sluice.core.engine.RunState;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which runs a listing shows, newest first: every criterion set must hold. {@code after} is the
 * page token of the previous page ({@link RunPage#next()}).
 *
 * @param limit at most this many runs (1 to {@link #MAX_LIMIT})
 */
public record RunFilter(
    Optional<String> workflow,
    Set<RunState> states,
    Map<String, String> labels,
    Optional<Instant> startedFrom,
    Optional<Instant> startedBefore,
    int limit,
    Optional<String> after) {

  /** The largest page. */
  public static final int MAX_LIMIT = 500;

  public RunFilter {
    Objects.requireNonNull(workflow, "workflow");
    states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
    labels = Map.copyOf(labels);
    Objects.requireNonNull(startedFrom, "startedFrom");
    Objects.requireNonNull(startedBefore, "startedBefore");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new OperationException(
          OperationException.Kind.INVALID, "limit must be 1 to " + MAX_LIMIT + ", got " + limit);
    }
    Objects.requireNonNull(after, "after");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder of a {@link RunFilter}; default: the newest 50 runs. */
  public static final class Builder {
    private String workflow;
    private final Set<RunState> states = EnumSet.noneOf(RunState.class);
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Instant startedFrom;
    private Instant startedBefore;
    private int limit = 50;
    private String after;

    private Builder() {}

    public Builder workflow(String workflow) {
      this.workflow = workflow;
      return this;
    }

    public Builder state(RunState state) {
      states.add(Objects.requireNonNull(state, "state"));
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder startedFrom(Instant from) {
      this.startedFrom = from;
      return this;
    }

    public Builder startedBefore(Instant before) {
      this.startedBefore = before;
      return this;
    }

    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    /** Continue after this page token. */
    public Builder after(String pageToken) {
      this.after = pageToken;
      return this;
    }

    public RunFilter build() {
      return new RunFilter(
          Optional.ofNullable(workflow), states, labels, Optional.ofNullable(startedFrom),
          Optional.ofNullable(startedBefore), limit, Optional.ofNullable(after));
    }
  }
}
