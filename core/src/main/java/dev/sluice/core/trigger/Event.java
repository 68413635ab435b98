package dev.sluice.core.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.core.model.Names;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened, delivered by an {@link dev.sluice.core.spi.EventSource} to event
 * triggers: its source, an id unique within the source (the same event delivered twice has the
 * same id), a type, when it happened, string attributes and a JSON payload.
 *
 * @param source the source's name
 * @param id the event's id within the source: 1 to 200 printable characters
 * @param type what happened, e.g. {@code run-finished}, {@code model-version-registered}, {@code webhook}
 * @param time when it happened
 * @param attributes small facts to filter on (workflow, state, model, alias…)
 * @param payloadJson the payload as JSON ({@code null} as JSON when there is none)
 */
public record Event(String source, String id, String type, Instant time, Map<String, String> attributes, String payloadJson) {
  private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

  public Event {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(time, "time");
    attributes = Map.copyOf(attributes);
    Objects.requireNonNull(payloadJson, "payloadJson");
    if (id.isBlank() || id.length() > 200 || id.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "an event id must have 1 to 200 printable characters, got '" + id.replaceAll("\\p{Cntrl}", "?") + "'");
    }
    if (!Names.isValid(source)) {
      throw new IllegalArgumentException("event source name '" + source + "' is not valid: use letters, digits,"
          + " '-', '_' or '.'");
    }
  }

  /** The payload read as {@code type} (a record, a map, a number…). */
  public <T> T payload(Class<T> type) {
    try {
      return JSON.readValue(payloadJson, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the payload of event " + id + " from " + source + " cannot be read as " + type.getName() + ": " + e.getMessage(), e);
    }
  }

  /** An attribute, or {@code ""} when the event has none of that name. */
  public String attribute(String name) {
    return attributes.getOrDefault(name, "");
  }

  @Override
  public String toString() {
    return type + " event " + id + " from " + source;
  }
}
