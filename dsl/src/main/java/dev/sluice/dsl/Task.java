package dev.sluice.dsl;

/**
 * Where task definitions start: {@code Task.named("train")...of(fn)} gives a typed {@link Task1}
 * (or {@link Task0} ... {@link Task4}) that workflows call.
 *
 * <pre>{@code
 * static final Task1<Params, Dataset> load = Task.named("load-data").version("2")
 *     .of(p -> Data.generate(p.samples()));
 * }</pre>
 */
public final class Task {
  private Task() {}

  /**
   * Starts a task named {@code name} (1 to 128 letters, digits, '-', '_' or '.'); the name is the
   * default id of the nodes that call it.
   */
  public static TaskBuilder named(String name) {
    return new TaskBuilder(new TaskSettings(name));
  }
}
