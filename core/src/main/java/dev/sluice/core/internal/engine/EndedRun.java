package dev.sluice.core.internal.engine;

import dev.sluice.core.engine.RunHandle;
import dev.sluice.core.engine.RunStatus;
import dev.sluice.core.journal.RunHistory;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The handle of a run that had already succeeded when it was resumed: its journaled output. */
final class EndedRun implements RunHandle<Object> {
  private final RunHistory history;
  private final Object output;

  private EndedRun(RunHistory history, Object output) {
    this.history = history;
    this.output = output;
  }

  static EndedRun of(RunHistory history, Durability durability, Type outputType) {
    String json =
        history.lastUpdate().flatMap(u -> u.outputJson()).orElseThrow(() -> new IllegalStateException(
            "run " + history.runId() + " succeeded but its output was not journaled; read its nodes with "
                + "engine.journal().history(\"" + history.runId() + "\")"));
    return new EndedRun(history, durability.decode(json, outputType, "the journaled output of run " + history.runId()));
  }

  @Override
  public String runId() {
    return history.runId();
  }

  @Override
  public String workflowName() {
    return history.start().workflow();
  }

  @Override
  public Object await() {
    return output;
  }

  @Override
  public Object await(Duration timeout) {
    return output;
  }

  @Override
  public CompletionStage<Object> completion() {
    return CompletableFuture.completedStage(output);
  }

  @Override
  public RunStatus status() {
    return history.status();
  }

  @Override
  public boolean isDone() {
    return true;
  }

  @Override
  public boolean cancel() {
    return false;
  }
}
