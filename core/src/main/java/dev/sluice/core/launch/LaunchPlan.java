package dev.sluice.core.launch;

import dev.sluice.core.engine.Deadline;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunOptions;
import dev.sluice.core.journal.Origin;
import dev.sluice.core.model.Names;
import dev.sluice.core.model.Types;
import dev.sluice.core.model.WorkflowDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A workflow ready to launch: its default input, the parts of it no launch may change (fixed
 * inputs), and optional schedules. Launch it yourself, on its schedules through a {@code
 * TriggerService}, or from a metric trigger.
 *
 * <pre>{@code
 * LaunchPlan<Params, Model> nightly =
 *     LaunchPlan.builder("nightly-retrain", retrain)
 *         .defaultInput(new Params("prod", 10_000, 0.01))
 *         .fixed("dataset", Params::dataset)              // no launch may train on another dataset
 *         .schedule(Schedule.cron("0 2 * * *", ZoneId.of("Europe/Paris")))
 *         .missedFirings(MissedFiringPolicy.RUN_ONCE)
 *         .build();
 * nightly.launch(engine, p -> new Params(p.dataset(), 50_000, p.learningRate()));
 * }</pre>
 *
 * @param <I> the workflow's input type
 * @param <O> the workflow's output type
 */
public final class LaunchPlan<I, O> {
  /** The run label that names the launch plan a run was launched from. */
  public static final String LABEL = "launch-plan";
  /** The run label that holds the scheduled time of a firing's run (schedules, catch-up, backfill). */
  public static final String SCHEDULED_TIME_LABEL = "scheduled-time";

  private final String name;
  private final WorkflowDefinition<I, O> workflow;
  private final I defaultInput;
  private final List<FixedInput<I>> fixed;
  private final List<Schedule> schedules;
  private final MissedFiringPolicy missedFirings;
  private final Deadline sla;
  private final OverlapPolicy overlap;
  private final BiFunction<I, Instant, I> scheduledInput;

  private LaunchPlan(Builder<I, O> b) {
    this.name = b.name;
    this.workflow = b.workflow;
    this.defaultInput = b.defaultInput;
    List<FixedInput<I>> all = new ArrayList<>(b.fixed);
    if (b.allFixed) {
      all.add(new FixedInput<>("(whole input)", Function.identity()));
    }
    this.fixed = List.copyOf(all);
    this.schedules = List.copyOf(b.schedules);
    this.missedFirings = b.missedFirings;
    this.sla = b.sla;
    this.overlap = b.overlap;
    this.scheduledInput = b.scheduledInput;
  }

  /** A builder of a plan named {@code name} (letters, digits, '-', '_', '.') for {@code workflow}. */
  public static <I, O> Builder<I, O> builder(String name, WorkflowDefinition<I, O> workflow) {
    return new Builder<>(name, workflow);
  }

  public String name() {
    return name;
  }

  public WorkflowDefinition<I, O> workflow() {
    return workflow;
  }

  /** The input a launch starts from (null only for a workflow whose input is {@code Void}). */
  public I defaultInput() {
    return defaultInput;
  }

  public List<Schedule> schedules() {
    return schedules;
  }

  public MissedFiringPolicy missedFirings() {
    return missedFirings;
  }

  /** What a schedule firing does while a run this plan launched is still going (default {@code ALLOW}). */
  public OverlapPolicy overlap() {
    return overlap;
  }

  /**
   * The run key of the firing scheduled at {@code scheduled}: {@code <plan>@<instant>}. A schedule's
   * firing, a catch-up after downtime and a backfill of that time all use it, so that time runs once.
   */
  public String runKey(Instant scheduled) {
    return name + "@" + scheduled;
  }

  /** The default input of the firing scheduled at {@code scheduled} (see {@link Builder#scheduledInput}). */
  public I scheduledInput(Instant scheduled) {
    return scheduledInput.apply(defaultInput, scheduled);
  }

  /**
   * Starts the run of the firing scheduled at {@code scheduled}: its input is {@link
   * #scheduledInput}, its run key {@link #runKey(Instant)} (a firing that already has a run returns
   * that run), its labels {@code launch-plan}, {@code scheduled-time} and {@code labels}.
   */
  public RunHandle<O> launchScheduled(Engine engine, Instant scheduled, Map<String, String> labels, Origin origin) {
    Objects.requireNonNull(scheduled, "scheduled");
    Map<String, String> all = new java.util.LinkedHashMap<>(labels);
    all.put(SCHEDULED_TIME_LABEL, scheduled.toString());
    return launch(engine, defaults -> scheduledInput(scheduled), all, origin, Optional.of(runKey(scheduled)));
  }

  /** The deadline of every run this plan launches, if it has one. */
  public Optional<Deadline> sla() {
    return Optional.ofNullable(sla);
  }

  /**
   * The default input changed by {@code overrides}, checked against the fixed inputs.
   *
   * @throws IllegalArgumentException if the overrides changed a fixed input, naming it
   */
  public I input(UnaryOperator<I> overrides) {
    I input = overrides.apply(defaultInput);
    for (FixedInput<I> f : fixed) {
      Object expected = f.accessor().apply(defaultInput);
      Object given = input == null ? null : f.accessor().apply(input);
      if (!Objects.equals(expected, given)) {
        throw new IllegalArgumentException(
            "launch plan '" + name + "' fixes input '" + f.name() + "' to " + expected + " but the"
                + " launch gave " + given + "; change the plan's default input, or launch the workflow"
                + " without the plan");
      }
    }
    return input;
  }

  /** Starts a run with the default input. */
  public RunHandle<O> launch(Engine engine) {
    return launch(engine, UnaryOperator.identity(), Map.of());
  }

  /** Starts a run with the default input changed by {@code overrides} (fixed inputs checked). */
  public RunHandle<O> launch(Engine engine, UnaryOperator<I> overrides) {
    return launch(engine, overrides, Map.of());
  }

  /**
   * Starts a run with the default input changed by {@code overrides}, labelled {@code
   * launch-plan=<name>} plus {@code labels}; its journal says this plan started it.
   */
  public RunHandle<O> launch(Engine engine, UnaryOperator<I> overrides, Map<String, String> labels) {
    return launch(engine, overrides, labels, Origin.launchPlan(name));
  }

  /** {@link #launch(Engine, UnaryOperator, Map)} started by {@code origin} (e.g. a trigger). */
  public RunHandle<O> launch(Engine engine, UnaryOperator<I> overrides, Map<String, String> labels, Origin origin) {
    return launch(engine, overrides, labels, origin, Optional.empty());
  }

  /**
   * {@link #launch(Engine, UnaryOperator, Map, Origin)} with a run key: a key that already has a run
   * returns that run's handle (see {@link RunOptions.Builder#runKey}).
   */
  public RunHandle<O> launch(
      Engine engine, UnaryOperator<I> overrides, Map<String, String> labels, Origin origin, Optional<String> runKey) {
    Objects.requireNonNull(engine, "engine");
    I input = input(overrides);
    RunOptions.Builder options = RunOptions.builder().label(LABEL, name).origin(origin);
    runKey.ifPresent(options::runKey);
    if (sla != null) {
      options.deadline(sla);
    }
    labels.forEach(options::label);
    return engine.run(workflow, input, options.build());
  }

  @Override
  public String toString() {
    return "launch plan '" + name + "' of workflow '" + workflow.spec().name() + "'";
  }

  /** A part of the input no launch may change: its name (for messages) and how to read it. */
  private record FixedInput<I>(String name, Function<I, ?> accessor) {}

  /** Mutable builder of a {@link LaunchPlan}; {@link #build()} freezes a copy. */
  public static final class Builder<I, O> {
    private final String name;
    private final WorkflowDefinition<I, O> workflow;
    private I defaultInput;
    private boolean allFixed;
    private final List<FixedInput<I>> fixed = new ArrayList<>();
    private final List<Schedule> schedules = new ArrayList<>();
    private MissedFiringPolicy missedFirings = MissedFiringPolicy.SKIP;
    private Deadline sla;
    private OverlapPolicy overlap = OverlapPolicy.allow();
    private BiFunction<I, Instant, I> scheduledInput = (input, time) -> input;

    private Builder(String name, WorkflowDefinition<I, O> workflow) {
      if (!Names.isValid(name)) {
        throw new IllegalArgumentException(
            "launch plan name '" + name + "' is not valid: use 1 to 128 letters, digits, '-', '_' or"
                + " '.', starting with a letter or digit");
      }
      this.name = name;
      this.workflow = Objects.requireNonNull(workflow, "workflow of launch plan '" + name + "'");
    }

    /** The input launches start from; overrides change parts of it that are not fixed. */
    public Builder<I, O> defaultInput(I input) {
      this.defaultInput = input;
      return this;
    }

    /** The input every launch uses, unchanged: a default input of which every part is fixed. */
    public Builder<I, O> fixedInput(I input) {
      this.defaultInput = input;
      this.allFixed = true;
      return this;
    }

    /**
     * Fixes one part of the default input: a launch whose input reads differently through {@code
     * accessor} (e.g. a record accessor, {@code Params::dataset}) is refused, naming {@code field}.
     */
    public Builder<I, O> fixed(String field, Function<I, ?> accessor) {
      fixed.add(new FixedInput<>(Objects.requireNonNull(field, "field"), Objects.requireNonNull(accessor, "accessor")));
      return this;
    }

    /** Adds a schedule; the trigger service launches the plan at each of its firings. */
    public Builder<I, O> schedule(Schedule schedule) {
      schedules.add(Objects.requireNonNull(schedule, "schedule"));
      return this;
    }

    /** What happens to firings missed while the program was down (default {@link MissedFiringPolicy#SKIP}). */
    public Builder<I, O> missedFirings(MissedFiringPolicy policy) {
      this.missedFirings = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * What a schedule firing does while a run this plan launched is still going (default {@link
     * OverlapPolicy#allow()}). Triggers launching the plan have their own (default skip).
     */
    public Builder<I, O> overlap(OverlapPolicy policy) {
      this.overlap = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Puts a firing's scheduled time into the input of its run, e.g. {@code (p, t) -> p.withDay(t)}:
     * used by schedule firings, catch-up and backfill (Flyte's kickoff-time input). Default: the
     * default input unchanged (the time is in the run's {@code scheduled-time} label either way).
     */
    public Builder<I, O> scheduledInput(BiFunction<I, Instant, I> scheduledInput) {
      this.scheduledInput = Objects.requireNonNull(scheduledInput, "scheduledInput");
      return this;
    }

    /**
     * The plan's SLA: every run it launches must end within {@code sla.within()} of its start, or
     * its listeners hear {@code RunLate} (notifiers alert) and, with {@link Deadline#cancelAfter},
     * it is cancelled. E.g. {@code .sla(Deadline.notifyAfter(Duration.ofHours(2)))}.
     */
    public Builder<I, O> sla(Deadline sla) {
      this.sla = Objects.requireNonNull(sla, "sla");
      return this;
    }

    /**
     * Freezes the plan.
     *
     * @throws IllegalStateException if there is no default input (unless the workflow takes {@code
     *     Void}), or inputs are fixed without one
     */
    public LaunchPlan<I, O> build() {
      if (!fixed.isEmpty() && defaultInput == null) {
        throw new IllegalStateException(
            "launch plan '" + name + "' fixes inputs but has no default input to fix them in; call"
                + " defaultInput(...)");
      }
      java.lang.reflect.Type input = workflow.spec().inputType();
      if (defaultInput == null && Types.rawType(input) != Void.class) {
        throw new IllegalStateException(
            "launch plan '" + name + "' has no default input, and workflow '" + workflow.spec().name()
                + "' takes " + Types.describe(input) + ". Fix: call defaultInput(...) or fixedInput(...)");
      }
      return new LaunchPlan<>(this);
    }
  }
}
