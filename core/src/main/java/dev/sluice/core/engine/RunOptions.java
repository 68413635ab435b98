package dev.sluice.core.engine;

import dev.sluice.core.journal.Origin;
import dev.sluice.core.model.Admission;
import dev.sluice.core.model.FailurePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of one run: a failure policy overriding the workflow's, labels recorded with the run,
 * listeners for this run only, what started it (journaled with the run; default: the user this
 * JVM runs as), a deadline, and a priority.
 *
 * @param priority orders this run's attempts against other runs' where they wait for the same
 *     concurrency limit, executor slots or rate limit: higher first (default 0, from -1000 to 1000);
 *     runs of one priority take turns
 */
public record RunOptions(
    Optional<FailurePolicy> failurePolicy,
    Map<String, String> labels,
    List<RunListener> listeners,
    Origin origin,
    Optional<Deadline> deadline,
    int priority) {

  public static final RunOptions DEFAULT = new RunOptions(Optional.empty(), Map.of(), List.of());

  public RunOptions {
    labels = Map.copyOf(labels);
    listeners = List.copyOf(listeners);
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(deadline, "deadline");
    Admission.requirePriority(priority, "run priority");
  }

  /** Options of priority 0. */
  public RunOptions(
      Optional<FailurePolicy> failurePolicy,
      Map<String, String> labels,
      List<RunListener> listeners,
      Origin origin,
      Optional<Deadline> deadline) {
    this(failurePolicy, labels, listeners, origin, deadline, 0);
  }

  /** Options with no deadline. */
  public RunOptions(
      Optional<FailurePolicy> failurePolicy, Map<String, String> labels, List<RunListener> listeners, Origin origin) {
    this(failurePolicy, labels, listeners, origin, Optional.empty());
  }

  /** Options started by the user this JVM runs as. */
  public RunOptions(Optional<FailurePolicy> failurePolicy, Map<String, String> labels, List<RunListener> listeners) {
    this(failurePolicy, labels, listeners, Origin.currentUser());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder of {@link RunOptions}. */
  public static final class Builder {
    private FailurePolicy failurePolicy;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<RunListener> listeners = new ArrayList<>();
    private Origin origin = Origin.currentUser();
    private Deadline deadline;
    private int priority;

    private Builder() {}

    /**
     * Where this run's attempts go among other runs' waiting for the same limit: higher first
     * (default 0, from -1000 to 1000). See {@code docs/admission.md}.
     */
    public Builder priority(int priority) {
      this.priority = priority;
      return this;
    }

    /**
     * When the run must have ended by; past it the run's listeners hear {@link RunEvent.RunLate}
     * and, for {@link Deadline#cancelAfter}, the run is cancelled.
     */
    public Builder deadline(Deadline deadline) {
      this.deadline = Objects.requireNonNull(deadline, "deadline");
      return this;
    }

    /** What started the run: a launch plan, a trigger, a user (journaled with the run). */
    public Builder origin(Origin origin) {
      this.origin = Objects.requireNonNull(origin, "origin");
      return this;
    }

    public Builder failurePolicy(FailurePolicy policy) {
      this.failurePolicy = policy;
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder listener(RunListener listener) {
      listeners.add(listener);
      return this;
    }

    public RunOptions build() {
      return new RunOptions(
          Optional.ofNullable(failurePolicy), labels, listeners, origin, Optional.ofNullable(deadline), priority);
    }
  }
}
