package dev.sluice.core.trigger;

import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.OverlapPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * A condition over metrics and the launch plan it starts: evaluated every {@link #every()} by a
 * {@link TriggerService}, never launching within {@link #cooldown()} of its last launch; while a
 * run of the plan is still going, its {@link #overlap()} policy decides (default: skip). With a
 * {@link #debounce()}, a met condition launches once it has not been met for that long.
 *
 * <pre>{@code
 * MetricTrigger<RetrainParams> retrainOnDrift =
 *     MetricTrigger.builder("retrain-on-drift", retrainPlan)
 *         .when(TriggerCondition.below(accuracy, 0.85).rearmAt(0.88).sustainedFor(Duration.ofMinutes(10)))
 *         .every(Duration.ofMinutes(1))
 *         .cooldown(Duration.ofHours(1))
 *         .inputs((firing, defaults) -> defaults.withReason(firing.reason()))
 *         .build();
 * }</pre>
 *
 * @param <I> the launch plan's input type
 */
public final class MetricTrigger<I> {
  /** The run label that names the trigger a run was launched by. */
  public static final String LABEL = "trigger";

  private final String name;
  private final TriggerCondition condition;
  private final LaunchPlan<I, ?> plan;
  private final Duration every;
  private final Duration cooldown;
  private final BiFunction<Firing, I, I> inputs;
  private final OverlapPolicy overlap;
  private final Duration debounce;

  private MetricTrigger(Builder<I> b) {
    this.name = b.name;
    this.condition = b.condition;
    this.plan = b.plan;
    this.every = b.every;
    this.cooldown = b.cooldown;
    this.inputs = b.inputs;
    this.overlap = b.overlap;
    this.debounce = b.debounce;
  }

  /** What a firing does while a run of the plan launched by the service is still going. */
  public OverlapPolicy overlap() {
    return overlap;
  }

  /** How long the condition must stay quiet (not met) before a held firing launches; zero for none. */
  public Duration debounce() {
    return debounce;
  }

  /** A builder of a trigger named {@code name} that launches {@code plan}. */
  public static <I> Builder<I> builder(String name, LaunchPlan<I, ?> plan) {
    return new Builder<>(name, plan);
  }

  public String name() {
    return name;
  }

  public TriggerCondition condition() {
    return condition;
  }

  public LaunchPlan<I, ?> plan() {
    return plan;
  }

  /** Time between evaluations. */
  public Duration every() {
    return every;
  }

  /** Least time between two launches; zero for none. */
  public Duration cooldown() {
    return cooldown;
  }

  /** The input of a launch for {@code firing}, from the plan's default input (fixed inputs not yet checked). */
  public I input(Firing firing, I defaults) {
    return inputs.apply(firing, defaults);
  }

  @Override
  public String toString() {
    return "trigger '" + name + "': when " + condition.describe() + " launch '" + plan.name() + "'";
  }

  /** Mutable builder of a {@link MetricTrigger}; {@link #build()} freezes a copy. */
  public static final class Builder<I> {
    private final String name;
    private final LaunchPlan<I, ?> plan;
    private TriggerCondition condition;
    private Duration every = Duration.ofMinutes(1);
    private Duration cooldown = Duration.ZERO;
    private BiFunction<Firing, I, I> inputs = (firing, defaults) -> defaults;
    private OverlapPolicy overlap = OverlapPolicy.skip();
    private Duration debounce = Duration.ZERO;

    private Builder(String name, LaunchPlan<I, ?> plan) {
      this.name = TriggerConditions.checkName(name);
      this.plan = Objects.requireNonNull(plan, "launch plan of trigger '" + name + "'");
    }

    /** The condition that launches the plan. Required. */
    public Builder<I> when(TriggerCondition condition) {
      this.condition = Objects.requireNonNull(condition, "condition");
      return this;
    }

    /** Time between evaluations (default 1 minute). */
    public Builder<I> every(Duration every) {
      TriggerConditions.checkPositive(every, "evaluation interval of trigger '" + name + "'");
      this.every = every;
      return this;
    }

    /** Least time between two launches (default none). */
    public Builder<I> cooldown(Duration cooldown) {
      Objects.requireNonNull(cooldown, "cooldown");
      if (cooldown.isNegative()) {
        throw new IllegalArgumentException("the cooldown of trigger '" + name + "' must not be negative, got " + cooldown);
      }
      this.cooldown = cooldown;
      return this;
    }

    /**
     * Computes a launch's input from what the condition saw and the plan's default input (default:
     * the default input). The plan's fixed inputs are checked on the result.
     */
    public Builder<I> inputs(BiFunction<Firing, I, I> inputs) {
      this.inputs = Objects.requireNonNull(inputs, "inputs");
      return this;
    }

    /** What a firing does while a run of the plan is still going (default {@link OverlapPolicy#skip()}). */
    public Builder<I> overlap(OverlapPolicy policy) {
      this.overlap = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Debounces the trigger: a met evaluation does not launch but is held ({@code DEBOUNCED}); the
     * latest held firing launches at the first evaluation after the condition has not been met for
     * {@code quiet} (a flapping condition launches once, when it settles). Default: none.
     */
    public Builder<I> debounce(Duration quiet) {
      TriggerConditions.checkPositive(quiet, "debounce of trigger '" + name + "'");
      this.debounce = quiet;
      return this;
    }

    public MetricTrigger<I> build() {
      if (condition == null) {
        throw new IllegalStateException("trigger '" + name + "' has no condition; call when(...)");
      }
      return new MetricTrigger<>(this);
    }
  }
}
