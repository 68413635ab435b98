package dev.sluice.storage.minio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An HTTP server that answers S3 requests with canned responses, for what S3Proxy cannot be made to
 * do: list with milliseconds (as AWS S3 and MinIO do), answer 501, echo headers in an error body.
 * The response shapes follow the S3 API reference (ListObjectsV2, HeadObject, "Error responses":
 * an {@code <Error>} document with Code, Message, Resource and RequestId).
 */
final class StubS3Server implements AutoCloseable {
  /** One request as the server saw it. */
  record Request(String method, String path, String query, Map<String, List<String>> headers) {
    String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  /** A canned answer. */
  record Response(int status, Map<String, String> headers, String body) {
    static Response of(int status, String body) {
      return new Response(status, Map.of("Content-Type", "application/xml"), body);
    }

    static Response error(int status, String code, String message) {
      return of(status, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>"
          + message + "</Message><Resource>/x</Resource><RequestId>4442587FB7D0A2F9</RequestId></Error>");
    }
  }

  static final String BUCKET = "stub-bucket";
  private final HttpServer server;
  final List<Request> requests = new CopyOnWriteArrayList<>();

  StubS3Server(Function<Request, Response> answer) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> handle(exchange, answer));
    server.start();
  }

  private void handle(HttpExchange ex, Function<Request, Response> answer) throws IOException {
    try (ex; InputStream in = ex.getRequestBody()) {
      in.readAllBytes();
      Request r = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
          Map.copyOf(ex.getRequestHeaders()));
      requests.add(r);
      Response response = answer.apply(r);
      response.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
      boolean empty = r.method().equals("HEAD") || body.length == 0;
      ex.sendResponseHeaders(response.status(), empty ? -1 : body.length);
      if (!empty) {
        ex.getResponseBody().write(body);
      }
    }
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** A store on this server, bucket {@link #BUCKET}, root {@code root/}, retrying quickly. */
  MinioStoreConfig.Builder config() {
    return MinioStoreConfig.builder().endpoint(endpoint()).region("us-east-1").bucket(BUCKET).rootPrefix("root/")
        .credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
        .retry(3, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(20));
  }

  List<Request> requests(String method) {
    return requests.stream().filter(r -> r.method().equals(method)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
