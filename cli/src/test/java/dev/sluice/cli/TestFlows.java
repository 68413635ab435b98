package dev.sluice.cli;

import dev.sluice.core.model.Approval;
import dev.sluice.dsl.Gate;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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

  /** What the partner-file gate takes. */
  public record FileReady(String uri, long rows) {}

  static final Task1<Approval, String> deploy =
      Task.named("deploy").of(a -> a.approved() ? "deployed (" + a.by() + ": " + a.reason() + ")" : "kept the champion");

  /** prepare → promote (an approval gate, 4 h timeout) → deploy. */
  public static final Workflow<String, String> APPROVAL =
      Workflow.named("approval", String.class, (wf, in) ->
          wf.call(deploy, wf.await(Gate.approval("promote").timeout(Duration.ofHours(4)), wf.call(prepare, in))));

  static final Task1<FileReady, Long> ingest = Task.named("ingest").of(FileReady::rows);

  /** partner-file (a signal gate refusing an empty file) → ingest. */
  public static final Workflow<String, Long> INGEST =
      Workflow.named("ingest", String.class, (wf, in) -> wf.call(ingest, wf.await(Gate.signal("partner-file", FileReady.class)
          .validator(f -> f.rows() > 0 ? Optional.empty() : Optional.of("the file is empty")), wf.call(prepare, in))));

  /** A workflow input with fields. */
  public record Params(String name, double threshold) {}

  static final Task1<Params, String> label = Task.named("label").of(p -> p.name() + "@" + p.threshold());

  /** label, over {@link Params}. */
  public static final Workflow<Params, String> TUNE = Workflow.named("tune", Params.class, (wf, p) -> wf.call(label, p));
}
