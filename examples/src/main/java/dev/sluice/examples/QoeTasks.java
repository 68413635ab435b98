package dev.sluice.examples;

import dev.sluice.core.model.TaskCatalog;
import dev.sluice.core.spi.TaskCatalogProvider;

/**
 * The tasks of the examples, for the task runner in a pod: listed in {@code
 * META-INF/services/dev.sluice.core.spi.TaskCatalogProvider}, so an image built from this module
 * (see {@code examples/Dockerfile}) can run any of them remotely.
 */
public final class QoeTasks implements TaskCatalogProvider {
  @Override
  public TaskCatalog catalog() {
    return TaskCatalog.ofWorkflows(QoePrediction.WORKFLOW.spec());
  }
}
