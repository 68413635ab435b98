package dev.sluice.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The page and its scripts: {@code /} is the console, {@code /ui/<file>} its own files, {@code
 * /webjars/<lib>/<version>/<file>} the graph libraries from their WebJars on the class path. Only
 * those libraries are served, and no path may climb out of its folder.
 */
final class StaticFiles {
  private static final Set<String> LIBRARIES = Set.of("cytoscape", "cytoscape-klay", "klayjs");
  private static final Map<String, String> TYPES =
      Map.of("html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8", "json", "application/json", "png", "image/png",
          "svg", "image/svg+xml");
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private StaticFiles() {}

  static void handle(Exchange x) throws IOException {
    if (!x.method().equals("GET")) {
      x.http.getResponseHeaders().set("Allow", "GET");
      throw new HttpError(405, x.method() + " is not allowed here; use GET");
    }
    List<String> s = x.segments;
    for (String part : s) {
      if (part.equals("..") || part.equals(".") || part.contains("\\") || part.contains("/")) {
        throw new HttpError(400, "path segment '" + part + "' is not allowed");
      }
    }
    if (s.isEmpty()) {
      x.http.getResponseHeaders().set("Content-Security-Policy", CSP);
      x.send(200, TYPES.get("html"), Resources.bytes("index.html"));
    } else if (s.get(0).equals("ui") && s.size() == 2) {
      x.send(200, type(s.get(1)), Resources.bytes(s.get(1)));
    } else if (s.get(0).equals("webjars") && s.size() >= 4 && LIBRARIES.contains(s.get(1))) {
      String path = "META-INF/resources/webjars/" + String.join("/", s.subList(1, s.size()));
      try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(path)) {
        if (in == null) {
          throw new HttpError(404, "no file " + x.http.getRequestURI().getPath());
        }
        x.http.getResponseHeaders().set("Cache-Control", "max-age=86400");
        byte[] data = in.readAllBytes();
        x.http.getResponseHeaders().set("Content-Type", type(s.get(s.size() - 1)));
        x.http.sendResponseHeaders(200, data.length);
        x.http.getResponseBody().write(data);
        x.http.getResponseBody().close();
      }
    } else {
      throw new HttpError(404, "no page " + x.http.getRequestURI().getPath() + "; the console is at /");
    }
  }

  private static String type(String name) {
    int dot = name.lastIndexOf('.');
    String t = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
    return t == null ? "application/octet-stream" : t;
  }
}
