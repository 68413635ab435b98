package dev.sluice.cli;

import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Workflows the CLI's tests look at. */
public final class TestFlows {
  private TestFlows() {}

  private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

  static void release(String key) {
    GATES.computeIfAbsent(key, k -> new CountDownLatch(1)).countDown();
  }

  static final Task1<String, String> prepare = Task.named("prepare").of(s -> s);
  static final Task1<String, String> hold = Task.named("hold").of(key -> {
    try {
      GATES.computeIfAbsent(key, k -> new CountDownLatch(1)).await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return key;
  });

  /** prepare → hold (until released). */
  public static final Workflow<String, String> SLOW =
      Workflow.named("slow", String.class, (wf, key) -> wf.call(hold, wf.call(prepare, key)));

  static final Task1<String, String> breaks =
      Task.named("load-shards").command("sh", "-c", "echo 'disk full on /data/shard-7' >&2; exit 3").of(String.class, String.class);

  /** prepare → load-shards, which fails with a log. */
  public static final Workflow<String, String> FAILING =
      Workflow.named("failing", String.class, (wf, in) -> wf.call(breaks, wf.call(prepare, in)));

  static final Task1<String, Integer> measure = Task.named("measure").cache("v1").of(String::length);

  /** measure, cached. */
  public static final Workflow<String, Integer> CACHED = Workflow.named("cached", String.class, (wf, in) -> wf.call(measure, in));
}
