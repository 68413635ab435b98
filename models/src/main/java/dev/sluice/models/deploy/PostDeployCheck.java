package dev.sluice.models.deploy;

/**
 * A check run against a deployment once it is ready (a smoke request, a latency probe); throwing
 * fails the rollout, which then rolls back.
 */
@FunctionalInterface
public interface PostDeployCheck {
  /** Checks the deployment; throws with the reason when it is not fit to serve. */
  void check(Deployment deployment) throws Exception;
}
