package dev.sluice.core.journal;

import dev.sluice.core.engine.RunState;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which runs to list: every criterion set must hold (a workflow name, one of some states, started in
 * a time range, carrying labels, orphaned at an instant). Results come newest first, at most {@link
 * #limit()} of them.
 *
 * <pre>{@code
 * RunQuery.builder().workflow("qoe-train").states(RunState.FAILED).startedFrom(yesterday).build()
 * }</pre>
 *
 * @param startedFrom runs started at or after this instant
 * @param startedBefore runs started strictly before this instant
 * @param orphanedAt runs orphaned at this instant (see {@link RunSummary#isOrphaned})
 */
public record RunQuery(
    Optional<String> workflow,
    Set<RunState> states,
    Optional<Instant> startedFrom,
    Optional<Instant> startedBefore,
    Map<String, String> labels,
    Optional<Instant> orphanedAt,
    int limit) {

  public RunQuery {
    Objects.requireNonNull(workflow, "workflow");
    states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
    Objects.requireNonNull(startedFrom, "startedFrom");
    Objects.requireNonNull(startedBefore, "startedBefore");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(orphanedAt, "orphanedAt");
    if (limit < 1) {
      throw new IllegalArgumentException("a run query's limit must be at least 1, got " + limit);
    }
  }

  /** Every run, newest first, up to 1,000. */
  public static RunQuery all() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether {@code run} meets every criterion (the limit aside). */
  public boolean matches(RunSummary run) {
    if (workflow.isPresent() && !workflow.get().equals(run.workflow())) {
      return false;
    }
    if (!states.isEmpty() && !states.contains(run.state())) {
      return false;
    }
    if (startedFrom.isPresent() && run.started().isBefore(startedFrom.get())) {
      return false;
    }
    if (startedBefore.isPresent() && !run.started().isBefore(startedBefore.get())) {
      return false;
    }
    for (Map.Entry<String, String> label : labels.entrySet()) {
      if (!label.getValue().equals(run.labels().get(label.getKey()))) {
        return false;
      }
    }
    return orphanedAt.isEmpty() || run.isOrphaned(orphanedAt.get());
  }

  /** Mutable builder of a {@link RunQuery}; {@link #build()} freezes it. */
  public static final class Builder {
    private String workflow;
    private final Set<RunState> states = EnumSet.noneOf(RunState.class);
    private Instant startedFrom;
    private Instant startedBefore;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Instant orphanedAt;
    private int limit = 1000;

    private Builder() {}

    public Builder workflow(String name) {
      this.workflow = Objects.requireNonNull(name, "name");
      return this;
    }

    /** Runs in any of these states. */
    public Builder states(RunState... states) {
      this.states.addAll(java.util.List.of(states));
      return this;
    }

    /** Runs started at or after {@code from}. */
    public Builder startedFrom(Instant from) {
      this.startedFrom = Objects.requireNonNull(from, "from");
      return this;
    }

    /** Runs started strictly before {@code before}. */
    public Builder startedBefore(Instant before) {
      this.startedBefore = Objects.requireNonNull(before, "before");
      return this;
    }

    /** Runs carrying this label with this value. */
    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** Runs that have not ended and whose owner's lease has lapsed at {@code now}. */
    public Builder orphanedAt(Instant now) {
      this.orphanedAt = Objects.requireNonNull(now, "now");
      return this;
    }

    /** At most this many runs (default 1,000). */
    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    public RunQuery build() {
      return new RunQuery(
          Optional.ofNullable(workflow),
          states,
          Optional.ofNullable(startedFrom),
          Optional.ofNullable(startedBefore),
          labels,
          Optional.ofNullable(orphanedAt),
          limit);
    }
  }
}
