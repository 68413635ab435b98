package dev.sluice.core.model;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Names of environment variables that hold secrets and must never be set as plain values on a task:
 * a task's spec is journaled in the run store and rendered into Kubernetes Jobs and Ray
 * submissions, where anyone who can read those can read its environment. Pass secrets by reference
 * instead (Kubernetes {@code SecretEnv}, credentials the cluster already holds).
 *
 * <p>{@link #standard()} knows the usual names: cloud and store credentials ({@code
 * AWS_SECRET_ACCESS_KEY} and its aliases {@code AWS_SECRET_KEY}, {@code AWS_SESSION_TOKEN}, {@code
 * AWS_SECURITY_TOKEN}, Azure and GCP keys, MinIO), and any name ending in {@code _SECRET}, {@code
 * _SECRET_KEY}, {@code _PASSWORD}, {@code _PASSWD}, {@code _TOKEN}, {@code _API_KEY}, {@code
 * _PRIVATE_KEY} or {@code _CONNECTION_STRING} (so {@code HF_TOKEN}, {@code GITHUB_TOKEN}, {@code
 * OPENAI_API_KEY}, {@code DB_PASSWORD}), in any case. Every {@link TaskSpec} is checked against it
 * when it is built. Add names of your own with {@link #with} and {@code
 * Engine.builder().secretVariables(...)}: the engine checks them when a run starts, before anything
 * is written. Immutable.
 */
public final class SecretVariables {
  private static final Set<String> USUAL =
      Set.of(
          "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
          "AZURE_CLIENT_SECRET", "AZURE_STORAGE_KEY", "AZURE_STORAGE_ACCOUNT_KEY", "AZURE_STORAGE_SAS_TOKEN",
          "GOOGLE_API_KEY", "MINIO_SECRET_KEY", "MINIO_ROOT_PASSWORD", "KAGGLE_KEY", "PGPASSWORD", "MYSQL_PWD");
  private static final Pattern SUFFIXES =
      Pattern.compile(".*_(SECRET|SECRET_KEY|PASSWORD|PASSWD|TOKEN|API_KEY|APIKEY|PRIVATE_KEY|CONNECTION_STRING)");
  private static final SecretVariables STANDARD = new SecretVariables(Set.of());

  /** Names added with {@link #with}, upper case. */
  private final Set<String> extra;

  private SecretVariables(Set<String> extra) {
    this.extra = extra;
  }

  /** The usual secret names and suffixes. */
  public static SecretVariables standard() {
    return STANDARD;
  }

  /** These names and {@code names} (compared without regard to case). */
  public SecretVariables with(String... names) {
    Set<String> all = new TreeSet<>(extra);
    for (String name : names) {
      Objects.requireNonNull(name, "secret variable name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a secret variable name must not be blank");
      }
      all.add(name.toUpperCase(Locale.ROOT));
    }
    return new SecretVariables(Set.copyOf(all));
  }

  /** Whether a variable of this name holds a secret. */
  public boolean isSecret(String variable) {
    String name = variable.toUpperCase(Locale.ROOT);
    return USUAL.contains(name) || extra.contains(name) || SUFFIXES.matcher(name).matches();
  }

  /**
   * Refuses a task that sets a secret variable as a plain value, in its placement or its command's
   * environment. The message names the task and the variable, never the value.
   *
   * @throws IllegalArgumentException naming the variable and the fix
   */
  public void check(TaskSpec task) {
    check(task.name(), task.placement().environment());
    if (task.body() instanceof TaskBody.Command command) {
      check(task.name(), command.environment());
    }
  }

  void check(String task, Map<String, String> environment) {
    for (String variable : environment.keySet()) {
      if (isSecret(variable)) {
        throw new IllegalArgumentException(
            "task '" + task + "' sets the secret " + variable + " as a plain environment value; the task's spec is "
                + "journaled and sent to executors, where anyone who can read them would read it. Fix: pass it by "
                + "reference (on Kubernetes KubernetesConfig.builder().secretEnv(SecretEnv.forTask(...)) or "
                + ".storeCredentials(\"<secret>\")), or give the cluster its own access; a task running locally "
                + "inherits the engine's environment");
      }
    }
  }

  @Override
  public String toString() {
    return "SecretVariables[standard" + (extra.isEmpty() ? "" : " + " + extra) + "]";
  }
}
