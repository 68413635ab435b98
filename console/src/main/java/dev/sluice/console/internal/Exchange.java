package dev.sluice.console.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One request: its path segments and query, and how to answer with JSON or an error. */
final class Exchange {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new Jdk8Module())
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  static final int MAX_BODY = 64 * 1024;

  final HttpExchange http;
  final List<String> segments;
  final Map<String, List<String>> query;

  Exchange(HttpExchange http) {
    this.http = http;
    this.segments = segments(http.getRequestURI().getRawPath());
    this.query = query(http.getRequestURI().getRawQuery());
  }

  String method() {
    return http.getRequestMethod();
  }

  private static List<String> segments(String rawPath) {
    List<String> out = new ArrayList<>();
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        out.add(decode(s));
      }
    }
    return out;
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, "malformed percent-encoding in '" + s + "'");
    }
  }

  /** Refuses query parameters this endpoint does not know, naming the ones it does. */
  void onlyParams(Set<String> known) {
    for (String k : query.keySet()) {
      if (!known.contains(k)) {
        throw new HttpError(400, "unknown query parameter '" + k + "'; this endpoint takes " + (known.isEmpty() ? "none" : known));
      }
    }
  }

  String param(String name) {
    List<String> v = query.get(name);
    if (v == null || v.isEmpty()) {
      return null;
    }
    if (v.size() > 1) {
      throw new HttpError(400, "query parameter '" + name + "' is given " + v.size() + " times; give it once");
    }
    return v.get(0);
  }

  List<String> params(String name) {
    return query.getOrDefault(name, List.of());
  }

  /** The request body, at most {@link #MAX_BODY} bytes. */
  byte[] body() throws IOException {
    try (InputStream in = http.getRequestBody()) {
      byte[] data = in.readNBytes(MAX_BODY + 1);
      if (data.length > MAX_BODY) {
        throw new HttpError(413, "the request body is larger than " + MAX_BODY + " bytes");
      }
      return data;
    }
  }

  void json(int status, Object value) throws IOException {
    send(status, "application/json", JSON.writeValueAsBytes(value));
  }

  void error(int status, String message) throws IOException {
    json(status, Map.of("status", status, "error", message));
  }

  void send(int status, String contentType, byte[] data) throws IOException {
    http.getResponseHeaders().set("Content-Type", contentType);
    http.getResponseHeaders().set("Cache-Control", "no-store");
    http.sendResponseHeaders(status, data.length == 0 ? -1 : data.length);
    if (data.length > 0) {
      try (OutputStream out = http.getResponseBody()) {
        out.write(data);
      }
    }
  }
}
