package dev.sluice.spring;

import dev.sluice.core.engine.Engine;
import dev.sluice.core.engine.LocalExecutors;
import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.spring.internal.KubernetesExecutors;
import dev.sluice.spring.internal.RayExecutors;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.util.ClassUtils;

/**
 * The executors of {@code sluice.executors.*}, created at start-up (a Kubernetes executor connects
 * and starts its watches, a Ray executor checks the dashboard): registered with the engine under
 * their names and closed with it. Bad configuration fails the start with the property and the fix.
 */
public final class ConfiguredExecutors {
  private static final String KUBERNETES = "dev.sluice.executor.kubernetes.KubernetesExecutor";
  private static final String RAY = "dev.sluice.executor.ray.RayExecutor";

  private final Map<String, TaskExecutor> executors;

  private ConfiguredExecutors(Map<String, TaskExecutor> executors) {
    this.executors = Collections.unmodifiableMap(executors);
  }

  /** The executors by name, in the order configured. */
  public Map<String, TaskExecutor> executors() {
    return executors;
  }

  /**
   * Checks and creates every configured executor; closes the ones created when a later one fails.
   *
   * @throws IllegalStateException naming the property and the fix
   */
  static ConfiguredExecutors create(Map<String, SluiceExecutorProperties> configured, ClassLoader loader) {
    for (Map.Entry<String, SluiceExecutorProperties> e : configured.entrySet()) {
      check(e.getKey(), e.getValue(), loader);
    }
    Map<String, TaskExecutor> created = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, SluiceExecutorProperties> e : configured.entrySet()) {
        created.put(e.getKey(), create(e.getKey(), e.getValue()));
      }
    } catch (RuntimeException failure) {
      closeAll(created.values());
      throw failure;
    }
    return new ConfiguredExecutors(created);
  }

  /** Closes executors an engine never took (its build failed). */
  void close() {
    closeAll(executors.values());
  }

  private static void closeAll(Iterable<TaskExecutor> executors) {
    for (TaskExecutor executor : executors) {
      try {
        executor.close();
      } catch (RuntimeException ignored) {
        // closing what a failed start left behind: the start's error is the one to report
      }
    }
  }

  private static void check(String name, SluiceExecutorProperties p, ClassLoader loader) {
    String prefix = "sluice.executors." + name;
    if (name.equals(Engine.LOCAL)) {
      throw new IllegalStateException(prefix + ": '" + Engine.LOCAL + "' is the engine's built-in executor. Fix: set "
          + "sluice.parallelism for its threads, or give this executor another name");
    }
    if (p.getType() == null || p.getType().isBlank()) {
      throw new IllegalStateException(prefix + ".type is missing. Fix: set it to local, kubernetes or ray");
    }
    var allowed = SluiceExecutorProperties.SETTINGS.get(p.getType());
    if (allowed == null) {
      throw new IllegalStateException(prefix + ".type is '" + p.getType() + "', which Sluice does not know. Fix: "
          + "local, kubernetes or ray (or define a TaskExecutor bean named '" + name + "' for another kind)");
    }
    List<String> foreign = new ArrayList<>();
    for (String setting : p.given().keySet()) {
      if (!allowed.contains(setting)) {
        foreign.add(setting);
      }
    }
    if (!foreign.isEmpty()) {
      throw new IllegalStateException(prefix + " is a " + p.getType() + " executor, which takes no " + foreign
          + ". Fix: remove them, or change the type; a " + p.getType() + " executor takes " + new TreeSet<>(allowed));
    }
    String module = switch (p.getType()) {
      case "kubernetes" -> ClassUtils.isPresent(KUBERNETES, loader) ? null : "sluice-executor-kubernetes";
      case "ray" -> ClassUtils.isPresent(RAY, loader) ? null : "sluice-executor-ray";
      default -> null;
    };
    if (module != null) {
      throw new IllegalStateException(prefix + ".type is " + p.getType() + ", but " + module + " is not on the class "
          + "path. Fix: add the dependency dev.sluice:" + module);
    }
    if (p.getType().equals("ray") && p.getAddress() == null) {
      throw new IllegalStateException(prefix + ".address is missing: a ray executor needs its dashboard's address. "
          + "Fix: e.g. http://ray-head:8265");
    }
  }

  private static TaskExecutor create(String name, SluiceExecutorProperties p) {
    String prefix = "sluice.executors." + name;
    try {
      return switch (p.getType()) {
        case "local" -> LocalExecutors.withThreads(name,
            p.getThreads() != null ? p.getThreads() : Runtime.getRuntime().availableProcessors(),
            p.getMaxInFlight() != null ? p.getMaxInFlight() : 0);
        case "kubernetes" -> KubernetesExecutors.create(p);
        case "ray" -> RayExecutors.create(p);
        default -> throw new IllegalStateException("unreachable: " + p.getType());
      };
    } catch (RuntimeException e) {
      throw new IllegalStateException(prefix + " (" + p.getType() + ") could not be created: " + e.getMessage(), e);
    }
  }
}
