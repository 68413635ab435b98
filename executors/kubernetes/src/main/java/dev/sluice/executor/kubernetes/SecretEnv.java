package dev.sluice.executor.kubernetes;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An environment variable a Job's container reads from a Kubernetes Secret ({@code
 * env[].valueFrom.secretKeyRef}): the value never appears in the Job spec, only the Secret's name
 * and key. Store credentials and user secrets travel this way.
 *
 * @param variable the environment variable, e.g. {@code AWS_SECRET_ACCESS_KEY}
 * @param secret the Secret's name in the executor's namespace
 * @param key the key inside the Secret
 * @param task the task it is given to; empty: every task
 */
public record SecretEnv(String variable, String secret, String key, Optional<String> task) {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern SECRET_KEY = Pattern.compile("[-._a-zA-Z0-9]+");

  public SecretEnv {
    Objects.requireNonNull(variable, "variable");
    Objects.requireNonNull(secret, "secret of " + variable);
    Objects.requireNonNull(key, "key of " + variable);
    Objects.requireNonNull(task, "task of " + variable);
    if (!ENV_NAME.matcher(variable).matches()) {
      throw new IllegalArgumentException(
          "'" + variable + "' is not an environment variable name: use letters, digits and '_'");
    }
    if (secret.length() > 253 || !DNS_SUBDOMAIN.matcher(secret).matches()) {
      throw new IllegalArgumentException(
          "secret name '" + secret + "' of " + variable
              + " is not a valid Kubernetes name: lower case letters, digits, '-' and '.'");
    }
    if (key.length() > 253 || !SECRET_KEY.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "secret key '" + key + "' of " + variable + " may hold only letters, digits, '-', '_' and '.'");
    }
  }

  /** {@code variable} from {@code key} of Secret {@code secret}, for every task. */
  public static SecretEnv of(String variable, String secret, String key) {
    return new SecretEnv(variable, secret, key, Optional.empty());
  }

  /** {@code variable} from {@code key} of Secret {@code secret}, for one task only. */
  public static SecretEnv forTask(String task, String variable, String secret, String key) {
    return new SecretEnv(variable, secret, key, Optional.of(task));
  }

  /** Whether the task with this name gets the variable. */
  public boolean appliesTo(String taskName) {
    return task.isEmpty() || task.get().equals(taskName);
  }
}
