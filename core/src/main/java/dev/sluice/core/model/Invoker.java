package dev.sluice.core.model;

import java.io.Serializable;

/**
 * The body of a JVM task once its typed signature is erased: receives the input values in
 * declaration order and returns the output value. Serializable so that a lambda's implementing
 * method can be read to identify the body ({@link BodyId#of}); invokers are never serialized.
 */
@FunctionalInterface
public interface Invoker extends Serializable {
  Object invoke(Object[] args, TaskContext context) throws Exception;
}
