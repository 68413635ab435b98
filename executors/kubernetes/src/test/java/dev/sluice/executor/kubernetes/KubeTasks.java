package dev.sluice.executor.kubernetes;

import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.TaskCatalog;
import dev.sluice.core.spi.TaskCatalogProvider;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import java.time.Duration;

/**
 * The tasks and workflows the Kubernetes tests run; the task runner in a simulated pod finds them
 * through {@link Catalog} (listed in META-INF/services), as it would in a user's image.
 */
final class KubeTasks {
  /** Reads {"n": …} from the inputs file, writes n + 10: what a script in a container does. */
  static final String ADD_TEN = "n=$(sed -e 's/.*\"n\":\\([0-9-]*\\).*/\\1/' \"$SLUICE_INPUTS_URI\");"
      + " echo $((n + 10)) > \"$SLUICE_OUTPUTS_URI\"";

  static final Task1<Integer, Integer> twice = Task.named("twice").of(x -> x * 2);

  static final Task1<Integer, Integer> square = Task.named("square").executor("k8s").of(x -> x * x);

  static final Task1<Integer, Integer> addTen = Task.named("add-ten").command("sh", "-c", ADD_TEN)
      .inputNames("n").executor("k8s").retry(RetryPolicy.exponential(2, Duration.ofMillis(10)))
      .of(Integer.class, Integer.class);

  static final Task1<Integer, Integer> diverges = Task.named("diverges").executor("k8s").of(x -> {
    throw new IllegalStateException("loss diverged after " + x + " epochs");
  });

  static final Task1<Integer, Integer> exitThree = Task.named("exit-three")
      .command("sh", "-c", "echo 'loading 1000 rows'; echo 'CUDA error: out of memory' >&2; exit 3")
      .executor("k8s").of(Integer.class, Integer.class);

  /** Waits until the file named by its input exists, then returns 1. */
  static final Task1<String, Integer> waitForFile = Task.named("wait-for-file")
      .command("sh", "-c", "f=$(sed -e 's/.*\"file\":\"\\([^\"]*\\)\".*/\\1/' \"$SLUICE_INPUTS_URI\");"
          + " while [ ! -f \"$f\" ]; do sleep 0.05; done; echo 1 > \"$SLUICE_OUTPUTS_URI\"")
      .inputNames("file").executor("k8s").of(String.class, Integer.class);

  /** local twice → square on Kubernetes (JVM, task runner) → add-ten on Kubernetes (command). */
  static final Workflow<Integer, Integer> mixed = Workflow.named("mixed", Integer.class,
      (wf, x) -> wf.call(addTen, wf.call(square, wf.call(twice, x))));

  /** The part of {@link #mixed} that needs no shell tools in the image: local twice → square. */
  static final Workflow<Integer, Integer> mixedJvm =
      Workflow.named("mixed-jvm", Integer.class, (wf, x) -> wf.call(square, wf.call(twice, x)));

  static final Workflow<Integer, Integer> diverging =
      Workflow.named("diverging", Integer.class, (wf, x) -> wf.call(diverges, x));

  static final Workflow<Integer, Integer> exiting =
      Workflow.named("exiting", Integer.class, (wf, x) -> wf.call(exitThree, x));

  private KubeTasks() {}

  /** What the task runner finds in the "image". */
  public static final class Catalog implements TaskCatalogProvider {
    @Override
    public TaskCatalog catalog() {
      return TaskCatalog.ofWorkflows(mixed.spec(), mixedJvm.spec(), diverging.spec(), exiting.spec());
    }
  }
}
