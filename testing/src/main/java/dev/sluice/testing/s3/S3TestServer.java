package dev.sluice.testing.s3;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real S3 server for tests: <a href="https://github.com/gaul/s3proxy">S3Proxy</a> in a child
 * process on a free loopback port, checking AWS signatures, keeping objects in a temporary folder.
 * Start one with {@link #start()} or {@link #builder()}, or share one per JVM with {@link #shared()}
 * (or {@link S3TestServerExtension}). {@link #stop()} and {@link #restart()} simulate an outage on
 * the same port and data. The child's output goes to {@link #logFile()}, never to the test's
 * output; {@link #close()} ends the child, and a JVM shutdown hook ends it if a test forgets.
 *
 * <p>S3Proxy's jar is found through the system property {@code sluice.s3proxy.jar}, the environment
 * variable {@code SLUICE_S3PROXY_JAR} or the local Maven repository ({@code
 * org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies}).
 */
public final class S3TestServer implements AutoCloseable {
  /** The region the server reports; give it to clients to spare them a location lookup. */
  public static final String REGION = "us-east-1";

  private static final Pattern LISTENING =
      Pattern.compile("ServerConnector@\\S+\\{[^}]*}\\{[^}]*:(\\d+)}");
  private static S3TestServer shared;

  private final Builder options;
  private final Path work;
  private final Path data;
  private final Path log;
  private final Optional<SelfSignedCertificate> certificate;
  private final Thread killAtExit;
  private Process process;
  private int port;
  private boolean closed;

  private S3TestServer(Builder options) throws IOException {
    this.options = options;
    this.work = Files.createTempDirectory("sluice-s3-");
    this.data = options.dataDirectory != null ? options.dataDirectory : work.resolve("data");
    this.log = options.logFile != null ? options.logFile : work.resolve("s3proxy.log");
    Files.createDirectories(data);
    Files.createDirectories(log.toAbsolutePath().getParent());
    this.certificate =
        options.tls ? Optional.of(SelfSignedCertificate.create(work)) : Optional.empty();
    this.killAtExit = new Thread(this::killNow, "s3-test-server-exit");
    Runtime.getRuntime().addShutdownHook(killAtExit);
  }

  /** Starts a server with a random access key and secret. */
  public static S3TestServer start() {
    return builder().start();
  }

  /** Options for a server: credentials, data folder, TLS, start deadline. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The server this JVM's tests share: started on first use, ended when the JVM exits. Do not stop
   * it; start a server of your own to test outages.
   */
  public static synchronized S3TestServer shared() {
    if (shared == null || shared.closed) {
      shared = start();
    }
    return shared;
  }

  /** {@code http://127.0.0.1:<port>}, or {@code https://…} with TLS. */
  public synchronized URI endpoint() {
    return URI.create((certificate.isPresent() ? "https" : "http") + "://127.0.0.1:" + port);
  }

  public String accessKey() {
    return options.accessKey;
  }

  public String secretKey() {
    return options.secretKey;
  }

  /** The PEM certificate clients must trust, when the server speaks TLS. */
  public Optional<Path> caCertificate() {
    return certificate.map(SelfSignedCertificate::pem);
  }

  /** Where objects live: one folder per bucket. */
  public Path dataDirectory() {
    return data;
  }

  /** Where the server's output goes. */
  public Path logFile() {
    return log;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Creates a bucket (a folder in the data directory, which the server serves as a bucket). */
  public String createBucket(String name) {
    if (!name.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new IllegalArgumentException("'" + name + "' is no valid bucket name: 3-63 characters"
          + " of a-z, 0-9, '.' and '-', starting and ending with a letter or digit");
    }
    try {
      Files.createDirectories(data.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create bucket " + name + " in " + data, e);
    }
    return name;
  }

  /** Creates a bucket with a fresh unique name and returns the name. */
  public String newBucket() {
    return createBucket("test-" + UUID.randomUUID().toString().substring(0, 13));
  }

  /** Ends the server process; the port and the data stay for {@link #restart()}. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Stops the server if it runs and starts it again on the same port with the same data. */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("S3 test server is closed; start a new one");
    }
    stop();
    launch(port);
  }

  /** Ends the process and deletes the temporary folder (data, certificates, default log). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(killAtExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
    deleteRecursively(work);
  }

  @Override
  public String toString() {
    return "S3 test server " + endpoint() + " (S3Proxy " + S3ProxyJar.VERSION + ", data " + data
        + ", log " + log + ")";
  }

  private synchronized void killNow() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  private void launch(int wantedPort) {
    try {
      Path properties = work.resolve("s3proxy.properties");
      try (OutputStream out = Files.newOutputStream(properties)) {
        serverProperties(wantedPort).store(out, "S3TestServer");
      }
      long logStart = Files.exists(log) ? Files.size(log) : 0;
      List<String> command = List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
          "-jar", options.jar().toString(), "--properties", properties.toString());
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      port = awaitPort(logStart);
    } catch (IOException e) {
      killNow();
      throw new UncheckedIOException("cannot start S3Proxy: " + e.getMessage(), e);
    }
  }

  private Properties serverProperties(int wantedPort) {
    Properties p = new Properties();
    String address = "://127.0.0.1:" + wantedPort;
    if (certificate.isPresent()) {
      p.setProperty("s3proxy.secure-endpoint", "https" + address);
      p.setProperty("s3proxy.keystore-path", certificate.get().keyStore().toString());
      p.setProperty("s3proxy.keystore-password", certificate.get().password());
    } else {
      p.setProperty("s3proxy.endpoint", "http" + address);
    }
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", options.accessKey);
    p.setProperty("s3proxy.credential", options.secretKey);
    p.setProperty("jclouds.provider", "filesystem");
    p.setProperty("jclouds.filesystem.basedir", data.toString());
    return p;
  }

  /** Reads the log from {@code offset} until the server says which port it listens on. */
  private int awaitPort(long offset) throws IOException {
    long deadline = System.nanoTime() + options.startTimeout.toNanos();
    while (true) {
      String output = readFrom(offset);
      var matcher = LISTENING.matcher(output);
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited with code " + process.exitValue()
            + " before it listened" + (port > 0 ? " (is port " + port + " taken?)" : "")
            + "; its output (" + log + "):\n" + tail(output));
      }
      if (System.nanoTime() > deadline) {
        killNow();
        throw new IllegalStateException("S3Proxy did not listen within " + options.startTimeout
            + "; its output (" + log + "):\n" + tail(output));
      }
      try {
        process.waitFor(25, TimeUnit.MILLISECONDS); // returns at once if the child exits
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        killNow();
        throw new IllegalStateException("interrupted while S3Proxy started", e);
      }
    }
  }

  private String readFrom(long offset) throws IOException {
    byte[] all = Files.readAllBytes(log);
    return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
        StandardCharsets.UTF_8);
  }

  private static String tail(String output) {
    List<String> lines = output.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temp folder left behind is harmless
    }
  }

  /** Options for {@link S3TestServer}; {@link #start()} launches the server. */
  public static final class Builder {
    private String accessKey = "test-" + UUID.randomUUID().toString().substring(0, 8);
    private String secretKey = UUID.randomUUID().toString();
    private Path dataDirectory;
    private Path logFile;
    private Path jar;
    private boolean tls;
    private Duration startTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** The access key clients sign with (default: random). */
    public Builder accessKey(String accessKey) {
      this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
      return this;
    }

    /** The secret key clients sign with (default: random). */
    public Builder secretKey(String secretKey) {
      this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
      return this;
    }

    /** Keep objects in this folder (default: a temporary folder deleted on close). */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory;
      return this;
    }

    /** Append the server's output to this file (default: in the temporary folder). */
    public Builder logFile(Path logFile) {
      this.logFile = logFile;
      return this;
    }

    /** S3Proxy's jar-with-dependencies (default: found as the class comment says). */
    public Builder jar(Path jar) {
      this.jar = jar;
      return this;
    }

    /** Serve HTTPS with a self-signed certificate; clients trust {@link #caCertificate()}. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /** How long to wait for the server to listen (default 60 s). */
    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
      return this;
    }

    private Path jar() {
      if (jar == null) {
        return S3ProxyJar.find();
      }
      if (!Files.isRegularFile(jar)) {
        throw new IllegalStateException("S3Proxy jar " + jar + " does not exist. Fix: fetch "
            + S3ProxyJar.COORDINATES + " (mvn dependency:get -Dartifact=" + S3ProxyJar.COORDINATES
            + ") and pass its path");
      }
      return jar;
    }

    /** Starts the server on a free loopback port; returns once it listens. */
    public S3TestServer start() {
      jar(); // fail before creating anything when the jar is missing
      S3TestServer server;
      try {
        server = new S3TestServer(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare the S3 test server: " + e.getMessage(), e);
      }
      try {
        server.launch(0);
        return server;
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    }
  }
}
