package dev.sluice.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.engine.Deadline;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.model.Approval;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.dsl.Gate;
import dev.sluice.dsl.Value;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Alerts delivered to a real local HTTP receiver, including one that is down. */
class RunAlertsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Integer, AtomicInteger> CALLS = new ConcurrentHashMap<>();

  static final Task1<Integer, Integer> boom = Task.named("boom").of(x -> {
    throw new IllegalStateException("the model diverged");
  });
  static final Task1<Integer, Integer> flaky = Task.named("flaky")
      .retry(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(1)).build())
      .of(x -> {
        if (CALLS.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet() < 2) {
          throw new IllegalStateException("flaky");
        }
        return x;
      });
  static final Task1<Integer, Integer> hang = Task.named("hang").of(x -> {
    new CountDownLatch(1).await(30, TimeUnit.SECONDS);
    return x;
  });
  static final Workflow<Integer, Integer> failing = Workflow.named("failing", Integer.class, (wf, in) -> wf.call(boom, in));
  static final Workflow<Integer, Integer> retrying = Workflow.named("retrying", Integer.class, (wf, in) -> wf.call(flaky, in));
  static final Workflow<Integer, Integer> hanging = Workflow.named("hanging", Integer.class, (wf, in) -> wf.call(hang, in));

  @Test
  void aFailedRunIsPostedAsJson() throws Exception {
    try (Receiver receiver = new Receiver(() -> 200);
        RunAlerts alerts = RunAlerts.builder().notifier(WebhookNotifier.json(receiver.url())).build();
        Engine engine = Engine.builder().listener(alerts).build()) {
      RunHandle<Integer> run = engine.run(failing, 1);
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(10)));
      await(() -> receiver.bodies.size() == 1, "the alert was posted");
      JsonNode body = JSON.readTree(receiver.bodies.get(0));
      assertThat(body.get("kind").asText()).isEqualTo("FAILED");
      assertThat(body.get("runId").asText()).isEqualTo(run.runId());
      assertThat(body.get("workflow").asText()).isEqualTo("failing");
      assertThat(body.get("summary").asText()).contains("the model diverged");
      assertThat(body.get("errorType").asText()).isEqualTo("java.lang.IllegalStateException");
    }
  }

  @Test
  void aRunThatSucceededAfterRetriesIsPostedInSlacksShape() throws Exception {
    try (Receiver receiver = new Receiver(() -> 200);
        RunAlerts alerts = RunAlerts.builder().notifier(WebhookNotifier.slack(receiver.url())).build();
        Engine engine = Engine.builder().listener(alerts).build()) {
      RunHandle<Integer> run = engine.run(retrying, 41);
      assertThat(run.await(Duration.ofSeconds(10))).isEqualTo(41);
      await(() -> receiver.bodies.size() == 1, "the alert was posted");
      JsonNode body = JSON.readTree(receiver.bodies.get(0));
      assertThat(body.fieldNames()).toIterable().containsExactly("text");
      assertThat(body.get("text").asText()).contains("succeeded after retries").contains("`retrying`").contains(run.runId());
      // a run that needed no retry is not worth an alert: the next alert is the retried run's
      CALLS.put(7, new AtomicInteger(5));
      engine.run(retrying, 7).await(Duration.ofSeconds(10)); // first attempt succeeds: no alert
      RunHandle<Integer> again = engine.run(retrying, 1041); // fails once, retried: alerts
      again.await(Duration.ofSeconds(10));
      await(() -> receiver.bodies.size() == 2, "the retried run's alert was posted");
      assertThat(receiver.bodies.get(1)).contains(again.runId());
    }
  }

  @Test
  void aLaunchPlansSlaAlertsLateAndCancelsTheRun() throws Exception {
    try (Receiver receiver = new Receiver(() -> 200);
        RunAlerts alerts = RunAlerts.builder().notifier(WebhookNotifier.json(receiver.url()))
            .only(Alert.Kind.LATE).build();
        Engine engine = Engine.builder().listener(alerts).build()) {
      LaunchPlan<Integer, Integer> plan = LaunchPlan.builder("nightly", hanging).defaultInput(1)
          .sla(Deadline.cancelAfter(Duration.ofMillis(100))).build();
      RunHandle<Integer> run = plan.launch(engine);
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(10))).hasMessageContaining("cancelled");
      assertThat(run.status().state()).isEqualTo(RunState.CANCELLED);
      await(() -> receiver.bodies.size() == 1, "the late alert was posted");
      JsonNode body = JSON.readTree(receiver.bodies.get(0));
      assertThat(body.get("kind").asText()).isEqualTo("LATE");
      assertThat(body.get("deadlineSeconds").asLong()).isZero();
      assertThat(body.get("summary").asText()).contains("being cancelled");
    }
  }

  static final Gate<Approval> PROMOTE = Gate.approval("promote").timeout(Duration.ofHours(4));
  static final Workflow<Integer, Approval> gated = Workflow.named("gated", Integer.class, (wf, in) -> {
    Value<Instant> rested = wf.sleep(Duration.ofMillis(1)); // a sleep waits for no one: no alert
    return wf.await(PROMOTE, rested);
  });

  @Test
  void aGateWaitingForApprovalIsPostedWithWhatItWaitsForUntilWhenAndHowToApprove() throws Exception {
    try (Receiver receiver = new Receiver(() -> 200);
        RunAlerts alerts = RunAlerts.builder().notifier(WebhookNotifier.json(receiver.url()))
            .notifier(WebhookNotifier.slack(receiver.url())).only(Alert.Kind.WAITING).build();
        Engine engine = Engine.builder().listener(alerts).build()) {
      RunHandle<Approval> run = engine.run(gated, 1);
      await(() -> receiver.bodies.size() == 2, "the waiting alert was posted to both notifiers");
      JsonNode body = JSON.readTree(receiver.bodies.stream().filter(b -> b.contains("\"kind\"")).findFirst().orElseThrow());
      assertThat(body.get("kind").asText()).isEqualTo("WAITING");
      assertThat(body.get("runId").asText()).isEqualTo(run.runId());
      assertThat(body.get("workflow").asText()).isEqualTo("gated");
      JsonNode gate = body.get("gate");
      assertThat(gate.get("path").asText()).isEqualTo("promote");
      assertThat(gate.get("signal").asText()).isEqualTo("promote");
      assertThat(gate.get("expects").asText()).contains("promote");
      Instant since = Instant.parse(gate.get("since").asText());
      assertThat(Instant.parse(gate.get("until").asText())).isEqualTo(since.plus(Duration.ofHours(4)));
      assertThat(gate.get("howToSignal").asText()).contains(run.runId()).contains("\"promote\"")
          .contains("Approval.approve(by, reason)");
      assertThat(body.get("summary").asText()).contains("waits at gate 'promote'").contains("until");
      String slack = receiver.bodies.stream().filter(b -> b.contains("\"text\"")).findFirst().orElseThrow();
      assertThat(JSON.readTree(slack).get("text").asText()).contains(":raised_hand:").contains("To decide:")
          .contains(run.runId());
      assertThat(receiver.bodies).noneMatch(b -> b.contains("SECRET-TOKEN"));

      engine.signal(run.runId(), "promote", Approval.approve("ana", "better AUC"), "decision-1");
      assertThat(run.await(Duration.ofSeconds(10)).approved()).isTrue();
      assertThat(receiver.bodies).as("one alert per notifier, none for the sleep").hasSize(2);
    }
  }

  @Test
  void aGateIsAlertedOnlyOnceItWaitedLongerThanTheThresholdAndNotWhenSignalledBefore() throws Exception {
    try (Receiver receiver = new Receiver(() -> 200);
        RunAlerts alerts = RunAlerts.builder().notifier(WebhookNotifier.json(receiver.url()))
            .waitingAfter(Duration.ofSeconds(2)).howToSignal((run, gate) -> "sluice approve " + run + " " + gate.path())
            .build();
        Engine engine = Engine.builder().listener(alerts).build()) {
      RunHandle<Approval> quick = engine.run(gated, 1);
      await(() -> engine.waitingGates(quick.runId()).stream().anyMatch(g -> g.path().equals("promote")),
          "the first run's gate waits");
      engine.signal(quick.runId(), "promote", Approval.reject("ana", "worse"), "decision-quick");
      assertThat(quick.await(Duration.ofSeconds(10)).approved()).isFalse();

      RunHandle<Approval> slow = engine.run(gated, 2);
      await(() -> receiver.bodies.size() == 1, "the alert of the gate still waiting after the threshold");
      JsonNode body = JSON.readTree(receiver.bodies.get(0));
      assertThat(body.get("runId").asText()).as("not the run signalled in time").isEqualTo(slow.runId());
      assertThat(body.get("gate").get("howToSignal").asText()).isEqualTo("sluice approve " + slow.runId() + " promote");
      assertThat(Duration.between(Instant.parse(body.get("gate").get("since").asText()), Instant.parse(body.get("at").asText())))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
      slow.cancel();
    }
    assertThatThrownBy(() -> RunAlerts.builder().waitingAfter(Duration.ofSeconds(-1)))
        .hasMessageContaining("zero or more");
  }

  @Test
  void aReceiverThatIsDownForAWhileGetsTheAlertOnARetry() throws Exception {
    AtomicInteger answers = new AtomicInteger();
    try (Receiver receiver = new Receiver(() -> answers.incrementAndGet() <= 2 ? 503 : 200);
        RunAlerts alerts = RunAlerts.builder().notifier(WebhookNotifier.json(receiver.url()))
            .retry(4, Duration.ofMillis(10)).build();
        Engine engine = Engine.builder().listener(alerts).build()) {
      assertThatThrownBy(() -> engine.run(failing, 2).await(Duration.ofSeconds(10)));
      await(() -> answers.get() == 3, "three posts: two refused, the third accepted");
      assertThat(receiver.bodies).hasSize(3).allMatch(b -> b.contains("\"kind\":\"FAILED\""));
    }
  }

  @Test
  void aReceiverThatHangsNeverHoldsTheRunAndItsFailureIsReportedAfterTheRetries() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger received = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    try (Receiver receiver = new Receiver(() -> {
          received.incrementAndGet();
          try {
            release.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return 503;
        });
        RunAlerts alerts = RunAlerts.builder()
            .notifier(WebhookNotifier.builder(receiver.url()).timeout(Duration.ofSeconds(15)).build())
            .retry(2, Duration.ofMillis(10))
            .onDeliveryFailure((alert, error) -> failures.add(error))
            .build();
        Engine engine = Engine.builder().listener(alerts).build()) {
      RunHandle<Integer> run = engine.run(failing, 3);
      assertThatThrownBy(() -> run.await(Duration.ofSeconds(10)));
      await(() -> received.get() == 1, "the receiver holds the first post");
      assertThat(run.isDone()).as("the run ended while its alert is still being posted").isTrue();
      assertThat(failures).isEmpty();
      release.countDown();
      await(() -> failures.size() == 1, "the failure was reported after the last attempt");
      assertThat(received.get()).isEqualTo(2);
      assertThat(failures.get(0)).hasMessageContaining("answered 503").hasMessageNotContaining("SECRET-TOKEN");
    }
  }

  @Test
  void aReceiverThatIsGoneIsReportedUnreachableWithoutItsSecretPath() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    URI gone = URI.create("http://127.0.0.1:" + port + "/hooks/T000/SECRET-TOKEN");
    try (RunAlerts alerts = RunAlerts.builder()
            .notifier(WebhookNotifier.builder(gone).timeout(Duration.ofSeconds(2)).build())
            .retry(3, Duration.ofMillis(10))
            .onDeliveryFailure((alert, error) -> failures.add(error))
            .build();
        Engine engine = Engine.builder().listener(alerts).build()) {
      assertThatThrownBy(() -> engine.run(failing, 4).await(Duration.ofSeconds(10)));
      await(() -> failures.size() == 1, "the failure was reported");
      assertThat(failures.get(0)).hasMessageContaining("could not be reached").hasMessageNotContaining("SECRET-TOKEN");
    }
  }

  @Test
  void badConfigurationIsRefusedWithTheFix() {
    assertThatThrownBy(() -> WebhookNotifier.json(URI.create("ftp://example.com/x")))
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> RunAlerts.builder().build()).hasMessageContaining("notifier(");
  }

  private static void await(BooleanSupplier condition, String what) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not reached within 20 s: " + what);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
