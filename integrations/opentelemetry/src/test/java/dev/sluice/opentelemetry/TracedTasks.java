package dev.sluice.opentelemetry;

import dev.sluice.core.model.TaskCatalog;
import dev.sluice.core.spi.TaskCatalogProvider;
import dev.sluice.dsl.Task;
import dev.sluice.dsl.Task1;
import dev.sluice.dsl.Workflow;
import org.slf4j.LoggerFactory;

/** The tasks the tracing tests run, local and remote; listed for the task runner's ServiceLoader. */
public final class TracedTasks implements TaskCatalogProvider {
  static final Task1<Integer, Integer> prep = Task.named("prep").cache("v1").of(x -> x + 1);
  static final Task1<Integer, Integer> squareOnRay = Task.named("square-ray").executor("ray").of(TracedTasks::square);
  static final Task1<Integer, Integer> squareOnK8s = Task.named("square-k8s").executor("k8s").of(TracedTasks::square);

  static final Workflow<Integer, Integer> ON_RAY =
      Workflow.named("traced-ray", Integer.class, (wf, x) -> wf.call(squareOnRay, wf.call(prep, x)));
  static final Workflow<Integer, Integer> ON_K8S =
      Workflow.named("traced-k8s", Integer.class, (wf, x) -> wf.call(squareOnK8s, wf.call(prep, x)));

  private static Integer square(Integer x) {
    LoggerFactory.getLogger("user.task").info("squaring {}", x);
    return x * x;
  }

  @Override
  public TaskCatalog catalog() {
    return TaskCatalog.ofWorkflows(ON_RAY.spec(), ON_K8S.spec());
  }
}
