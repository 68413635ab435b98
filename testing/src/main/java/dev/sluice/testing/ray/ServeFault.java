package dev.sluice.testing.ray;

import java.util.Objects;

/**
 * A Ray Serve application that fails to deploy on the stand-in: an application whose submitted
 * {@code args} hold {@code argValue} under {@code argName} goes {@code DEPLOYING} → {@code
 * DEPLOY_FAILED}, as when the application's Python code raises while it is built or its replicas
 * start (a model file that does not load, a missing package). Its message is Ray's: {@code
 * Deploying app '<name>' failed with exception:} and a traceback ending in {@code exceptionLine}.
 *
 * @param argName an argument of the application builder, e.g. {@code model_version}
 * @param argValue the value that makes the deploy fail, compared as text
 * @param exceptionLine the Python exception, e.g. {@code RuntimeError: model file is corrupt}
 */
public record ServeFault(String argName, String argValue, String exceptionLine) {
  public ServeFault {
    Objects.requireNonNull(argName, "argName");
    Objects.requireNonNull(argValue, "argValue");
    Objects.requireNonNull(exceptionLine, "exceptionLine");
  }

  /** Applications deployed with {@code args.<argName> == argValue} fail with {@code exceptionLine}. */
  public static ServeFault whenArg(String argName, String argValue, String exceptionLine) {
    return new ServeFault(argName, argValue, exceptionLine);
  }
}
