package dev.sluice.core.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What changed between two specs' JSON, in one phrase for an error message. */
final class SpecDiff {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpecDiff() {}

  static String describe(String before, String after) {
    Map<String, JsonNode> was;
    Map<String, JsonNode> is;
    try {
      was = nodes(JSON.readTree(before));
      is = nodes(JSON.readTree(after));
    } catch (IOException e) {
      return "the journaled spec cannot be read: " + e.getMessage();
    }
    List<String> parts = new ArrayList<>();
    Set<String> added = new TreeSet<>(is.keySet());
    added.removeAll(was.keySet());
    Set<String> removed = new TreeSet<>(was.keySet());
    removed.removeAll(is.keySet());
    Set<String> changed = new TreeSet<>();
    for (Map.Entry<String, JsonNode> e : is.entrySet()) {
      JsonNode old = was.get(e.getKey());
      if (old != null && !old.equals(e.getValue())) {
        changed.add(e.getKey());
      }
    }
    if (!added.isEmpty()) {
      parts.add("nodes added: " + added);
    }
    if (!removed.isEmpty()) {
      parts.add("nodes removed: " + removed);
    }
    if (!changed.isEmpty()) {
      parts.add("nodes changed: " + changed);
    }
    return parts.isEmpty() ? "the workflow's own settings differ" : String.join("; ", parts);
  }

  private static Map<String, JsonNode> nodes(JsonNode spec) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (JsonNode n : spec.path("nodes")) {
      out.put(n.path("id").asText(), n);
    }
    return out;
  }
}
