package dev.sluice.testing.kubernetes.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A Kubernetes API request read the way the API server's RequestInfoResolver reads it for
 * authorization (kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/endpoints/request/requestinfo.go):
 * a verb (get, list, watch, create, update, patch, delete, deletecollection) on a resource of an
 * API group ({@code jobs} in {@code batch}, {@code pods/log} in the core group ""), in a namespace,
 * with the object's name when there is one. A list or watch selecting one object by {@code
 * fieldSelector=metadata.name=x} carries that name, as in requestinfo.go.
 *
 * @param verb the RBAC verb
 * @param group the API group, "" for the core group
 * @param resource the resource, with its subresource after a '/'
 * @param namespace the namespace, or null for a cluster-scoped or non-resource request
 * @param name the object's name, or null for collections
 * @param query the query string ("" when none)
 * @param resourceRequest false for non-resource paths such as {@code /version} or {@code /apis}
 */
record ApiCall(String verb, String group, String resource, String namespace, String name, String query,
    boolean resourceRequest) {

  String key() {
    return verb + " " + resource;
  }

  /** The resource without its subresource, as the Status of a refusal names it ({@code pods} for pods/log). */
  String baseResource() {
    int slash = resource.indexOf('/');
    return slash < 0 ? resource : resource.substring(0, slash);
  }

  /** An integer query parameter, or -1 when absent. */
  int queryInt(String parameter) {
    String value = queryParameter(query, parameter);
    return value == null ? -1 : Integer.parseInt(value);
  }

  static ApiCall of(String method, String rawPath) {
    int q = rawPath.indexOf('?');
    String path = q < 0 ? rawPath : rawPath.substring(0, q);
    String query = q < 0 ? "" : rawPath.substring(q + 1);
    String[] parts = path.split("/");
    // /api/v1/... (core group) or /apis/<group>/<version>/...
    boolean core = parts.length > 1 && parts[1].equals("api");
    boolean named = parts.length > 1 && parts[1].equals("apis");
    String group = core ? "" : named && parts.length > 2 ? parts[2] : null;
    int at = core ? 3 : 4; // first segment after the version
    String namespace = null;
    if (at + 2 < parts.length && parts[at].equals("namespaces")) {
      namespace = parts[at + 1];
      at += 2;
    }
    String verb = switch (method) {
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> "get";
    };
    if (group == null || at >= parts.length) {
      return new ApiCall(verb, "", path, null, null, query, false); // discovery: /version, /apis, /api/v1 ...
    }
    String resource = parts[at];
    String name = at + 1 < parts.length ? parts[at + 1] : null;
    if (at + 2 < parts.length) {
      resource = resource + "/" + parts[at + 2];
    }
    if (name == null) {
      verb = switch (method) {
        case "GET" -> "true".equals(queryParameter(query, "watch")) ? "watch" : "list";
        case "DELETE" -> "deletecollection";
        default -> verb;
      };
      String selector = queryParameter(query, "fieldSelector");
      if (selector != null && selector.startsWith("metadata.name=") && !selector.contains(",")
          && (verb.equals("list") || verb.equals("watch"))) {
        name = selector.substring("metadata.name=".length());
      }
    }
    return new ApiCall(verb, group, resource, namespace, name, query, true);
  }

  private static String queryParameter(String query, String parameter) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(parameter)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return verb.toLowerCase(Locale.ROOT) + " " + resource + (group.isEmpty() ? "" : "." + group)
        + (name == null ? "" : " " + name) + (namespace == null ? "" : " in " + namespace);
  }
}
