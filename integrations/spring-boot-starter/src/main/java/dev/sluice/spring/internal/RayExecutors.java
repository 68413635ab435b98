package dev.sluice.spring.internal;

import dev.sluice.core.spi.TaskExecutor;
import dev.sluice.executor.ray.RayConfig;
import dev.sluice.executor.ray.RayExecutor;
import dev.sluice.spring.SluiceExecutorProperties;

/** A Ray executor from its properties; loaded only when sluice-executor-ray is present. */
public final class RayExecutors {
  private RayExecutors() {}

  /** Checks the dashboard and returns the executor (see {@link RayExecutor#connect}). */
  public static TaskExecutor create(SluiceExecutorProperties p) {
    RayConfig.Builder b = RayConfig.builder(p.getAddress());
    if (p.getBearerToken() != null) {
      b.bearerToken(p.getBearerToken());
    }
    if (p.getJvmLauncher() != null) {
      b.jvmLauncher(p.getJvmLauncher().toArray(String[]::new));
    }
    if (p.getStoreEndpoint() != null) {
      b.storeEndpoint(p.getStoreEndpoint());
    }
    if (p.getStoreAccessKeyId() != null || p.getStoreSecretAccessKey() != null) {
      if (p.getStoreAccessKeyId() == null || p.getStoreSecretAccessKey() == null) {
        throw new IllegalArgumentException("give both store-access-key-id and store-secret-access-key, or neither");
      }
      b.storeCredentials(p.getStoreAccessKeyId(), p.getStoreSecretAccessKey());
    }
    if (p.getPoll() != null) {
      b.poll(p.getPoll());
    }
    if (p.getPendingTimeout() != null) {
      b.pendingTimeout(p.getPendingTimeout());
    }
    if (p.getRequestTimeout() != null) {
      b.requestTimeout(p.getRequestTimeout());
    }
    if (p.getMaxInFlight() != null) {
      b.maxJobsInFlight(p.getMaxInFlight());
    }
    return RayExecutor.connect(b.build());
  }
}
