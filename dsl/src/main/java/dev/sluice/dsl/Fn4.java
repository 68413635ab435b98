package dev.sluice.dsl;

import java.io.Serializable;

/**
 * The body of a task with four inputs: a serializable function, so that {@link Task} can read its
 * parameter and result types from the lambda or method reference.
 */
@FunctionalInterface
public interface Fn4<A, B, C, D, R> extends Serializable {
  R apply(A a, B b, C c, D d) throws Exception;
}
