package dev.sluice.testing.kubernetes.internal;

/**
 * A Kubernetes API request read the way RBAC reads it: a verb (get, list, watch, create, update,
 * patch, delete) on a resource ({@code jobs}, {@code pods}, {@code pods/log}, {@code jobs/status}).
 *
 * @param verb the RBAC verb
 * @param resource the resource, with its subresource after a '/'
 * @param name the object's name, or null for collections
 * @param query the query string ("" when none)
 */
record ApiCall(String verb, String resource, String name, String query) {

  String key() {
    return verb + " " + resource;
  }

  /** An integer query parameter, or -1 when absent. */
  int queryInt(String parameter) {
    for (String pair : query.split("&")) {
      if (pair.startsWith(parameter + "=")) {
        return Integer.parseInt(pair.substring(parameter.length() + 1));
      }
    }
    return -1;
  }

  static ApiCall of(String method, String rawPath) {
    int q = rawPath.indexOf('?');
    String path = q < 0 ? rawPath : rawPath.substring(0, q);
    String query = q < 0 ? "" : rawPath.substring(q + 1);
    String[] parts = path.split("/");
    int at = -1;
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equals("namespaces") && i + 2 < parts.length) {
        at = i + 2;
        break;
      }
    }
    if (at < 0) {
      int base = parts.length > 1 && parts[1].equals("api") ? 3 : 4; // /api/v1/x or /apis/g/v/x
      at = base < parts.length ? base : -1;
    }
    if (at < 0) {
      return new ApiCall("get", path, null, query); // discovery: /version, /apis, ...
    }
    String resource = parts[at];
    String name = at + 1 < parts.length ? parts[at + 1] : null;
    if (at + 2 < parts.length) {
      resource = resource + "/" + parts[at + 2];
    }
    String verb = switch (method) {
      case "GET" -> name != null ? "get" : query.contains("watch=true") ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> name != null ? "delete" : "deletecollection";
      default -> method.toLowerCase(java.util.Locale.ROOT);
    };
    return new ApiCall(verb, resource, name, query);
  }
}
