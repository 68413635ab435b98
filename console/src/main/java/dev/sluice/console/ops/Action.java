package dev.sluice.console.ops;

import java.util.Objects;

/**
 * Something an operator asks of Sluice. The kinds are closed: each new operation (gates' signal and
 * approve, forking a run from a node, pausing a schedule) is a new record here, handled in one place
 * by {@link Operations#act}, and so reaches the API, the page and the CLI together.
 */
public sealed interface Action
    permits Action.Cancel, Action.Resume, Action.Recover, Action.Launch, Action.Pause, Action.Unpause,
        Action.Backfill, GateAction, ForkAction {

  /** The action's verb as the API and the action log name it: {@code cancel}, {@code resume}… */
  String verb();

  /** What it acts on: a run id or a launch plan's name. */
  String target();

  /**
   * Cancel a run: at once when the attached engine runs it; a run another engine holds (sharing the
   * run store) gets a cancel request in the store, which that engine honours at its next look.
   */
  record Cancel(String runId) implements Action {
    public Cancel {
      Objects.requireNonNull(runId, "runId");
    }

    @Override
    public String verb() {
      return "cancel";
    }

    @Override
    public String target() {
      return runId;
    }
  }

  /** Continue an unfinished run whose owner stopped, in the attached engine. */
  record Resume(String runId) implements Action {
    public Resume {
      Objects.requireNonNull(runId, "runId");
    }

    @Override
    public String verb() {
      return "resume";
    }

    @Override
    public String target() {
      return runId;
    }
  }

  /** Start a new run of a failed or cancelled run, reusing what succeeded in it. */
  record Recover(String runId) implements Action {
    public Recover {
      Objects.requireNonNull(runId, "runId");
    }

    @Override
    public String verb() {
      return "recover";
    }

    @Override
    public String target() {
      return runId;
    }
  }

  /** Launch a launch plan now, with its default input. */
  record Launch(String plan) implements Action {
    public Launch {
      Objects.requireNonNull(plan, "plan");
    }

    @Override
    public String verb() {
      return "launch";
    }

    @Override
    public String target() {
      return plan;
    }
  }

  /**
   * Pause a launch plan's schedules or a trigger, in the store (every replica stops firing it).
   *
   * @param name the plan's or trigger's name
   * @param reason why, in words (may be empty)
   */
  record Pause(String name, String reason) implements Action {
    public Pause {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String verb() {
      return "pause";
    }

    @Override
    public String target() {
      return name;
    }
  }

  /** Lift the pause of a launch plan's schedules or a trigger (missed firings are not caught up). */
  record Unpause(String name) implements Action {
    public Unpause {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String verb() {
      return "unpause";
    }

    @Override
    public String target() {
      return name;
    }
  }

  /**
   * Backfill a launch plan: one run per firing of its schedules in {@code [from, to)}, at most
   * {@code maxConcurrent} at a time; firings that already ran are not run again.
   */
  record Backfill(String plan, java.time.Instant from, java.time.Instant to, int maxConcurrent) implements Action {
    public Backfill {
      Objects.requireNonNull(plan, "plan");
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }

    @Override
    public String verb() {
      return "backfill";
    }

    @Override
    public String target() {
      return plan;
    }
  }
}
