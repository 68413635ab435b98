package dev.sluice.deploy.rayserve.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.models.deploy.DeploymentFailedException;
import java.util.Iterator;
import java.util.Map;

/**
 * Builds the next Serve config from the current one. Ray's {@code PUT /api/serve/applications/} is
 * declarative: applications it does not list are deleted ({@code ServeDeploySchema}'s docstring and
 * {@code application_state.py}'s {@code apply_app_configs}). So the config sent is the one in force
 * (each live application's {@code deployed_app_config} from {@code GET}, plus the top-level proxy,
 * HTTP and gRPC options) with only the target application replaced or added.
 */
public final class ServeConfigs {
  private ServeConfigs() {}

  /**
   * The config now in force, with {@code app} (an application's config, its {@code name} set) in
   * place of the application of the same name.
   *
   * @throws DeploymentFailedException when a live application has no {@code deployed_app_config}
   *     (it was deployed from Python with {@code serve.run}, not from a config): putting a config
   *     would delete it, so nothing is sent
   */
  public static ObjectNode withApplication(JsonNode details, ObjectNode app, ObjectMapper json) {
    ObjectNode config = json.createObjectNode();
    if (!details.path("deploy_mode").asText("UNSET").equals("UNSET")) {
      copy(details, config, "proxy_location");
      copy(details, config, "http_options");
      copy(details, config, "grpc_options");
    }
    ArrayNode apps = config.putArray("applications");
    String target = app.get("name").asText();
    boolean placed = false;
    for (Iterator<Map.Entry<String, JsonNode>> it = details.path("applications").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String status = e.getValue().path("status").asText();
      if (status.equals("DELETING")) {
        continue; // already on its way out: a config in force no longer lists it
      }
      if (e.getKey().equals(target)) {
        apps.add(app);
        placed = true;
        continue;
      }
      JsonNode deployed = e.getValue().get("deployed_app_config");
      if (deployed == null || deployed.isNull()) {
        throw new DeploymentFailedException("Ray Serve application '" + e.getKey() + "' was not deployed from a "
            + "config (no deployed_app_config; deployed with serve.run?): a PUT of the Serve config would delete it, "
            + "so '" + target + "' was not deployed. Deploy '" + e.getKey() + "' from a config (serve deploy) first.");
      }
      apps.add(deployed.deepCopy());
    }
    if (!placed) {
      apps.add(app);
    }
    return config;
  }

  private static void copy(JsonNode from, ObjectNode to, String field) {
    JsonNode value = from.get(field);
    if (value != null && !value.isNull()) {
      to.set(field, value.deepCopy());
    }
  }
}
