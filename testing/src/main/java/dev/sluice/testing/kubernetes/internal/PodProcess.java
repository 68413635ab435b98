package dev.sluice.testing.kubernetes.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pod's container as a local process: its command (a {@code java} launcher mapped to this JVM's
 * java and the simulator's class path), its environment with Secret references resolved from the
 * mock server, output and error streams to one log file.
 */
final class PodProcess {
  /** Small, quick-starting JVMs: the tasks they run in tests are tiny. */
  private static final List<String> JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto");

  /** Why a container cannot be created (the kubelet's CreateContainerConfigError). */
  static final class ConfigError extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigError(String message) {
      super(message);
    }
  }

  private PodProcess() {}

  /** The container's environment as the kubelet gives it: literals, Secret keys, pod fields. */
  static Map<String, String> environment(KubernetesClient client, Pod pod, Container container) throws ConfigError {
    String namespace = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar v : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      if (v.getValueFrom() == null) {
        env.put(v.getName(), v.getValue() == null ? "" : v.getValue());
      } else if (v.getValueFrom().getSecretKeyRef() != null) {
        env.put(v.getName(), secretValue(client, namespace, v.getValueFrom().getSecretKeyRef()));
      } else if (v.getValueFrom().getFieldRef() != null) {
        String field = v.getValueFrom().getFieldRef().getFieldPath();
        env.put(v.getName(), switch (field) {
          case "metadata.name" -> pod.getMetadata().getName();
          case "metadata.namespace" -> namespace;
          default -> throw new ConfigError("the simulator does not resolve fieldRef " + field);
        });
      } else {
        throw new ConfigError("the simulator resolves only secretKeyRef and fieldRef, not " + v.getValueFrom());
      }
    }
    return env;
  }

  private static String secretValue(KubernetesClient client, String namespace, SecretKeySelector ref)
      throws ConfigError {
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    if (secret == null) {
      throw new ConfigError("secret \"" + ref.getName() + "\" not found");
    }
    if (secret.getData() != null && secret.getData().containsKey(ref.getKey())) {
      return new String(Base64.getDecoder().decode(secret.getData().get(ref.getKey())), StandardCharsets.UTF_8);
    }
    if (secret.getStringData() != null && secret.getStringData().containsKey(ref.getKey())) {
      return secret.getStringData().get(ref.getKey());
    }
    throw new ConfigError("couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
  }

  /** The container's command, a java launcher pointed at this JVM and {@code classPath}. */
  static List<String> command(Container container, String classPath) {
    List<String> argv = new ArrayList<>();
    if (container.getCommand() != null) {
      argv.addAll(container.getCommand());
    }
    if (container.getArgs() != null) {
      argv.addAll(container.getArgs());
    }
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("container " + container.getName()
          + " has no command; the simulator cannot run an image's entrypoint");
    }
    String program = argv.get(0);
    if (!program.equals("java") && !program.endsWith("/java")) {
      return argv;
    }
    List<String> mapped = new ArrayList<>();
    mapped.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    mapped.addAll(JVM_OPTIONS);
    boolean hasClassPath = false;
    for (int i = 1; i < argv.size(); i++) {
      String a = argv.get(i);
      mapped.add(a);
      if ((a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")) && i + 1 < argv.size()) {
        mapped.add(classPath);
        hasClassPath = true;
        i++;
      }
    }
    if (!hasClassPath) {
      mapped.addAll(1 + JVM_OPTIONS.size(), List.of("-cp", classPath));
    }
    return mapped;
  }

  /** Starts the process in {@code dir}, output and errors to {@code log}; only PATH leaks in. */
  static Process start(List<String> argv, Map<String, String> env, Path dir, Path log) throws IOException {
    Files.createDirectories(dir);
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    Map<String, String> e = pb.environment();
    String path = e.get("PATH");
    e.clear();
    if (path != null) {
      e.put("PATH", path);
    }
    e.put("HOME", dir.toString());
    e.putAll(env);
    return pb.start();
  }

  /** Kills the process and its children at once (SIGKILL, as the kubelet does after the grace period). */
  static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }
}
