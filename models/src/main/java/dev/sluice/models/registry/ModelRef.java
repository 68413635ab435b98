package dev.sluice.models.registry;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A reference to a model version, as MLflow writes it: {@code models:/qoe@champion} (an alias) or
 * {@code models:/qoe/3} (a version). A task takes it as an input like any value (it is encoded as
 * its string) and resolves it with {@link ModelRegistry#resolve}.
 *
 * @param model the model's name
 * @param alias the alias, when the reference names one
 * @param version the version, when the reference names one
 */
public record ModelRef(String model, Optional<String> alias, OptionalInt version) {
  private static final String SCHEME = "models:/";

  public ModelRef {
    ModelNames.checkModel(model);
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(version, "version");
    alias.ifPresent(ModelNames::checkAlias);
    if (alias.isPresent() == version.isPresent()) {
      throw new IllegalArgumentException("a model reference names an alias or a version, not both or neither");
    }
  }

  /** {@code models:/<model>@<alias>}. */
  public static ModelRef alias(String model, String alias) {
    return new ModelRef(model, Optional.of(alias), OptionalInt.empty());
  }

  /** {@code models:/<model>/<version>}. */
  public static ModelRef version(String model, int version) {
    if (version < 1) {
      throw new IllegalArgumentException("model versions start at 1, not " + version);
    }
    return new ModelRef(model, Optional.empty(), OptionalInt.of(version));
  }

  /**
   * Parses {@code models:/name@alias} or {@code models:/name/3}.
   *
   * @throws IllegalArgumentException naming the text and the two accepted forms
   */
  @JsonCreator
  public static ModelRef parse(String text) {
    if (text == null || !text.startsWith(SCHEME)) {
      throw bad(text);
    }
    String rest = text.substring(SCHEME.length());
    int at = rest.indexOf('@');
    int slash = rest.indexOf('/');
    try {
      if (at > 0 && slash < 0) {
        return alias(rest.substring(0, at), rest.substring(at + 1));
      }
      if (slash > 0 && at < 0) {
        return version(rest.substring(0, slash), Integer.parseInt(rest.substring(slash + 1)));
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(bad(text).getMessage() + ": " + e.getMessage(), e);
    }
    throw bad(text);
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException("'" + text + "' is not a model reference; write models:/<name>@<alias> "
        + "(e.g. models:/qoe@champion) or models:/<name>/<version> (e.g. models:/qoe/3)");
  }

  @JsonValue
  @Override
  public String toString() {
    return SCHEME + model + alias.map(a -> "@" + a).orElseGet(() -> "/" + version.getAsInt());
  }
}
