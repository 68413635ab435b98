package dev.sluice.dsl;

import com.google.common.primitives.Primitives;
import dev.sluice.core.model.TaskBody;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Defines a command task: a process that finds its inputs at {@code $SLUICE_INPUTS_URI} and writes
 * its output as JSON to {@code $SLUICE_OUTPUTS_URI}. A mutable builder, made by {@link
 * TaskBuilder#command}; it shares that builder's options. The input and output classes are given to
 * {@code of(...)} since there is no function to read them from.
 *
 * <pre>{@code
 * static final Task1<Dataset, Model> pyTrain = Task.named("py-train")
 *     .command("python3", "train.py").env("X", "1").of(Dataset.class, Model.class);
 * }</pre>
 */
public final class CommandTaskBuilder extends TaskOptions<CommandTaskBuilder> {
  private final List<String> argv;
  private final Map<String, String> env = new LinkedHashMap<>();

  CommandTaskBuilder(TaskSettings settings, String[] argv) {
    super(settings);
    for (String arg : argv) {
      if (arg == null) {
        throw new IllegalArgumentException(
            "task '" + settings.name + "': the command has a null argument. Fix: pass only strings");
      }
    }
    if (argv.length == 0) {
      throw new IllegalArgumentException(
          "task '" + settings.name + "': command() needs the program and its arguments");
    }
    this.argv = List.of(argv);
  }

  /** An environment variable of the process (and of its container, remotely). */
  public CommandTaskBuilder env(String name, String value) {
    env.put(
        Objects.requireNonNull(name, "environment variable name"),
        Objects.requireNonNull(value, "value of environment variable " + name));
    return this;
  }

  /** A command with no input. */
  public <R> Task0<R> of(Class<R> output) {
    return new Task0<>(spec(output));
  }

  /** A command with one input. */
  public <A, R> Task1<A, R> of(Class<A> in0, Class<R> output) {
    return new Task1<>(spec(output, in0));
  }

  /** A command with two inputs. */
  public <A, B, R> Task2<A, B, R> of(Class<A> in0, Class<B> in1, Class<R> output) {
    return new Task2<>(spec(output, in0, in1));
  }

  /** A command with three inputs. */
  public <A, B, C, R> Task3<A, B, C, R> of(
      Class<A> in0, Class<B> in1, Class<C> in2, Class<R> output) {
    return new Task3<>(spec(output, in0, in1, in2));
  }

  /** A command with four inputs. */
  public <A, B, C, D, R> Task4<A, B, C, D, R> of(
      Class<A> in0, Class<B> in1, Class<C> in2, Class<D> in3, Class<R> output) {
    return new Task4<>(spec(output, in0, in1, in2, in3));
  }

  private dev.sluice.core.model.TaskSpec spec(Class<?> output, Class<?>... inputs) {
    Type[] types = new Type[inputs.length + 1];
    for (int i = 0; i < inputs.length; i++) {
      types[i] = Primitives.wrap(requireClass(inputs[i], "input " + i));
    }
    types[inputs.length] = Primitives.wrap(requireClass(output, "output"));
    if (settings.cacheVersionFromCode) {
      throw new IllegalArgumentException(
          "task '" + settings.name + "': cacheVersionFromCode() hashes a JVM task's code, and a command has"
              + " none. Fix: give the cache a version, e.g. .cache(\"v2\"), and bump it when the program changes");
    }
    if (settings.bodyId != null) {
      throw new IllegalArgumentException(
          "task '" + settings.name + "': bodyId(...) names a JVM task's body, and a command is identified"
              + " by its command line and environment. Fix: remove bodyId(...)");
    }
    return settings.toSpec(new TaskBody.Command(argv, env), types, null);
  }

  private Class<?> requireClass(Class<?> c, String what) {
    if (c == null) {
      throw new IllegalArgumentException(
          "task '" + settings.name + "': the " + what + " class is null. Fix: pass e.g. String.class");
    }
    return c;
  }
}
