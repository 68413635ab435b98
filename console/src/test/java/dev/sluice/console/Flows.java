package dev.sluice.console;

import dev.sluice.core.model.Approval;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.dsl.Gate;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Workflow;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Workflows the console's tests operate: one that waits for a test's go, one that fails with a log, … */
final class Flows {
  private Flows() {}

  private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

  /** Lets the runs waiting on {@code key} go on. */
  static void release(String key) {
    gate(key).countDown();
  }

  private static CountDownLatch gate(String key) {
    return GATES.computeIfAbsent(key, k -> new CountDownLatch(1));
  }

  static final Task1<String, String> prepare = Task.named("prepare").of(s -> s);

  static final Task1<String, String> hold =
      Task.named("hold").of(key -> {
        try {
          if (!gate(key).await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released " + key);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        }
        return key;
      });

  static final Task1<String, String> finish = Task.named("finish").of(s -> s + "!");

  /** prepare → hold (until {@link #release}) → finish. */
  static final Workflow<String, String> SLOW =
      Workflow.named("slow", String.class, (wf, key) -> {
        Value<String> p = wf.call(prepare, key);
        Value<String> h = wf.call(hold, p);
        return wf.call(finish, h);
      });

  static final Task1<String, String> breaks =
      Task.named("load-shards").command("sh", "-c", "echo 'reading shard 7' ; echo 'disk full on /data/shard-7' >&2; exit 3")
          .of(String.class, String.class);

  /** prepare → load-shards (a command that fails, exit 3, with a log). */
  static final Workflow<String, String> FAILING =
      Workflow.named("failing", String.class, (wf, in) -> wf.call(breaks, wf.call(prepare, in)));

  static final Task1<String, String> flaky =
      Task.named("flaky").retry(RetryPolicy.exponential(3, Duration.ofMillis(20))).of(key -> {
        if (CALLS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() == 1) {
          throw new IllegalStateException("first attempt fails");
        }
        return key;
      });

  /** flaky: fails its first attempt, succeeds on the second. */
  static final Workflow<String, String> FLAKY = Workflow.named("flaky-flow", String.class, (wf, in) -> wf.call(flaky, in));

  static final Task1<String, Integer> measure = Task.named("measure").cache("v1").of(String::length);

  /** measure (cached): a second run with the same input is served from the cache. */
  static final Workflow<String, Integer> CACHED = Workflow.named("cached", String.class, (wf, in) -> wf.call(measure, in));

  static final String SECRET = "s3cr3t-value-never-shown";

  static final Task1<String, String> secretive =
      Task.named("secretive").command("sh", "-c", "printf '\"ok\"' > \"$SLUICE_OUTPUTS_URI\"")
          .env("API_KEY", SECRET).of(String.class, String.class);

  /** A command task with an API key in its environment. */
  static final Workflow<String, String> SECRETIVE = Workflow.named("secretive", String.class, (wf, in) -> wf.call(secretive, in));

  /** What the partner-file gate takes. */
  public record FileReady(String uri, long rows) {}

  /** An approval gate. */
  static final Gate<Approval> PROMOTE = Gate.approval("promote").timeout(Duration.ofHours(4));

  /** A signal gate whose validator refuses an empty file. */
  static final Gate<FileReady> PARTNER_FILE =
      Gate.signal("partner-file", FileReady.class)
          .validator(f -> f.rows() > 0 ? Optional.empty() : Optional.of("the file is empty"));

  static final Task1<Approval, String> deploy =
      Task.named("deploy").of(a -> a.approved() ? "deployed (" + a.by() + ": " + a.reason() + ")" : "kept the champion");

  static final Task1<FileReady, Long> ingest = Task.named("ingest").of(FileReady::rows);

  /** prepare → promote (an approval gate) → deploy. */
  static final Workflow<String, String> APPROVAL =
      Workflow.named("approval", String.class, (wf, in) -> wf.call(deploy, wf.await(PROMOTE, wf.call(prepare, in))));

  /** partner-file (a signal gate with a validator) → ingest. */
  static final Workflow<String, Long> INGEST =
      Workflow.named("ingest", String.class, (wf, in) -> wf.call(ingest, wf.await(PARTNER_FILE, wf.call(prepare, in))));

  /** A workflow input with fields, to fork with a changed field. */
  public record Params(String name, double threshold) {}

  static final Task1<Params, String> label = Task.named("label").of(p -> p.name() + "@" + p.threshold());

  static final Task1<String, String> shout = Task.named("shout").of(s -> s.toUpperCase(java.util.Locale.ROOT));

  /** label → shout, over {@link Params}. */
  static final Workflow<Params, String> TUNE =
      Workflow.named("tune", Params.class, (wf, p) -> wf.call(shout, wf.call(label, p)));
}
