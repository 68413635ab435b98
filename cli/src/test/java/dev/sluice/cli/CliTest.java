package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.console.Console;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunState;
import dev.sluice.core.launch.LaunchPlan;
import dev.sluice.core.launch.Schedule;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.RunStores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code sluice} command over a filesystem run store, and through a console. */
class CliTest {
  static final String TOKEN = "cli-test-token-0123456789";
  @TempDir Path dir;
  RunStore runStore;
  Engine engine;
  String store;
  String ok;
  String failed;

  @BeforeEach
  void setUp() throws Exception {
    runStore = RunStores.filesystem(dir.resolve("store"));
    engine = Engine.builder().workDirectory(dir).runStore(runStore).workflows(TestFlows.SLOW, TestFlows.FAILING, TestFlows.CACHED).build();
    store = dir.resolve("store").toString();
    ok = engine.run(TestFlows.CACHED, "hello").runId();
    engine.activeRun(ok).ifPresent(r -> r.completion().toCompletableFuture().join());
    RunHandle<String> f = engine.run(TestFlows.FAILING, "x");
    assertThatThrownBy(() -> f.await(Duration.ofSeconds(30))).isInstanceOf(RunFailedException.class);
    failed = f.runId();
    await("both runs journaled as ended", () -> Cli.run("--store", store, "runs", "--state", "SUCCEEDED,FAILED").out().contains(ok)
        && Cli.run("--store", store, "runs", "--state", "FAILED").out().contains(failed));
  }

  @AfterEach
  void tearDown() {
    engine.close();
    runStore.close();
  }

  @Test
  void runsPrintsATableNewestFirstAndJsonForScripts() throws Exception {
    Cli.Result r = Cli.run("--store", store, "runs");
    assertThat(r.exit()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0]).startsWith("RUN").contains("WORKFLOW", "STATE", "STARTED", "DURATION", "ORIGIN");
    assertThat(lines[1]).startsWith(failed).contains("failing", "FAILED", "user:");
    assertThat(lines[2]).startsWith(ok).contains("cached", "SUCCEEDED");
    assertThat(r.out()).doesNotContain("\u001b[");

    JsonNode json = new ObjectMapper().readTree(Cli.run("--store", store, "runs", "--json", "--workflow", "cached").out());
    assertThat(json.path("runs")).hasSize(1);
    assertThat(json.path("runs").get(0).path("runId").asText()).isEqualTo(ok);

    Cli.Result page = Cli.run("--store", store, "runs", "-n", "1");
    assertThat(page.out()).contains(failed).doesNotContain(ok);
    assertThat(page.err()).contains("more: sluice runs --after");
    assertThat(Cli.run("--store", store, "--color", "always", "runs").out()).contains("\u001b[31mFAILED\u001b[0m");
  }

  @Test
  void runShowPrintsTheNodeTableAndLogsTheLogTail() {
    Cli.Result show = Cli.run("--store", store, "run", "show", failed);
    assertThat(show.exit()).isZero();
    assertThat(show.out()).contains("run " + failed + " (failing v1): FAILED")
        .containsPattern("load-shards\\s+task\\s+FAILED\\s+1")
        .contains("NODE", "EXECUTOR", "local");
    Cli.Result logs = Cli.run("--store", store, "run", "logs", failed, "load-shards");
    assertThat(logs.exit()).isZero();
    assertThat(logs.out()).contains("attempt 1 on local").contains("--- log tail ---").contains("disk full on /data/shard-7");
    assertThat(Cli.run("--store", store, "run", "history", ok).out()).contains("run-started", "measure", "SUCCEEDED");
  }

  @Test
  void errorsSayWhatToDoAndExitCodesMeanSomething() {
    Cli.Result noStore = Cli.run("runs");
    assertThat(noStore.exit()).isEqualTo(2);
    assertThat(noStore.err()).contains("pass --store");
    Cli.Result missingFolder = Cli.run("--store", dir.resolve("nope").toString(), "runs");
    assertThat(missingFolder.exit()).isEqualTo(3);
    assertThat(missingFolder.err()).contains("no run store at").contains("does not exist");
    Cli.Result noRun = Cli.run("--store", store, "run", "show", "nope");
    assertThat(noRun.exit()).isEqualTo(3);
    assertThat(noRun.err()).contains("no run 'nope'");
    Cli.Result badId = Cli.run("--store", store, "run", "show", "a/b");
    assertThat(badId.exit()).isEqualTo(2);
    assertThat(badId.err()).contains("run id 'a/b' has a '/'");
    Cli.Result badNode = Cli.run("--store", store, "run", "logs", failed, "nope");
    assertThat(badNode.exit()).isEqualTo(3);
    assertThat(badNode.err()).contains("has no node 'nope'; its nodes: [prepare, load-shards]");
    Cli.Result badState = Cli.run("--store", store, "runs", "--state", "done");
    assertThat(badState.exit()).isEqualTo(2);
    assertThat(badState.err()).contains("state 'done' is not one of");
    Cli.Result badSince = Cli.run("--store", store, "runs", "--since", "last week");
    assertThat(badSince.exit()).isEqualTo(2);
    assertThat(badSince.err()).contains("neither a duration");
    Cli.Result unknown = Cli.run("--store", store, "frobnicate");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unmatched argument");
  }

  @Test
  void actionsOverAStoreAloneSayToGoThroughAConsole() {
    Cli.Result r = Cli.run("--store", store, "recover", failed);
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("sluice --console http://127.0.0.1:8080 --token <token> recover " + failed);
    Cli.Result ended = Cli.run("--store", store, "cancel", ok); // a cancel request is kept in the store: not for an ended run
    assertThat(ended.exit()).isEqualTo(1);
    assertThat(ended.err()).contains("already ended SUCCEEDED; nothing to cancel");
    assertThat(Cli.run("--store", store, "plans").err()).contains("ask its console");
  }

  @Test
  void throughAConsoleTheCliCancelsLaunchesAndListsPlans() {
    LaunchPlan<String, Integer> nightly = LaunchPlan.builder("nightly", TestFlows.CACHED).defaultInput("nightly")
        .schedule(Schedule.cron("0 2 * * *", ZoneOffset.UTC)).build();
    try (Console console = Console.builder().engine(engine).launchPlan(nightly).port(0).token(TOKEN).announce(null).start()) {
      String url = console.uri().toString();
      String key = "cli-cancel-" + System.nanoTime();
      RunHandle<String> slow = engine.run(TestFlows.SLOW, key);
      await("hold running", () -> slow.status().node("hold").map(n -> n.state().name().equals("RUNNING")).orElse(false));

      Cli.Result noToken = Cli.run("--console", url, "cancel", slow.runId());
      assertThat(noToken.exit()).isEqualTo(2);
      assertThat(noToken.err()).contains("pass --token or set SLUICE_CONSOLE_TOKEN");
      Cli.Result wrongToken = Cli.run("--console", url, "--token", "wrong-token-0000000000", "cancel", slow.runId());
      assertThat(wrongToken.exit()).isEqualTo(1);
      assertThat(slow.isDone()).isFalse();

      Cli.Result cancel = Cli.run(java.util.Map.of("SLUICE_CONSOLE_TOKEN", TOKEN), "--console", url, "cancel", slow.runId());
      assertThat(cancel.exit()).as(cancel.err()).isZero();
      assertThat(cancel.out()).contains("cancelled run " + slow.runId());
      assertThatThrownBy(() -> slow.await(Duration.ofSeconds(30))).isInstanceOf(RunFailedException.class);
      assertThat(slow.status().state()).isEqualTo(RunState.CANCELLED);
      Cli.Result again = Cli.run("--console", url, "--token", TOKEN, "cancel", slow.runId());
      assertThat(again.exit()).isEqualTo(1);
      assertThat(again.err()).contains("already ended CANCELLED");

      Cli.Result plans = Cli.run("--console", url, "plans");
      assertThat(plans.out()).contains("nightly", "cached", "T02:00:00Z".replace("T", " ").replace(":00Z", ":00Z"));
      Cli.Result launch = Cli.run("--console", url, "--token", TOKEN, "plan", "launch", "nightly", "--wait");
      assertThat(launch.exit()).as(launch.err()).isZero();
      assertThat(launch.out()).contains("launched plan 'nightly' as run").contains("measure SUCCEEDED").contains("SUCCEEDED");
      assertThat(Cli.run("--console", url, "run", "show", failed).out()).contains("load-shards");
      assertThat(Cli.run("--console", url, "--token", TOKEN, "plan", "launch", "weekly").err())
          .contains("no launch plan 'weekly'");
      Cli.Result triggers = Cli.run("--console", url, "triggers");
      assertThat(triggers.exit()).isZero();
      assertThat(triggers.err()).contains("serves no triggers");
    }
    Cli.Result gone = Cli.run("--console", "http://127.0.0.1:1", "runs");
    assertThat(gone.exit()).isEqualTo(4);
    assertThat(gone.err()).contains("no console answers at");
  }

  @Test
  void dagPrintsMermaidOrDotOfAWorkflowField() {
    Cli.Result mermaid = Cli.run("dag", TestFlows.class.getName() + "#SLOW");
    assertThat(mermaid.exit()).isZero();
    assertThat(mermaid.out()).contains("prepare").contains("hold");
    Cli.Result dot = Cli.run("dag", TestFlows.class.getName() + "#FAILING", "--format", "dot");
    assertThat(dot.out()).startsWith("digraph \"failing\"").contains("\"prepare\" -> \"load-shards\";");
    Cli.Result several = Cli.run("dag", TestFlows.class.getName());
    assertThat(several.exit()).isEqualTo(2);
    assertThat(several.err()).contains("several static workflow fields").contains("SLOW", "FAILING", "CACHED");
    assertThat(Cli.run("dag", "com.acme.Nope").err()).contains("no class com.acme.Nope on the class path");
  }

  @Test
  void everyCommandHasHelpAndTheShellGetsCompletion() {
    for (String[] cmd : new String[][] {{"--help"}, {"runs", "--help"}, {"run", "show", "--help"}, {"run", "logs", "--help"},
        {"run", "watch", "--help"}, {"cancel", "--help"}, {"resume", "--help"}, {"recover", "--help"}, {"plans", "--help"},
        {"plan", "launch", "--help"}, {"triggers", "--help"}, {"console", "--help"}, {"dag", "--help"}}) {
      Cli.Result r = Cli.run(cmd);
      assertThat(r.exit()).as(String.join(" ", cmd)).isZero();
      assertThat(r.out()).as(String.join(" ", cmd)).contains("Usage: sluice");
    }
    assertThat(Cli.run("--help").out()).contains("Exit codes: 0 done");
    Cli.Result completion = Cli.run("generate-completion");
    assertThat(completion.exit()).isZero();
    assertThat(completion.out()).contains("complete -F");
  }

  @Test
  void consoleServesThePageOverTheStoreUntilStopped() throws Exception {
    java.io.StringWriter out = new java.io.StringWriter();
    Thread serving = new Thread(() -> SluiceCommand.run(new String[] {"--store", store, "console", "--port", "0"},
        java.util.Map.of(), new java.io.PrintWriter(out, true), new java.io.PrintWriter(new java.io.StringWriter()), false));
    serving.start();
    try {
      // the announcement reaches the writer byte by byte: wait for its whole line, not its start
      await("the console announced its whole line", () -> announcement(out) != null);
      String line = announcement(out);
      assertThat(line).contains("(read-only: no engine attached)");
      String url = line.substring("Sluice console: ".length(), line.indexOf('#'));
      java.net.http.HttpResponse<String> runs = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(url + "api/runs")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(runs.body()).contains(ok, failed);
    } finally {
      serving.interrupt();
      serving.join(10_000);
    }
    assertThat(serving.isAlive()).isFalse();
  }

  /** The console's announcement line once it is written whole (up to its line break), else null. */
  private static String announcement(java.io.StringWriter out) {
    String text = out.toString();
    int at = text.indexOf("Sluice console: http://127.0.0.1:");
    int end = at < 0 ? -1 : text.indexOf('\n', at);
    return end < 0 ? null : text.substring(at, end).strip();
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within 30 s: " + what);
      }
      LockSupport.parkNanos(10_000_000);
    }
  }
}
