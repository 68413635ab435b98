package dev.sluice.executor.kubernetes.internal;

import com.fasterxml.jackson.databind.JsonMappingException;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a core/v1 {@code Affinity} from YAML, block or flow style, or JSON. fabric8's {@code
 * Serialization.unmarshal} sends any text starting with '{' to its JSON parser, so flow-style YAML
 * ({@code {nodeAffinity: ...}}, unquoted keys) failed as "An error has occurred."; this reads every
 * text with snakeyaml-engine (YAML 1.2, of which JSON is a subset; {@code no} stays a string) and
 * binds it with fabric8's mapper. Fields the model does not know are refused: fabric8 keeps them
 * aside and the API server drops them, so a misspelt field would silently stop constraining pods.
 */
final class AffinityYaml {
  /** A complete Affinity in flow style, the shape error messages suggest. */
  static final String EXAMPLE = "{nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms:"
      + " [{matchExpressions: [{key: kubernetes.io/arch, operator: In, values: [amd64]}]}]}}}";
  private static final KubernetesSerialization MAPPER = new KubernetesSerialization();

  private AffinityYaml() {}

  static Affinity parse(String text) {
    List<Object> documents = new ArrayList<>();
    try {
      new Load(LoadSettings.builder().build()).loadAllFromString(text).forEach(documents::add);
    } catch (YamlEngineException e) {
      throw refused("it is neither YAML nor JSON: " + e.getMessage().replaceAll("\\s+", " ").trim(), e);
    }
    documents.removeIf(d -> d == null);
    if (documents.size() != 1) {
      throw refused(documents.isEmpty() ? "it is empty" : "it holds " + documents.size() + " documents, give one", null);
    }
    if (!(documents.get(0) instanceof Map<?, ?> map)) {
      throw refused("it is not a mapping of nodeAffinity, podAffinity and podAntiAffinity", null);
    }
    Affinity affinity;
    try {
      affinity = MAPPER.convertValue(map, Affinity.class);
    } catch (IllegalArgumentException e) {
      throw refused(describe(e), e);
    }
    List<String> unknown = new ArrayList<>();
    unknownFields(affinity, "", unknown);
    unknown.sort(null);
    if (!unknown.isEmpty()) {
      throw refused("unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
          + " (the API server would drop " + (unknown.size() > 1 ? "them" : "it") + ")", null);
    }
    if (affinity.getNodeAffinity() == null && affinity.getPodAffinity() == null && affinity.getPodAntiAffinity() == null) {
      throw refused("it sets none of nodeAffinity, podAffinity and podAntiAffinity", null);
    }
    return affinity;
  }

  private static IllegalArgumentException refused(String why, Throwable cause) {
    return new IllegalArgumentException("affinity is not a core/v1 Affinity: " + why + ". Write YAML or JSON, e.g. "
        + EXAMPLE, cause);
  }

  /** Where in the text Jackson could not bind, and why, without its class names. */
  private static String describe(IllegalArgumentException e) {
    if (e.getCause() instanceof JsonMappingException m) {
      String path = m.getPath().stream()
          .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
          .collect(Collectors.joining()).replaceFirst("^\\.", "");
      String why = m.getOriginalMessage().lines().findFirst().orElse("").replaceAll("`[\\w.$]+\\.(\\w+)`", "$1");
      return (path.isEmpty() ? "" : path + ": ") + why;
    }
    return String.valueOf(e.getMessage());
  }

  /** Collects the paths of fields fabric8 kept aside as additional properties. */
  private static void unknownFields(Object node, String path, List<String> unknown) {
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        unknownFields(list.get(i), path + "[" + i + "]", unknown);
      }
      return;
    }
    if (!(node instanceof KubernetesResource)) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      String name = getter.getName();
      if (!name.startsWith("get") || getter.getParameterCount() > 0 || Modifier.isStatic(getter.getModifiers())
          || name.equals("getClass")) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      String prefix = path.isEmpty() ? "" : path + ".";
      if (name.equals("getAdditionalProperties") && value instanceof Map<?, ?> extra) {
        extra.keySet().forEach(k -> unknown.add(prefix + k));
      } else if (value != null) {
        unknownFields(value, prefix + Character.toLowerCase(name.charAt(3)) + name.substring(4), unknown);
      }
    }
  }
}
