package dev.sluice.core.spi;

import dev.sluice.core.model.TaskCatalog;

/**
 * Tells a remote task runner which tasks a user's jar holds. Implement it once per application and
 * list the class in {@code META-INF/services/dev.sluice.core.spi.TaskCatalogProvider}:
 *
 * <pre>{@code
 * public final class QoeTasks implements TaskCatalogProvider {
 *   public TaskCatalog catalog() {
 *     return TaskCatalog.ofWorkflows(QoePrediction.WORKFLOW.spec());
 *   }
 * }
 * }</pre>
 */
public interface TaskCatalogProvider {

  /** The tasks this application can run remotely. */
  TaskCatalog catalog();
}
