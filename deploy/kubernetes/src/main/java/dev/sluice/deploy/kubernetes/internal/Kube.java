package dev.sluice.deploy.kubernetes.internal;

import dev.sluice.models.deploy.DeploymentFailedException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** A fabric8 client from a kubeconfig (or in-cluster auto-configuration), and the readiness wait loop. */
public final class Kube {
  private Kube() {}

  /** Tries of an edit that loses to a concurrent write (HTTP 409) before the conflict is reported. */
  public static final int CONFLICT_TRIES = 5;

  /**
   * Runs {@code edit} (a fabric8 {@code edit}: read, change, write with the read's resourceVersion)
   * again when the API server answers 409 Conflict: the object changed between the read and the
   * write (an operator updating its status, say), as a real API server enforces. Each try reads the
   * object afresh; the last conflict is thrown.
   */
  public static void editRetryingConflicts(Runnable edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        edit.run();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= CONFLICT_TRIES) {
          throw e;
        }
      }
    }
  }

  /** A client for {@code kubeconfig}'s {@code context} (or auto-configured), in {@code namespace} if given. */
  public static KubernetesClient client(Optional<Path> kubeconfig, Optional<String> context, Optional<String> namespace) {
    Config base = kubeconfig.map(f -> Config.fromKubeconfig(context.orElse(null), f.toFile()))
        .orElseGet(() -> Config.autoConfigure(context.orElse(null)));
    ConfigBuilder config = new ConfigBuilder(base).withUserAgent("sluice-deploy");
    namespace.ifPresent(config::withNamespace);
    if (base.getNamespace() == null && namespace.isEmpty()) {
      config.withNamespace("default");
    }
    return new KubernetesClientBuilder().withConfig(config.build()).build();
  }

  /** One look at a rollout: done, failed with a reason, or still going (with what it waits for). */
  public sealed interface Progress {
    /** Ready. */
    record Ready<T>(T value) implements Progress {}

    /** Failed for good; no use waiting. */
    record Failed(String reason) implements Progress {}

    /** Not yet; {@code waitingFor} says for what. */
    record Pending(String waitingFor) implements Progress {}
  }

  /**
   * Looks with {@code look} every {@code poll} until ready; throws {@link DeploymentFailedException}
   * on a failure or at the timeout, prefixed with {@code what}.
   */
  @SuppressWarnings("unchecked")
  public static <T> T await(String what, Supplier<Progress> look, Duration timeout, Duration poll, Clock clock) {
    Instant deadline = clock.instant().plus(timeout);
    while (true) {
      Progress p = look.get();
      if (p instanceof Progress.Ready<?> ready) {
        return (T) ready.value();
      }
      if (p instanceof Progress.Failed failed) {
        throw new DeploymentFailedException(what + " failed: " + failed.reason());
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new DeploymentFailedException(what + " is not ready after " + timeout + ": "
            + ((Progress.Pending) p).waitingFor() + ". Raise the readiness timeout, or look at its events "
            + "(kubectl describe)");
      }
      LockSupport.parkNanos(poll.toNanos());
      if (Thread.currentThread().isInterrupted()) {
        throw new DeploymentFailedException("interrupted while waiting for " + what);
      }
    }
  }
}
