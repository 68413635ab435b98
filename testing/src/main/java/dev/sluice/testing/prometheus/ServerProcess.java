package dev.sluice.testing.prometheus;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * A server binary run as a child process on a free loopback port, with a temporary folder for its
 * files and log, awaited until an HTTP path answers 200, and stopped (then its folder deleted) on
 * close.
 */
final class ServerProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final Path directory;
  final int port;
  final URI uri;
  private final Process process;
  private final Path log;

  private ServerProcess(Path directory, int port, Process process, Path log) {
    this.directory = directory;
    this.port = port;
    this.uri = URI.create("http://127.0.0.1:" + port + "/");
    this.process = process;
    this.log = log;
  }

  /** The binary on the PATH (or in /usr/bin), if installed. */
  static Optional<Path> find(String binary) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, binary);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Starts {@code command(port)} in {@code directory} and waits until {@code readyPath} answers 200.
   * A port taken between choosing and binding is retried with another one.
   */
  static ServerProcess start(String name, Path directory, IntFunction<List<String>> command, String readyPath, Duration deadline) {
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      int port = freePort();
      Path log = directory.resolve(name + "-" + port + ".log");
      Process process;
      try {
        process = new ProcessBuilder(command.apply(port)).directory(directory.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
      }
      ServerProcess server = new ServerProcess(directory, port, process, log);
      try {
        server.awaitOk(readyPath, deadline);
        return server;
      } catch (IllegalStateException e) {
        server.stopProcess();
        last = e;
        if (!server.logTail().contains("address already in use")) {
          break;
        }
      }
    }
    throw last;
  }

  /** Waits until GET {@code path} answers 200, failing with the log's tail after {@code deadline}. */
  void awaitOk(String path, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    HttpRequest request = HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(2)).GET().build();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited with " + process.exitValue() + " before " + path + " answered; its log ends:\n" + logTail());
      }
      try {
        if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + uri.resolve(path), e);
      }
      if (System.nanoTime() > end) {
        throw new IllegalStateException(uri.resolve(path) + " did not answer 200 within " + deadline + "; the log ends:\n" + logTail());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
    }
  }

  /** The last 30 lines of the server's log. */
  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private void stopProcess() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Stops the server and deletes its folder. */
  @Override
  public void close() {
    stopProcess();
    deleteTree(directory);
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
