package dev.sluice.dsl;

import java.util.List;

/**
 * Prints the body codes of {@link #tasks()}, one a line: run in another JVM by {@link
 * TaskIdentityTest} to show the codes do not depend on the JVM that computes them.
 */
public final class BodyIdChild {
  private BodyIdChild() {}

  /** A lambda, a method reference, an object of a named class, a lambda capturing a value. */
  static List<Task1<?, ?>> tasks() {
    return List.of(
        Task.named("double").of((Integer x) -> x * 2),
        Task.named("scores").of(Fixtures::scores),
        Task.named("square").of(new Fixtures.Square()),
        TaskIdentityTest.scale(3));
  }

  public static void main(String[] args) {
    for (Task1<?, ?> t : tasks()) {
      System.out.println(t.spec().body().id().code());
    }
  }
}
