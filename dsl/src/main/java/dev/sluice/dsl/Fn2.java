package dev.sluice.dsl;

import java.io.Serializable;

/**
 * The body of a task with two inputs: a serializable function, so that {@link Task} can read its
 * parameter and result types from the lambda or method reference.
 */
@FunctionalInterface
public interface Fn2<A, B, R> extends Serializable {
  R apply(A a, B b) throws Exception;
}
