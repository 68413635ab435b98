package dev.sluice.executor.kubernetes.internal;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Client configuration from a kubeconfig file or fabric8's auto-configuration, with a clear error. */
final class KubeClients {
  private KubeClients() {}

  static Config config(Optional<Path> kubeconfig, Optional<String> context) {
    if (kubeconfig.isEmpty()) {
      return Config.autoConfigure(context.orElse(null));
    }
    Path file = kubeconfig.get();
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("cannot read the kubeconfig " + file + ". Fix: point"
          + " kubeconfig(...) at a readable file, or leave it unset for the"
          + " auto-configuration ($KUBECONFIG, ~/.kube/config, in-cluster)");
    }
    return Config.fromKubeconfig(context.orElse(null), file.toFile());
  }
}
