package dev.sluice.core.promotion;

/**
 * Scores a model on held-out data, e.g. its accuracy or its mean squared error. The gate calls it
 * for the champion and the challenger with the same data.
 *
 * @param <M> the model type
 * @param <D> the held-out data type
 */
@FunctionalInterface
public interface Scorer<M, D> {
  double score(M model, D heldOut);
}
