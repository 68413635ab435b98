package dev.sluice.models.deploy;

import dev.sluice.models.registry.ModelVersion;
import java.time.Duration;
import java.util.Optional;

/**
 * One serving system: starts a model version under a target name and waits until it serves.
 * Implementations: {@link LocalModelServer} (HTTP in this JVM), and Ray Serve, Kubernetes and
 * KServe deployers in their modules. Policy (no-op re-runs, rollback, alias moves) lives in {@link
 * Rollout}, not here.
 */
public interface ModelDeployer {

  /** A short name for messages, e.g. {@code local}, {@code ray-serve}. */
  String name();

  /**
   * Deploys {@code version} as {@code target}, replacing what served there, and waits until it is
   * ready.
   *
   * @throws DeploymentFailedException when it does not become ready within {@code timeout} or the
   *     serving system reports it failed; what served before may or may not still serve (call
   *     {@link #current} to know)
   */
  Deployment deploy(String target, ModelVersion version, Duration timeout);

  /** What serves as {@code target} now, if anything. */
  Optional<Deployment> current(String target);
}
