package dev.sluice.models.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a task hands the registry to register a new version of a model. Built with {@link
 * #builder(String, String)}.
 *
 * @param model the model's name (letters, digits, {@code . _ -}; at most 100 characters)
 * @param artifact where the model's files are: a store URI ({@code s3://ml/blobs/…}, {@code file:…})
 *     or any URI the serving side understands
 * @param format how the artifact is encoded, e.g. {@code onnx}, {@code json-linear}, {@code
 *     mlflow-pyfunc}
 * @param metrics what the model measured (e.g. {@code rmse})
 * @param params the parameters it was trained with
 * @param lineage where it came from
 * @param tags free-form labels
 */
public record ModelRegistration(
    String model, String artifact, String format, Map<String, Double> metrics, Map<String, String> params,
    Lineage lineage, Map<String, String> tags) {

  public ModelRegistration {
    ModelNames.checkModel(model);
    Objects.requireNonNull(artifact, "artifact");
    Objects.requireNonNull(format, "format");
    metrics = java.util.Collections.unmodifiableMap(new TreeMap<>(metrics));
    params = java.util.Collections.unmodifiableMap(new TreeMap<>(params));
    Objects.requireNonNull(lineage, "lineage");
    tags = java.util.Collections.unmodifiableMap(new TreeMap<>(tags));
  }

  /** A builder for a version of {@code model} whose files are at {@code artifact}. */
  public static Builder builder(String model, String artifact) {
    return new Builder(model, artifact);
  }

  /** Collects a registration; mutable, not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final String model;
    private final String artifact;
    private String format = "unspecified";
    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, String> tags = new LinkedHashMap<>();
    private Lineage lineage = Lineage.none();

    private Builder(String model, String artifact) {
      this.model = model;
      this.artifact = artifact;
    }

    /** The artifact's format (default {@code unspecified}). */
    public Builder format(String format) {
      this.format = format;
      return this;
    }

    /** A metric the model measured. */
    public Builder metric(String name, double value) {
      metrics.put(name, value);
      return this;
    }

    /** A training parameter. */
    public Builder param(String name, String value) {
      params.put(name, value);
      return this;
    }

    /** A tag. */
    public Builder tag(String name, String value) {
      tags.put(name, value);
      return this;
    }

    /** Where the model came from (default: none). */
    public Builder lineage(Lineage lineage) {
      this.lineage = lineage;
      return this;
    }

    /** The registration. */
    public ModelRegistration build() {
      return new ModelRegistration(model, artifact, format, metrics, params, lineage, tags);
    }
  }
}
