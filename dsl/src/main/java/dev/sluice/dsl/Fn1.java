package dev.sluice.dsl;

import java.io.Serializable;

/**
 * The body of a task with one input: a serializable function, so that {@link Task} can read its
 * parameter and result types from the lambda or method reference.
 */
@FunctionalInterface
public interface Fn1<A, R> extends Serializable {
  R apply(A a) throws Exception;
}
