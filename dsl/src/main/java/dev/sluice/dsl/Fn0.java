package dev.sluice.dsl;

import java.io.Serializable;

/**
 * The body of a task with no input: a serializable function, so that {@link Task} can read its
 * parameter and result types from the lambda or method reference.
 */
@FunctionalInterface
public interface Fn0<R> extends Serializable {
  R apply() throws Exception;
}
