package dev.sluice.benchmarks.coldstart;

import dev.sluice.core.engine.Engine;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Task2;
import dev.sluice.dsl.Task4;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One cold start, for {@code benchmarks/cold-start.sh}, which times whole {@code java} processes
 * running it: {@code ColdStart <impl> <workflow>} with impl {@code sluice} (an {@code Engine.local()},
 * one run, close) or {@code completableFuture} (the same tasks by hand with {@link CompletableFuture}s
 * on the common pool), or {@code none} (an empty {@code main}: the JVM's own start); workflow {@code
 * hello} (the getting-started example: {@code greet} then {@code exclaim}) or {@code twenty} (20
 * nodes: a source, 14 increments reading it, 4 joins of at most 4 of them, a final 4-input join).
 * Checks the output; with {@code -Dcoldstart.verbose=true} prints where the time went.
 */
public final class ColdStart {

  static final Task1<String, String> greet = Task.named("greet").of(name -> "Hello, " + name);
  static final Task1<String, String> exclaim = Task.named("exclaim").of(text -> text + "!");
  static final Task1<Long, Long> source = Task.named("source").of(x -> x);
  static final Task1<Long, Long> inc = Task.named("inc").of(x -> x + 1);
  static final Task2<Long, Long, Long> join2 = Task.named("join2").of((a, b) -> a + b);
  static final Task4<Long, Long, Long, Long, Long> join4 = Task.named("join4").of((a, b, c, d) -> a + b + c + d);

  /** Increments in the 20-node workflow. */
  static final int WIDTH = 14;

  private ColdStart() {}

  public static void main(String[] args) {
    long t0 = System.nanoTime();
    String impl = args.length > 0 ? args[0] : "sluice";
    String workflow = args.length > 1 ? args[1] : "hello";
    Object out;
    long built = t0;
    long ran = t0;
    switch (impl) {
      case "none":
        return;
      case "sluice":
        {
          Workflow<String, String> h = workflow.equals("hello") ? hello() : null;
          Workflow<Long, Long> t = h == null ? twenty() : null;
          try (Engine engine = Engine.local()) {
            built = System.nanoTime();
            out = h != null ? engine.run(h, "Sluice").await() : engine.run(t, 0L).await();
            ran = System.nanoTime();
          }
          check(workflow, out);
          break;
        }
      case "completableFuture":
        out = workflow.equals("hello") ? helloByHand() : twentyByHand();
        built = t0;
        ran = System.nanoTime();
        check(workflow, out);
        break;
      default:
        throw new IllegalArgumentException("impl: sluice, completableFuture or none, not '" + impl + "'");
    }
    if (Boolean.getBoolean("coldstart.verbose")) {
      long end = System.nanoTime();
      System.err.printf(
          Locale.ROOT,
          "%s %s: define + engine %.1f ms, run %.1f ms, close %.1f ms%n",
          impl,
          workflow,
          (built - t0) / 1e6,
          (ran - built) / 1e6,
          (end - ran) / 1e6);
    }
  }

  private static void check(String workflow, Object out) {
    Object want = workflow.equals("hello") ? "Hello, Sluice!" : (long) WIDTH;
    if (!want.equals(out)) {
      throw new IllegalStateException(workflow + " returned " + out + ", expected " + want);
    }
  }

  static Workflow<String, String> hello() {
    return Workflow.named("hello", String.class, (wf, name) -> wf.call(exclaim, wf.call(greet, name)));
  }

  static Workflow<Long, Long> twenty() {
    return Workflow.named(
        "twenty",
        Long.class,
        (wf, in) -> {
          Value<Long> s = wf.call(source, in);
          List<Value<Long>> incs = new ArrayList<>();
          for (int i = 0; i < WIDTH; i++) {
            incs.add(wf.call(inc, s));
          }
          List<Value<Long>> joins = new ArrayList<>();
          for (int g = 0; g < WIDTH; g += 4) {
            joins.add(
                g + 2 >= WIDTH
                    ? wf.call(join2, incs.get(g), incs.get(g + 1))
                    : wf.call(join4, incs.get(g), incs.get(g + 1), incs.get(g + 2), incs.get(g + 3)));
          }
          return wf.call(join4, joins.get(0), joins.get(1), joins.get(2), joins.get(3));
        });
  }

  static String helloByHand() {
    return CompletableFuture.supplyAsync(() -> "Hello, " + "Sluice")
        .thenApplyAsync(text -> text + "!")
        .join();
  }

  @SuppressWarnings("unchecked")
  static long twentyByHand() {
    CompletableFuture<Long> s = CompletableFuture.supplyAsync(() -> 0L);
    CompletableFuture<Long>[] incs = new CompletableFuture[WIDTH];
    for (int i = 0; i < WIDTH; i++) {
      incs[i] = s.thenApplyAsync(x -> x + 1);
    }
    List<CompletableFuture<Long>> joins = new ArrayList<>();
    for (int g = 0; g < WIDTH; g += 4) {
      CompletableFuture<Long>[] group = java.util.Arrays.copyOfRange(incs, g, Math.min(WIDTH, g + 4));
      joins.add(
          CompletableFuture.allOf(group)
              .thenApplyAsync(
                  ignored -> {
                    long sum = 0;
                    for (CompletableFuture<Long> f : group) {
                      sum += f.join();
                    }
                    return sum;
                  }));
    }
    return CompletableFuture.allOf(joins.toArray(new CompletableFuture[0]))
        .thenApplyAsync(ignored -> joins.stream().mapToLong(CompletableFuture::join).sum())
        .join();
  }
}
