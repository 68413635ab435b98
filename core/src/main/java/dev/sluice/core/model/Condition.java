package dev.sluice.core.model;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A test on an upstream value that decides a branch, with a description for logs and diagrams
 * (e.g. {@code "accuracy >= 0.9"}).
 */
public record Condition(String description, Predicate<Object> test) {
  public Condition {
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(test, "test");
  }
}
