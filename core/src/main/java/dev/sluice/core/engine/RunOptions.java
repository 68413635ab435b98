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
 * JVM runs as), a deadline, a priority, and a run key that makes the start idempotent.
 *
 * @param priority orders this run's attempts against other runs' where they wait for the same
 *     concurrency limit, executor slots or rate limit: higher first (default 0, from -1000 to 1000);
 *     runs of one priority take turns
 * @param runKey a key naming this start: starting the same workflow with a key that already has a
 *     run returns that run's handle instead of starting a second one, across every engine sharing
 *     the run store (see {@link Builder#runKey})
 */
public record RunOptions(
    Optional<FailurePolicy> failurePolicy,
    Map<String, String> labels,
    List<RunListener> listeners,
    Origin origin,
    Optional<Deadline> deadline,
    int priority,
    Optional<String> runKey) {

  /** The run label that records a run's key. */
  public static final String RUN_KEY_LABEL = "run-key";

  /** The longest run key accepted. */
  public static final int MAX_RUN_KEY = 512;

  public static final RunOptions DEFAULT = new RunOptions(Optional.empty(), Map.of(), List.of());

  public RunOptions {
    labels = Map.copyOf(labels);
    listeners = List.copyOf(listeners);
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(deadline, "deadline");
    Admission.requirePriority(priority, "run priority");
    Objects.requireNonNull(runKey, "runKey");
    runKey.ifPresent(RunOptions::checkRunKey);
  }

  /** Options of priority 0 with no run key. */
  public RunOptions(
      Optional<FailurePolicy> failurePolicy,
      Map<String, String> labels,
      List<RunListener> listeners,
      Origin origin,
      Optional<Deadline> deadline) {
    this(failurePolicy, labels, listeners, origin, deadline, 0, Optional.empty());
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

  private static void checkRunKey(String key) {
    if (key.isBlank() || key.length() > MAX_RUN_KEY) {
      throw new IllegalArgumentException(
          "a run key must have 1 to " + MAX_RUN_KEY + " characters and not be blank, got '"
              + (key.length() > 40 ? key.substring(0, 40) + "…" : key) + "' (" + key.length() + " characters)");
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        throw new IllegalArgumentException(
            "run key '" + key.replaceAll("\\p{Cntrl}", "?") + "' has a control character at " + i
                + "; use printable characters, e.g. 'nightly@2024-06-03T02:00:00Z'");
      }
    }
  }

  /** Mutable builder of {@link RunOptions}. */
  public static final class Builder {
    private FailurePolicy failurePolicy;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<RunListener> listeners = new ArrayList<>();
    private Origin origin = Origin.currentUser();
    private Deadline deadline;
    private int priority;
    private String runKey;

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
     * Makes the start idempotent: a second start of the same workflow with the same key, from this
     * engine or any engine sharing its run store, returns the first run's handle (running or
     * ended) instead of starting another. The key is claimed atomically in the run store (two
     * engines racing on one key start one run) and recorded as the run's {@value #RUN_KEY_LABEL}
     * label. Without a run store, keys are remembered by this engine only (the last 10,000).
     * Launch plans and triggers derive keys from their firings (plan and scheduled time).
     */
    public Builder runKey(String key) {
      Objects.requireNonNull(key, "key");
      checkRunKey(key);
      this.runKey = key;
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
      return new RunOptions(Optional.ofNullable(failurePolicy), labels, listeners, origin, Optional.ofNullable(deadline),
          priority, Optional.ofNullable(runKey));
    }
  }
}
