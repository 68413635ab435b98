package dev.sluice.core.model;

/**
 * The body of a JVM task once its typed signature is erased: receives the input values in
 * declaration order and returns the output value.
 */
@FunctionalInterface
public interface Invoker {
  Object invoke(Object[] args, TaskContext context) throws Exception;
}
