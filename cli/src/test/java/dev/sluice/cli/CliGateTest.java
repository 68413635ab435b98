package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.console.Console;
import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.NodeState;
import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.RunStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice gates|signal|approve|reject|fork}, over a store alone and through a console. */
class CliGateTest {
  static final String TOKEN = "cli-gate-token-0123456789";
  @TempDir Path dir;
  RunStore runStore;
  Engine engine;
  String store;

  @BeforeEach
  void setUp() {
    runStore = RunStores.filesystem(dir.resolve("store"));
    engine = Engine.builder().workDirectory(dir).runStore(runStore).leaseTtl(Duration.ofSeconds(3))
        .workflows(TestFlows.APPROVAL, TestFlows.INGEST, TestFlows.TUNE).build();
    store = dir.resolve("store").toString();
  }

  @AfterEach
  void tearDown() {
    engine.close();
    runStore.close();
  }

  private <O> RunHandle<O> waitingAt(RunHandle<O> run, String gate) {
    await(gate + " waiting", () -> run.status().node(gate).map(n -> n.state() == NodeState.WAITING).orElse(false));
    return run;
  }

  @Test
  void overAStoreAloneGatesAreListedAndAnApprovalIsStoredForTheEngineThatHoldsTheRun() throws Exception {
    RunHandle<String> run = waitingAt(engine.run(TestFlows.APPROVAL, "m"), "promote");
    await("journal shows the gate", () -> Cli.run("--store", store, "gates").out().contains(run.runId()));
    Cli.Result gates = Cli.run("--store", store, "gates");
    assertThat(gates.out().split("\n")[0]).startsWith("RUN").contains("GATE", "WAITS FOR", "UNTIL");
    assertThat(gates.out()).contains("promote", "approval 'promote' (Approval)");
    assertThat(Cli.run("--store", store, "gates", run.runId(), "--json").out()).contains("\"approval\" : true");

    Cli.Result approve = Cli.run("--store", store, "approve", run.runId(), "promote", "--by", "ada", "--reason", "beats it");
    assertThat(approve.exit()).as(approve.err()).isZero();
    assertThat(approve.out()).startsWith("STORED").contains("kept in the run store");
    assertThat(run.await(Duration.ofSeconds(30))).isEqualTo("deployed (ada: beats it)");

    Cli.Result fork = Cli.run("--store", store, "fork", run.runId(), "--from", "deploy");
    assertThat(fork.exit()).isEqualTo(1);
    assertThat(fork.err()).contains("point the CLI at that program's console");

    RunHandle<String> other = waitingAt(engine.run(TestFlows.APPROVAL, "n"), "promote");
    Cli.Result cancel = Cli.run("--store", store, "cancel", other.runId());
    assertThat(cancel.exit()).as(cancel.err()).isZero();
    assertThat(cancel.out()).startsWith("REQUESTED");
    await("cancelled by the engine holding it", other::isDone);
    assertThat(other.status().state()).isEqualTo(dev.sluice.core.engine.RunState.CANCELLED);
  }

  @Test
  void throughAConsoleSignalsAreAppliedRefusalsExplainedAndRunsForked() throws Exception {
    try (Console console = Console.builder().engine(engine).port(0).token(TOKEN).announce(null).start()) {
      String url = console.uri().toString();
      RunHandle<Long> run = waitingAt(engine.run(TestFlows.INGEST, "p"), "partner-file");

      Cli.Result empty = Cli.run("--console", url, "--token", TOKEN, "signal", run.runId(), "partner-file",
          "--payload", "{\"uri\":\"s3://in/f.csv\",\"rows\":0}");
      assertThat(empty.exit()).isEqualTo(1);
      assertThat(empty.err()).contains("refused by its validator: the file is empty");
      Cli.Result unknown = Cli.run("--console", url, "--token", TOKEN, "signal", run.runId(), "nope", "--payload", "{}");
      assertThat(unknown.exit()).isEqualTo(3);
      assertThat(unknown.err()).contains("has no gate 'nope'");

      Cli.Result ok = Cli.run("--console", url, "--token", TOKEN, "signal", run.runId(), "partner-file",
          "--payload", "{\"uri\":\"s3://in/f.csv\",\"rows\":12}", "--id", "drop-1");
      assertThat(ok.exit()).as(ok.err()).isZero();
      assertThat(ok.out()).startsWith("APPLIED");
      assertThat(run.await(Duration.ofSeconds(30))).isEqualTo(12L);
      assertThat(Cli.run("--console", url, "gates").err()).contains("no gate waits");

      RunHandle<String> tune = engine.run(TestFlows.TUNE, new TestFlows.Params("m", 0.5));
      tune.await(Duration.ofSeconds(30));
      Cli.Result fork = Cli.run("--console", url, "--token", TOKEN, "--json", "fork", tune.runId(), "--from", "label",
          "--input", "threshold=0.75");
      assertThat(fork.exit()).as(fork.err()).isZero();
      String forked = new com.fasterxml.jackson.databind.ObjectMapper().readTree(fork.out()).path("runId").asText();
      await("fork ended", () -> Cli.run("--console", url, "run", "show", forked).out().contains("SUCCEEDED"));
      assertThat(engine.journal().history(forked).nodes().get(0).outputJson()).contains("\"m@0.75\"");
      Cli.Result bad = Cli.run("--console", url, "--token", TOKEN, "fork", tune.runId(), "--from", "label", "--input", "treshold");
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("--input 'treshold' must be field=value");
    }
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      LockSupport.parkNanos(50_000_000L);
    }
  }
}
