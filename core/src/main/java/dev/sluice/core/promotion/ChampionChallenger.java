package dev.sluice.core.promotion;

import dev.sluice.core.internal.trigger.Durations;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A champion/challenger gate: a newly trained model (the challenger) replaces the one in service
 * (the champion) only if it scores better on the same held-out data by at least a margin. Both are
 * scored in the same call, with the same data, so neither is judged on numbers from another day.
 *
 * <pre>{@code
 * ChampionChallenger<Model, Dataset> gate =
 *     ChampionChallenger.<Model, Dataset>scoredBy(Model::accuracyOn).higherIsBetter().margin(0.01).build();
 * Verdict<Model> verdict = gate.judge(current, challenger, heldOut);
 * if (verdict.promote()) { registry.serve(verdict.model()); }
 * log.info(verdict.reason());
 * }</pre>
 *
 * <p>Rules: no champion → the challenger is promoted (if it can be scored); a challenger that scores
 * NaN is never promoted; a champion that scores NaN loses to any challenger that scores a number;
 * otherwise the challenger must beat the champion by at least the margin (ties stay with the
 * champion).
 *
 * @param <M> the model type
 * @param <D> the held-out data type
 */
public final class ChampionChallenger<M, D> {
  private final Scorer<M, D> scorer;
  private final boolean higherIsBetter;
  private final double margin;
  private final String metric;

  private ChampionChallenger(Builder<M, D> b) {
    this.scorer = b.scorer;
    this.higherIsBetter = b.higherIsBetter;
    this.margin = b.margin;
    this.metric = b.metric;
  }

  /** A builder of a gate that scores models with {@code scorer} (higher is better by default). */
  public static <M, D> Builder<M, D> scoredBy(Scorer<M, D> scorer) {
    return new Builder<>(scorer);
  }

  /** Judges {@code challenger} against {@code champion} (empty: none yet) on {@code heldOut}. */
  public Verdict<M> judge(Optional<M> champion, M challenger, D heldOut) {
    Objects.requireNonNull(champion, "champion (use Optional.empty() for none)");
    Objects.requireNonNull(challenger, "challenger");
    double c = scorer.score(challenger, heldOut);
    String cText = metric + " " + Durations.value(c);
    if (Double.isNaN(c)) {
      return new Verdict<>(false, champion.orElse(null), c, OptionalDouble.empty(), "challenger " + cText + " cannot be judged: kept the champion");
    }
    if (champion.isEmpty()) {
      return new Verdict<>(true, challenger, c, OptionalDouble.empty(), "no champion yet; challenger " + cText + ": promoted");
    }
    double k = scorer.score(champion.get(), heldOut);
    OptionalDouble kScore = OptionalDouble.of(k);
    if (Double.isNaN(k)) {
      return new Verdict<>(true, challenger, c, kScore, "champion scores NaN, challenger " + cText + ": promoted");
    }
    double gain = higherIsBetter ? c - k : k - c;
    String compared =
        "challenger " + cText + " vs champion " + Durations.value(k) + " on the same held-out data"
            + " (needs " + (higherIsBetter ? "+" : "-") + Durations.value(margin) + ")";
    // A gain equal to the margin counts, up to rounding of the subtraction.
    boolean promote = gain > 0 && gain >= margin - Math.ulp(margin) * 4;
    return new Verdict<>(promote, promote ? challenger : champion.get(), c, kScore, compared + (promote ? ": promoted" : ": kept the champion"));
  }

  /** Mutable builder of a {@link ChampionChallenger}. */
  public static final class Builder<M, D> {
    private final Scorer<M, D> scorer;
    private boolean higherIsBetter = true;
    private double margin;
    private String metric = "score";

    private Builder(Scorer<M, D> scorer) {
      this.scorer = Objects.requireNonNull(scorer, "scorer");
    }

    /** Higher scores are better (accuracy, AUC, R²): the default. */
    public Builder<M, D> higherIsBetter() {
      this.higherIsBetter = true;
      return this;
    }

    /** Lower scores are better (loss, error). */
    public Builder<M, D> lowerIsBetter() {
      this.higherIsBetter = false;
      return this;
    }

    /** How much better the challenger must score, in the score's units (default 0: strictly better). */
    public Builder<M, D> margin(double margin) {
      if (!(margin >= 0) || Double.isInfinite(margin)) {
        throw new IllegalArgumentException("the margin must be a finite number >= 0, got " + margin);
      }
      this.margin = margin;
      return this;
    }

    /** The score's name in reasons, e.g. {@code accuracy} (default {@code score}). */
    public Builder<M, D> metric(String name) {
      this.metric = Objects.requireNonNull(name, "name");
      return this;
    }

    public ChampionChallenger<M, D> build() {
      return new ChampionChallenger<>(this);
    }
  }
}
