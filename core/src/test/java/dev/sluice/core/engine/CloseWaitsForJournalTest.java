package dev.sluice.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.core.model.Binding;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.core.spi.RunStore;
import dev.sluice.core.store.RunStores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing an engine with a run store waits for the journal appends the store is still committing. */
class CloseWaitsForJournalTest {
  @TempDir Path dir;

  /**
   * Since group commit the store answers an append on its own committer thread, so the engine's
   * I/O pool was idle while an append was still in flight: {@code close()} returned and the append
   * — and what it completes (the run's end filed in the index, its lease released) — wrote to the
   * store afterwards (seen as a {@code @TempDir} that could not be deleted in EventTriggerTest).
   * Here the store answers every append 300 ms late; when close returns, every answer has come.
   */
  @Test
  void closeReturnsOnlyAfterTheAppendsTheStoreIsStillCommitting() throws Exception {
    RunStore real = RunStores.filesystem(dir);
    List<CompletableFuture<?>> answers = new CopyOnWriteArrayList<>();
    RunStore late =
        (RunStore)
            Proxy.newProxyInstance(
                RunStore.class.getClassLoader(),
                new Class<?>[] {RunStore.class},
                (proxy, method, args) -> {
                  Object result;
                  try {
                    result = method.invoke(real, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (method.getName().equals("appendAsync")) {
                    CompletableFuture<Void> answer =
                        ((CompletableFuture<?>) result)
                            .thenApplyAsync(v -> (Void) null, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
                    answers.add(answer);
                    return answer;
                  }
                  return result;
                });
    TaskSpec inc = TaskSpec.builder("inc").input("x", Long.class).output(Long.class).jvm((a, ctx) -> (Long) a[0] + 1).build();
    WorkflowSpec one =
        WorkflowSpec.builder("one", Long.class)
            .node(new TaskNode("inc", inc, List.of(Binding.INPUT)))
            .output(Binding.output("inc"), Long.class)
            .build();
    Engine engine = Engine.builder().runStore(late).workDirectory(dir.resolve("work")).build();
    try {
      engine.run(one, 1L, RunOptions.DEFAULT);
    } finally {
      engine.close();
    }
    assertThat(answers).as("the run's first append was made").isNotEmpty();
    assertThat(answers).as("no append still in flight when close returned").allMatch(CompletableFuture::isDone);
    real.close();
  }
}
