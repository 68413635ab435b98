package dev.sluice.testing.ray.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.testing.ray.ServeFault;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ray Serve's REST API on the dashboard, as Ray 2.x has it. Sources (ray-project/ray):
 * {@code dashboard/modules/serve/serve_rest_api_impl.py} (routes, 400 with {@code repr(ValidationError)}
 * on a bad body, empty 200 on success), {@code python/ray/serve/schema.py} ({@code ServeDeploySchema}
 * as the PUT's body and its validators; {@code ServeInstanceDetails} as the GET's body, with {@code
 * get_empty_schema_dict()} before Serve starts), {@code python/ray/serve/_private/common.py} ({@code
 * ApplicationStatus}) and {@code _private/application_state.py} (a new app starts {@code NOT_STARTED},
 * then {@code DEPLOYING}; an app missing from a new config is deleted: {@code DELETING}, then gone; a
 * build failure is {@code DEPLOY_FAILED} with "Deploying app '<name>' failed with exception:").
 */
final class ServeApi {
  static final String APPLICATIONS = "/api/serve/applications/";

  /** An answer: status, content type and body. */
  record Answer(int status, String contentType, byte[] body) {}

  private final ServerSettings settings;
  private final ObjectMapper json;
  private final ScheduledExecutorService timer;
  private final Map<String, App> apps = new LinkedHashMap<>();
  private ObjectNode httpOptions;
  private String proxyLocation;
  private boolean started;

  private static final class App {
    final String name;
    ObjectNode config;
    String status;
    String message = "";
    double lastDeployedTimeS;
    long generation;

    App(String name) {
      this.name = name;
    }
  }

  ServeApi(ServerSettings settings, ObjectMapper json, ScheduledExecutorService timer) {
    this.settings = settings;
    this.json = json;
    this.timer = timer;
  }

  synchronized Answer get() {
    ObjectNode details = json.createObjectNode();
    if (!started) {
      // ServeInstanceDetails.get_empty_schema_dict(): no Serve controller yet
      details.put("deploy_mode", "UNSET");
      details.putObject("controller_info");
      details.putObject("proxies");
      details.putObject("applications");
      return answer(details);
    }
    details.putObject("controller_info").put("node_id", NODE_ID).put("node_ip", "127.0.0.1")
        .put("actor_id", "c0ffee0000000000000000000001").put("actor_name", "SERVE_CONTROLLER_ACTOR")
        .put("worker_id", "w0000000000000000000000000000001").put("log_file_path", "/serve/controller_1.log");
    details.put("proxy_location", proxyLocation);
    details.set("http_options", httpOptions);
    details.putObject("grpc_options").put("port", 9000).putArray("grpc_servicer_functions");
    details.putObject("proxies").putObject(NODE_ID).put("node_id", NODE_ID).put("node_ip", "127.0.0.1")
        .put("actor_id", "c0ffee0000000000000000000002").put("actor_name", "SERVE_PROXY_ACTOR-" + NODE_ID)
        .put("status", "HEALTHY");
    details.put("deploy_mode", "MULTI_APP");
    ObjectNode applications = details.putObject("applications");
    for (App app : apps.values()) {
      ObjectNode a = applications.putObject(app.name);
      a.put("name", app.name);
      JsonNode route = app.config.get("route_prefix");
      a.put("route_prefix", route == null ? "/" : route.isNull() ? null : route.asText());
      a.putNull("docs_path");
      a.put("status", app.status);
      a.put("message", app.message);
      a.put("last_deployed_time_s", app.lastDeployedTimeS);
      a.set("deployed_app_config", app.config.deepCopy());
      ObjectNode deployments = a.putObject("deployments");
      if (app.status.equals("RUNNING")) {
        String ingress = ingressName(app.config.path("import_path").asText());
        ObjectNode d = deployments.putObject(ingress);
        d.put("name", ingress).put("status", "HEALTHY").put("message", "");
        d.putObject("deployment_config").put("name", ingress).put("num_replicas", 1);
        d.putArray("replicas").addObject().put("replica_id", ingress + "#a1b2c3").put("state", "RUNNING")
            .put("node_id", NODE_ID).put("node_ip", "127.0.0.1").put("start_time_s", app.lastDeployedTimeS);
      }
    }
    return answer(details);
  }

  private static final String NODE_ID = "8a1e0c4f3b2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";

  synchronized Answer put(String body) {
    JsonNode config;
    try {
      config = json.readTree(body);
    } catch (Exception e) {
      // aiohttp's req.json() raising before pydantic sees anything: the dashboard's 500
      return text(500, RayTexts.INTERNAL_ERROR);
    }
    Optional<String> invalid = validate(config);
    if (invalid.isPresent()) {
      return text(400, invalid.get());
    }
    if (!started) {
      started = true;
      proxyLocation = config.path("proxy_location").asText("EveryNode");
      httpOptions = json.createObjectNode().put("host", "0.0.0.0").put("port", 8000).put("root_path", "")
          .putNull("request_timeout_s").put("keep_alive_timeout_s", 5);
      if (config.get("http_options") instanceof ObjectNode given) {
        httpOptions.setAll(given);
      }
    }
    Set<String> listed = new HashSet<>();
    for (JsonNode given : config.get("applications")) {
      ObjectNode appConfig = (ObjectNode) given.deepCopy();
      String name = appConfig.path("name").asText("default");
      appConfig.put("name", name);
      listed.add(name);
      App app = apps.computeIfAbsent(name, App::new);
      if (appConfig.equals(app.config) && !app.status.equals("DELETING")) {
        continue; // the same config again: Serve does not redeploy
      }
      app.config = appConfig;
      app.status = app.status == null || app.status.equals("DELETING") ? "NOT_STARTED" : "DEPLOYING";
      app.message = "";
      app.lastDeployedTimeS = System.currentTimeMillis() / 1000.0;
      long generation = ++app.generation;
      long half = Math.max(1, settings.serveDeployTime().toMillis() / 2);
      timer.schedule(() -> step(app, generation, "DEPLOYING"), half, TimeUnit.MILLISECONDS);
      timer.schedule(() -> finish(app, generation), settings.serveDeployTime().toMillis(), TimeUnit.MILLISECONDS);
    }
    for (App app : new ArrayList<>(apps.values())) {
      if (!listed.contains(app.name)) {
        delete(app);
      }
    }
    return new Answer(200, "text/plain; charset=utf-8", new byte[0]);
  }

  /** {@code DELETE /api/serve/applications/}: shuts Serve down, every application goes. */
  synchronized Answer deleteAll() {
    new ArrayList<>(apps.values()).forEach(this::delete);
    return new Answer(200, "text/plain; charset=utf-8", new byte[0]);
  }

  private void delete(App app) {
    if (app.status.equals("DELETING")) {
      return;
    }
    app.status = "DELETING";
    app.message = "";
    long generation = ++app.generation;
    timer.schedule(() -> {
      synchronized (this) {
        if (app.generation == generation) {
          apps.remove(app.name);
        }
      }
    }, settings.serveDeployTime().toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void step(App app, long generation, String status) {
    if (app.generation == generation) {
      app.status = status;
    }
  }

  private synchronized void finish(App app, long generation) {
    if (app.generation != generation) {
      return;
    }
    JsonNode args = app.config.path("args");
    for (ServeFault fault : settings.serveFaults()) {
      if (args.path(fault.argName()).asText().equals(fault.argValue())) {
        app.status = "DEPLOY_FAILED";
        app.message = "Deploying app '" + app.name + "' failed with exception:\n"
            + "Traceback (most recent call last):\n"
            + "  File \"/ray/python/ray/serve/_private/application_state.py\", line 1013, in build_serve_application\n"
            + "    app = call_app_builder_with_args_if_necessary(import_attr(import_path), args)\n"
            + fault.exceptionLine() + "\n";
        return;
      }
    }
    app.status = "RUNNING";
  }

  /** The checks of {@code ServeDeploySchema}'s validators, with pydantic v1's {@code repr} of the error. */
  private Optional<String> validate(JsonNode config) {
    if (!config.isObject() || !config.path("applications").isArray()) {
      return Optional.of(error("applications", "field required", "value_error.missing"));
    }
    List<String> names = new ArrayList<>();
    List<String> routes = new ArrayList<>();
    for (JsonNode app : config.get("applications")) {
      if (!app.path("import_path").isTextual()) {
        return Optional.of(error("applications', 0, 'import_path", "field required", "value_error.missing"));
      }
      String importPath = app.get("import_path").asText();
      if (!importPath.contains(".") && !importPath.contains(":")) {
        return Optional.of(error("applications', 0, 'import_path", "Got invalid import path \"" + importPath
            + "\". An import path must contain at least on dot or colon separating the module (and potentially "
            + "submodules) from the deployment graph. E.g.: \"module.deployment_graph\".", "value_error"));
      }
      if (app.has("host") || app.has("port")) {
        return Optional.of(error("__root__", "Host and port are set in the config for application `"
            + app.path("name").asText("default") + "`. Please remove them and set them in the top level deploy "
            + "config only.", "value_error"));
      }
      String name = app.path("name").asText("default");
      if (name.isEmpty()) {
        return Optional.of(error("applications", "Application names must be nonempty.", "value_error"));
      }
      if (names.contains(name)) {
        return Optional.of(error("applications", "Found multiple configs for application \"" + name
            + "\". Please remove all duplicates.", "value_error"));
      }
      names.add(name);
      JsonNode route = app.get("route_prefix");
      String prefix = route == null ? "/" : route.isNull() ? null : route.asText();
      if (prefix != null && (!prefix.startsWith("/") || (prefix.length() > 1 && prefix.endsWith("/")))) {
        return Optional.of(error("applications', 0, 'route_prefix", "Got \"" + prefix
            + "\" for route_prefix. Route prefix must start with \"/\" and cannot end with \"/\" unless the "
            + "entire prefix is just \"/\".", "value_error"));
      }
      if (prefix != null && routes.contains(prefix)) {
        return Optional.of(error("applications", "Found duplicate applications for route prefix \"" + prefix
            + "\". Please ensure each application's route_prefix is unique.", "value_error"));
      }
      routes.add(prefix);
    }
    return Optional.empty();
  }

  private static String error(String loc, String msg, String type) {
    return "ValidationError(model='ServeDeploySchema', errors=[{'loc': ('" + loc + "',), 'msg': '"
        + msg.replace("'", "\\'") + "', 'type': '" + type + "'}])";
  }

  private static String ingressName(String importPath) {
    String tail = importPath.substring(Math.max(importPath.lastIndexOf('.'), importPath.lastIndexOf(':')) + 1);
    return tail.isEmpty() ? "Ingress" : tail;
  }

  private Answer answer(JsonNode body) {
    try {
      return new Answer(200, "application/json", json.writeValueAsBytes(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Answer text(int status, String body) {
    return new Answer(status, "text/plain; charset=utf-8", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
