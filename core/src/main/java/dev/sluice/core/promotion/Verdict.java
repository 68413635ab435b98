package dev.sluice.core.promotion;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a {@link ChampionChallenger} gate decided: whether to promote the challenger, both scores
 * on the same held-out data, and why in words.
 *
 * @param promote whether the challenger should replace the champion
 * @param model the model to serve from now on (the challenger if promoted, else the champion)
 * @param challengerScore the challenger's score
 * @param championScore the champion's score; empty if there was no champion
 * @param reason e.g. {@code challenger 0.93 beats champion 0.71 by 0.22 (margin 0.02): promoted}
 * @param <M> the model type
 */
public record Verdict<M>(
    boolean promote, M model, double challengerScore, OptionalDouble championScore, String reason) {
  public Verdict {
    Objects.requireNonNull(championScore, "championScore");
    Objects.requireNonNull(reason, "reason");
  }
}
