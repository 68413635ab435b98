package dev.sluice.core.trigger;

import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.OverlapPolicy;
import dev.sluice.core.spi.EventSource;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Launches a plan when an event arrives from a source: another workflow's run finished (with its
 * output as the input, like Metaflow's {@code @trigger_on_finish}), a model version was registered
 * or an alias moved, a webhook was posted. Each event is a decision in the trigger's history; the
 * run of an event has the run key {@code <trigger>:<source>:<event id>}, so an event delivered twice
 * launches once. While a run of the plan is still going, {@link #overlap()} decides (default skip);
 * with a {@link #debounce()}, a burst of events launches once, for its last event, when it settles.
 *
 * <pre>{@code
 * EventTrigger<EvalParams> evaluateNewModels =
 *     EventTrigger.builder("evaluate-on-train", evaluatePlan)
 *         .source(EventSources.runFinished(engine, "train"))
 *         .inputs((event, defaults) -> defaults.withModel(event.payload(Model.class)))
 *         .build();
 * }</pre>
 *
 * @param <I> the launch plan's input type
 */
public final class EventTrigger<I> {
  /** The run label holding the id of the event that launched a run. */
  public static final String EVENT_LABEL = "event";

  private final String name;
  private final LaunchPlan<I, ?> plan;
  private final EventSource source;
  private final Predicate<Event> when;
  private final BiFunction<Event, I, I> inputs;
  private final OverlapPolicy overlap;
  private final Duration debounce;

  private EventTrigger(Builder<I> b) {
    this.name = b.name;
    this.plan = b.plan;
    this.source = b.source;
    this.when = b.when;
    this.inputs = b.inputs;
    this.overlap = b.overlap;
    this.debounce = b.debounce;
  }

  /** A builder of a trigger named {@code name} that launches {@code plan}. */
  public static <I> Builder<I> builder(String name, LaunchPlan<I, ?> plan) {
    return new Builder<>(name, plan);
  }

  public String name() {
    return name;
  }

  public LaunchPlan<I, ?> plan() {
    return plan;
  }

  public EventSource source() {
    return source;
  }

  /** Whether {@code event} fires the trigger. */
  public boolean matches(Event event) {
    return when.test(event);
  }

  /** The input of the launch for {@code event}, from the plan's default input (fixed inputs checked after). */
  public I input(Event event, I defaults) {
    return inputs.apply(event, defaults);
  }

  public OverlapPolicy overlap() {
    return overlap;
  }

  /** How long no other matching event must come before a held one launches; zero for none. */
  public Duration debounce() {
    return debounce;
  }

  @Override
  public String toString() {
    return "event trigger '" + name + "': on " + source.name() + " launch '" + plan.name() + "'";
  }

  /** Mutable builder of an {@link EventTrigger}; {@link #build()} freezes a copy. */
  public static final class Builder<I> {
    private final String name;
    private final LaunchPlan<I, ?> plan;
    private EventSource source;
    private Predicate<Event> when = e -> true;
    private BiFunction<Event, I, I> inputs = (event, defaults) -> defaults;
    private OverlapPolicy overlap = OverlapPolicy.skip();
    private Duration debounce = Duration.ZERO;

    private Builder(String name, LaunchPlan<I, ?> plan) {
      this.name = TriggerConditions.checkName(name);
      this.plan = Objects.requireNonNull(plan, "launch plan of trigger '" + name + "'");
    }

    /** Where the events come from. Required. */
    public Builder<I> source(EventSource source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** Which events fire it (default: every event of the source). */
    public Builder<I> when(Predicate<Event> when) {
      this.when = Objects.requireNonNull(when, "when");
      return this;
    }

    /** The launch's input from the event and the plan's default input (default: the default input). */
    public Builder<I> inputs(BiFunction<Event, I, I> inputs) {
      this.inputs = Objects.requireNonNull(inputs, "inputs");
      return this;
    }

    /** What an event does while a run of the plan is still going (default {@link OverlapPolicy#skip()}). */
    public Builder<I> overlap(OverlapPolicy policy) {
      this.overlap = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Debounces the trigger: a matching event is held ({@code DEBOUNCED}); the last one held launches
     * once no other matching event came for {@code quiet}. Default: none.
     */
    public Builder<I> debounce(Duration quiet) {
      TriggerConditions.checkPositive(quiet, "debounce of trigger '" + name + "'");
      this.debounce = quiet;
      return this;
    }

    public EventTrigger<I> build() {
      if (source == null) {
        throw new IllegalStateException("event trigger '" + name + "' has no source; call source(...), e.g."
            + " EventSources.runFinished(engine, \"train\")");
      }
      return new EventTrigger<>(this);
    }
  }
}
