package dev.sluice.mlflow.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.models.registry.AliasMove;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The alias history MLflow does not keep (it stores only where each alias points now), kept as
 * registered-model tags: one tag per move, key {@code sluice.alias.<epoch millis, 13 digits>-<8 hex>}
 * so that keys sort in the order of the moves, value the move as JSON ({@code alias, from, to, actor,
 * reason, at}). A writer stamps its move later than every move it saw, as the store registry does.
 * A tag value holds at most 5000 characters (MLflow's {@code MAX_MODEL_REGISTRY_TAG_VALUE_LENGTH},
 * mlflow/utils/validation.py), so a very long reason is refused by MLflow.
 */
public final class AliasRecords {
  static final String PREFIX = "sluice.alias.";
  private static final ObjectMapper JSON = new ObjectMapper();

  private AliasRecords() {}

  /** A recorded move and its tag key. */
  public record Recorded(String key, AliasMove move) {}

  /** What {@code registered-models/get} says of a model: its tags' moves in order, and its aliases now. */
  public record ModelState(List<Recorded> history, Map<String, Integer> aliases) {
    /** The latest recorded move of {@code alias}, if any. */
    public Optional<Recorded> latest(String alias) {
      Recorded last = null;
      for (Recorded r : history) {
        if (r.move().alias().equals(alias)) {
          last = r;
        }
      }
      return Optional.ofNullable(last);
    }

    /** When the latest move of any alias was, if any. */
    public Optional<Instant> lastAt() {
      return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1).move().at());
    }
  }

  /** Reads a {@code registered_model} object. */
  public static ModelState read(JsonNode registeredModel) {
    String model = registeredModel.path("name").asText();
    TreeMap<String, AliasMove> moves = new TreeMap<>();
    for (JsonNode tag : registeredModel.path("tags")) {
      String key = tag.path("key").asText();
      if (key.startsWith(PREFIX)) {
        moves.put(key, parse(model, tag.path("value").asText()));
      }
    }
    List<Recorded> history = new ArrayList<>();
    moves.forEach((k, m) -> history.add(new Recorded(k, m)));
    Map<String, Integer> aliases = new TreeMap<>();
    for (JsonNode a : registeredModel.path("aliases")) {
      aliases.put(a.path("alias").asText(), Integer.parseInt(a.path("version").asText()));
    }
    return new ModelState(List.copyOf(history), aliases);
  }

  /** The tag key for a move made at {@code at}. */
  public static String key(Instant at) {
    return PREFIX + String.format("%013d-%08x", at.toEpochMilli(), ThreadLocalRandom.current().nextInt());
  }

  /** The move as a tag value. */
  public static String value(AliasMove m) {
    ObjectNode o = JSON.createObjectNode().put("alias", m.alias());
    if (m.from().isPresent()) {
      o.put("from", m.from().getAsInt());
    }
    if (m.to().isPresent()) {
      o.put("to", m.to().getAsInt());
    }
    o.put("actor", m.actor()).put("reason", m.reason()).put("at", m.at().toString());
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AliasMove parse(String model, String value) {
    try {
      JsonNode o = JSON.readTree(value);
      return new AliasMove(model, o.path("alias").asText(), optInt(o.get("from")), optInt(o.get("to")),
          o.path("actor").asText(""), o.path("reason").asText(""), Instant.parse(o.path("at").asText()));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException("model " + model + " has an alias-history tag that is not a move (edited by "
          + "hand?): " + value + "; delete the tag in MLflow", e);
    }
  }

  private static OptionalInt optInt(JsonNode n) {
    return n == null || n.isNull() ? OptionalInt.empty() : OptionalInt.of(n.asInt());
  }
}
