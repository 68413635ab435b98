package dev.sluice.executor.ray;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The parts of a Ray job's {@code runtime_env} Sluice sends: only what is set here goes on the wire.
 * Packages must be remote URIs Ray can fetch ({@code s3://…/code.zip}, {@code gs://…}, {@code
 * https://…}); local folders are a Python-client feature the REST API does not have.
 *
 * @param workingDir {@code working_dir}: a zip the job runs in
 * @param pyModules {@code py_modules}: zips or wheels put on the Python path
 * @param pip {@code pip}: packages to install, e.g. {@code requests==2.31.0}
 * @param imageUri {@code image_uri}: the container image the job runs in (Ray 2.20 and later)
 * @param envVars {@code env_vars}: variables for the entrypoint (Sluice adds its own)
 * @param setupTimeout {@code config.setup_timeout_seconds}: how long Ray may take to set it up
 */
public record RayRuntimeEnv(
    Optional<String> workingDir,
    List<String> pyModules,
    List<String> pip,
    Optional<String> imageUri,
    Map<String, String> envVars,
    Optional<Duration> setupTimeout) {

  /** Nothing set: Sluice sends only its own {@code env_vars}. */
  public static final RayRuntimeEnv NONE = builder().build();

  public RayRuntimeEnv {
    Objects.requireNonNull(workingDir, "workingDir");
    pyModules = List.copyOf(pyModules);
    pip = List.copyOf(pip);
    Objects.requireNonNull(imageUri, "imageUri");
    envVars = Collections.unmodifiableMap(new TreeMap<>(Map.copyOf(envVars)));
    Objects.requireNonNull(setupTimeout, "setupTimeout");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder preset with this env's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.workingDir = workingDir.orElse(null);
    b.pyModules.addAll(pyModules);
    b.pip.addAll(pip);
    b.imageUri = imageUri.orElse(null);
    b.envVars.putAll(envVars);
    b.setupTimeout = setupTimeout.orElse(null);
    return b;
  }

  /**
   * This env with {@code over}'s settings on top: set values replace, lists and variables add up
   * (for a task-level env over the executor's default).
   */
  public RayRuntimeEnv overriddenBy(RayRuntimeEnv over) {
    Builder b = toBuilder();
    over.workingDir.ifPresent(b::workingDir);
    b.pyModules.addAll(over.pyModules);
    b.pip.addAll(over.pip);
    over.imageUri.ifPresent(b::imageUri);
    b.envVars.putAll(over.envVars);
    over.setupTimeout.ifPresent(b::setupTimeout);
    return b.build();
  }

  /** Mutable builder; {@link #build()} freezes. */
  public static final class Builder {
    private String workingDir;
    private final List<String> pyModules = new ArrayList<>();
    private final List<String> pip = new ArrayList<>();
    private String imageUri;
    private final Map<String, String> envVars = new LinkedHashMap<>();
    private Duration setupTimeout;

    private Builder() {}

    /** A remote zip, e.g. {@code s3://bucket/code/train.zip}. */
    public Builder workingDir(String uri) {
      this.workingDir = requireRemote(uri, "working_dir", ".zip");
      return this;
    }

    /** A remote zip or wheel, added to {@code py_modules}. */
    public Builder pyModule(String uri) {
      pyModules.add(requireRemote(uri, "py_modules", ".zip", ".whl"));
      return this;
    }

    /** A pip requirement, e.g. {@code torch==2.3.0}. */
    public Builder pip(String requirement) {
      pip.add(Objects.requireNonNull(requirement, "pip requirement"));
      return this;
    }

    /** The container image the job runs in (Ray's {@code image_uri}). */
    public Builder imageUri(String image) {
      this.imageUri = Objects.requireNonNull(image, "image");
      return this;
    }

    /** A variable for the entrypoint. */
    public Builder envVar(String name, String value) {
      envVars.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value of " + name));
      return this;
    }

    /** How long Ray may take to set the environment up (its default is 600 s). */
    public Builder setupTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "setupTimeout");
      if (timeout.toSeconds() < 1) {
        throw new IllegalArgumentException("setupTimeout must be at least 1 s, got " + timeout);
      }
      this.setupTimeout = timeout;
      return this;
    }

    public RayRuntimeEnv build() {
      return new RayRuntimeEnv(Optional.ofNullable(workingDir), pyModules, pip,
          Optional.ofNullable(imageUri), envVars, Optional.ofNullable(setupTimeout));
    }

    private static String requireRemote(String uri, String field, String... suffixes) {
      Objects.requireNonNull(uri, field);
      boolean remote = uri.matches("^[a-z][a-z0-9+.-]*://.+");
      boolean suffix = false;
      for (String s : suffixes) {
        suffix |= uri.endsWith(s);
      }
      if (!remote || uri.startsWith("file://") || !suffix) {
        throw new IllegalArgumentException(
            field + " '" + uri + "' must be a remote URI Ray can fetch ending in " + String.join(" or ", suffixes)
                + " (s3://, gs://, https://); upload local code first: the REST API does not zip folders");
      }
      return uri;
    }
  }
}
