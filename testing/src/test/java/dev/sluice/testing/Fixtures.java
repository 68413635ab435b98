package dev.sluice.testing;

import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.Types;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task0;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Task2;
import dev.sluice.dsl.Task3;
import dev.sluice.dsl.Task4;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/** Small workflows the tests of this module run; bodies are real, so an unmocked call shows. */
final class Fixtures {
  private Fixtures() {}

  static final Task1<Integer, Integer> twice = Task.named("twice").of(x -> x * 2);
  static final Task1<Integer, String> describe = Task.named("describe").of(x -> "n=" + x);

  /** twice, then describe: 4 gives "n=8". */
  static final Workflow<Integer, String> CHAIN =
      Workflow.named("chain", Integer.class, (wf, n) -> wf.call(describe, wf.call(twice, n)));

  static final Task1<Integer, Integer> cachedTwice = Task.named("cached-twice").cache("v1").of(x -> x * 2);

  /** cached-twice: a second run with the same input is served from the cache. */
  static final Workflow<Integer, Integer> CACHED =
      Workflow.named("cached", Integer.class, (wf, n) -> wf.call(cachedTwice, n));

  static final Task1<Integer, String> big = Task.named("big").of(x -> "big " + x);
  static final Task1<Integer, String> small = Task.named("small").of(x -> "small " + x);

  /** twice, then a branch "decide": big when the double is over 10, else small. */
  static final Workflow<Integer, String> SIZE =
      Workflow.named(
          "size",
          Integer.class,
          (wf, n) -> {
            Value<Integer> doubled = wf.call(twice, n);
            return wf.when(doubled, "over 10", x -> x > 10)
                .then(big, doubled)
                .otherwise(small, doubled)
                .named("decide");
          });

  static final Task1<Integer, Integer> square = Task.named("square").of(x -> x * x);
  static final Task1<Integer, List<Integer>> range =
      Task.named("range").outputType(Types.listOf(Integer.class))
          .of(n -> IntStream.rangeClosed(1, n).boxed().toList());

  /** range(n), then square over it as the map "squares". */
  static final Workflow<Integer, List<Integer>> SQUARES =
      Workflow.named("squares", Integer.class, (wf, n) -> wf.map(square, wf.call(range, n)).named("squares"));

  /** Fails unless mocked; retried up to 3 attempts, 1 ms apart. */
  static final Task1<Integer, Integer> flaky =
      Task.named("flaky")
          .retry(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(1)).jitter(0).build())
          .of(
              x -> {
                throw new IllegalStateException("the real body of 'flaky' ran");
              });

  static final Workflow<Integer, Integer> FLAKY =
      Workflow.named("flaky-run", Integer.class, (wf, n) -> wf.call(flaky, n));

  /** A task meant for a cluster executor the test engine does not have. */
  static final Task1<Integer, Integer> onCluster = Task.named("on-cluster").executor("k8s").of(x -> x + 1);

  static final Workflow<Integer, Integer> CLUSTER =
      Workflow.named("cluster", Integer.class, (wf, n) -> wf.call(onCluster, n));

  static final Task0<Integer> seed = Task.named("seed").of(() -> 7);
  static final Task2<Integer, Integer, Integer> add = Task.named("add").of((a, b) -> a + b);
  static final Task3<Integer, Integer, Integer, Integer> add3 = Task.named("add3").of((a, b, c) -> a + b + c);
  static final Task4<Integer, Integer, Integer, Integer, String> join4 =
      Task.named("join4").of((a, b, c, d) -> a + "," + b + "," + c + "," + d);

  /** Every arity: seed, add(seed, n), add3(seed, n, sum), join4(...). */
  static final Workflow<Integer, String> ARITIES =
      Workflow.named(
          "arities",
          Integer.class,
          (wf, n) -> {
            Value<Integer> s = wf.call(seed);
            Value<Integer> sum = wf.call(add, s, n);
            Value<Integer> sum3 = wf.call(add3, s, n, sum);
            return wf.call(join4, s, n, sum, sum3);
          });
}
