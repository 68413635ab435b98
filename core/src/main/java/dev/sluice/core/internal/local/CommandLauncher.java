package dev.sluice.core.internal.local;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Supplier;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.engine.CommandFailedException;
import dev.sluice.core.model.Param;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.spi.Attempt;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a command task as a subprocess: writes {@code inputs.json} (input name → value), sets
 * {@code SLUICE_INPUTS_URI} and {@code SLUICE_OUTPUTS_URI} (file paths here), sends stdout and
 * stderr to {@code stdout.log} and {@code stderr.log} in the attempt's directory, and on exit 0
 * reads the output value from {@code outputs.json}. Waiting costs no thread ({@link
 * Process#onExit()}).
 */
final class CommandLauncher {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.local");
  private static final int TAIL_BYTES = 4096;

  private final Executor pool;
  private final ScheduledExecutorService timer;
  /** Asked for when a command first runs: an engine that runs none makes no mapper. */
  private final Supplier<ObjectMapper> json;

  CommandLauncher(Executor pool, ScheduledExecutorService timer, Supplier<ObjectMapper> json) {
    this.pool = pool;
    this.timer = timer;
    this.json = json;
  }

  CompletableFuture<Object> start(Attempt attempt, TaskBody.Command command) {
    CommandAttempt running = new CommandAttempt(timer);
    attempt.runsUntil(running.ended);
    pool.execute(
        () -> {
          try {
            launch(attempt, command, running);
          } catch (IOException | RuntimeException e) {
            running.ended.complete(null); // no process was started
            running.completeExceptionally(
                new CommandFailedException(
                    "command task '" + attempt.task().name() + "' could not start " + command.command()
                        + ": " + e.getMessage(),
                    -1,
                    attempt.directory(),
                    ""));
          }
        });
    return running;
  }

  private void launch(Attempt attempt, TaskBody.Command command, CommandAttempt running)
      throws IOException {
    if (running.isDone()) {
      running.ended.complete(null);
      return;
    }
    Path dir = attempt.directory();
    Files.createDirectories(dir);
    Path inputs = dir.resolve("inputs.json");
    Path outputs = dir.resolve("outputs.json");
    Files.deleteIfExists(outputs);
    ObjectMapper json = this.json.get();
    ObjectNode in = json.createObjectNode();
    List<Param> params = attempt.task().inputs();
    for (int i = 0; i < params.size(); i++) {
      in.set(params.get(i).name(), json.valueToTree(attempt.inputs()[i]));
    }
    json.writeValue(inputs.toFile(), in);

    ProcessBuilder pb = new ProcessBuilder(command.command());
    Map<String, String> env = pb.environment();
    env.putAll(attempt.task().placement().environment());
    env.putAll(command.environment());
    env.put("SLUICE_INPUTS_URI", inputs.toAbsolutePath().toString());
    env.put("SLUICE_OUTPUTS_URI", outputs.toAbsolutePath().toString());
    env.put("SLUICE_RUN_ID", attempt.runId());
    env.put("SLUICE_WORKFLOW", attempt.workflowName());
    env.put("SLUICE_NODE", attempt.nodePath());
    env.put("SLUICE_ATTEMPT", String.valueOf(attempt.attempt()));
    env.put("SLUICE_ATTEMPT_NAME", attempt.attemptName());
    env.putAll(attempt.environment());
    Path stdout = dir.resolve("stdout.log");
    Path stderr = dir.resolve("stderr.log");
    pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Process process = pb.start();
    log.debug("{}: started {} (pid {}), logs in {}", attempt.attemptName(), command.command(), process.pid(), dir);
    process.onExit().whenComplete((p, error) -> running.ended.complete(null));
    running.attach(process);
    process
        .onExit()
        .whenComplete(
            (p, error) -> {
              if (running.isDone()) {
                return;
              }
              int code = process.exitValue();
              if (code != 0) {
                running.completeExceptionally(
                    new CommandFailedException(
                        "command task '" + attempt.task().name() + "' (" + attempt.attemptName()
                            + ") exited with code " + code + "; logs in " + dir,
                        code,
                        dir,
                        tail(stderr) + tail(stdout)));
                return;
              }
              try {
                running.complete(readOutput(attempt, outputs));
              } catch (IOException | RuntimeException e) {
                running.completeExceptionally(
                    new CommandFailedException(
                        "command task '" + attempt.task().name() + "' exited 0 but its output could not be read from "
                            + outputs + ": " + e.getMessage()
                            + ". Fix: write the output value as JSON to $SLUICE_OUTPUTS_URI",
                        0,
                        dir,
                        tail(stderr)));
              }
            });
  }

  private Object readOutput(Attempt attempt, Path outputs) throws IOException {
    java.lang.reflect.Type type = attempt.task().output();
    if (type == Void.class || type == void.class) {
      return null;
    }
    if (!Files.exists(outputs)) {
      throw new IOException("the file does not exist");
    }
    ObjectMapper json = this.json.get();
    JavaType javaType = json.getTypeFactory().constructType(type);
    return json.readValue(outputs.toFile(), javaType);
  }

  /** The last few KiB of a log file, empty if there is none. */
  static String tail(Path file) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      long from = Math.max(0, length - TAIL_BYTES);
      byte[] bytes = new byte[(int) (length - from)];
      f.seek(from);
      f.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** A running subprocess as a future; cancelling it terminates the process, then kills it after 3 s. */
  static final class CommandAttempt extends CompletableFuture<Object> {
    private final ScheduledExecutorService timer;
    private volatile Process process;
    /** Completes when the process has exited (or none was started): later than this future on a cancel. */
    final CompletableFuture<Void> ended = new CompletableFuture<>();

    CommandAttempt(ScheduledExecutorService timer) {
      this.timer = timer;
    }

    void attach(Process p) {
      process = p;
      if (isCancelled()) {
        terminate(p);
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      Process p = process;
      if (p != null) {
        terminate(p);
      }
      return cancelled;
    }

    private void terminate(Process p) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
      timer.schedule(
          () -> {
            if (p.isAlive()) {
              p.descendants().forEach(ProcessHandle::destroyForcibly);
              p.destroyForcibly();
            }
          },
          3,
          TimeUnit.SECONDS);
    }
  }
}
