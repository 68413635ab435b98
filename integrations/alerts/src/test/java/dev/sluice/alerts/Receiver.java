package dev.sluice.alerts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

/** A local HTTP receiver for webhooks: records each body, answers with the status its supplier gives. */
final class Receiver implements AutoCloseable {
  final List<String> bodies = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  Receiver(IntSupplier status) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/hooks/T000/SECRET-TOKEN", exchange -> {
      try (exchange) {
        bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        exchange.sendResponseHeaders(status.getAsInt(), -1);
      }
    });
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/T000/SECRET-TOKEN");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
