package dev.sluice.core.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a task runs: a JVM function, or a command (a process) that reads and writes JSON files. */
public sealed interface TaskBody {

  /** What tells this body apart from another under the same task name: see {@link BodyId}. */
  BodyId id();

  /**
   * A Java function run in the engine's JVM (or, remotely, in the task runner).
   *
   * @param id the body's identity; the DSL derives it from the function it wraps
   */
  record Jvm(Invoker invoker, BodyId id) implements TaskBody {
    public Jvm {
      Objects.requireNonNull(invoker, "invoker");
      Objects.requireNonNull(id, "id");
    }

    /** A body identified by the invoker itself ({@link BodyId#of}). */
    public Jvm(Invoker invoker) {
      this(invoker, BodyId.of(Objects.requireNonNull(invoker, "invoker")));
    }
  }

  /**
   * A process started with {@code command}. It finds its inputs at {@code $SLUICE_INPUTS_URI} (a JSON
   * object of input name to value) and writes its output value as JSON to {@code
   * $SLUICE_OUTPUTS_URI}.
   */
  record Command(List<String> command, Map<String, String> environment) implements TaskBody {
    public Command {
      command = List.copyOf(command);
      environment = Map.copyOf(environment);
      if (command.isEmpty()) {
        throw new IllegalArgumentException("a command task needs a command: pass the program and its arguments");
      }
    }

    /** The command line and environment ({@link BodyId#ofCommand}). */
    @Override
    public BodyId id() {
      return BodyId.ofCommand(command, environment);
    }
  }
}
