package dev.sluice.testing.s3;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Finds S3Proxy's runnable jar: a system property, an environment variable, the local Maven repository. */
final class S3ProxyJar {
  static final String VERSION = "4.1.0";
  static final String COORDINATES = "org.gaul:s3proxy:" + VERSION + ":jar:jar-with-dependencies";
  static final String PROPERTY = "sluice.s3proxy.jar";
  static final String ENVIRONMENT = "SLUICE_S3PROXY_JAR";

  private S3ProxyJar() {}

  static Path find() {
    return find(System.getProperties(), System.getenv());
  }

  /** The first of: {@value #PROPERTY}, {@value #ENVIRONMENT}, the jar in the local Maven repository. */
  static Path find(Properties properties, Map<String, String> environment) {
    List<String> looked = new ArrayList<>();
    Optional<Path> named =
        Optional.ofNullable(properties.getProperty(PROPERTY))
            .or(() -> Optional.ofNullable(environment.get(ENVIRONMENT)))
            .filter(s -> !s.isBlank())
            .map(Path::of);
    if (named.isPresent()) {
      if (Files.isRegularFile(named.get())) {
        return named.get();
      }
      looked.add(named.get() + " (from -D" + PROPERTY + " or " + ENVIRONMENT + ")");
    }
    String local = properties.getProperty("maven.repo.local");
    Path repository = local != null
        ? Path.of(local)
        : Path.of(properties.getProperty("user.home", "."), ".m2", "repository");
    Path inRepository = repository.resolve(
        Path.of("org", "gaul", "s3proxy", VERSION, "s3proxy-" + VERSION + "-jar-with-dependencies.jar"));
    if (Files.isRegularFile(inRepository)) {
      return inRepository;
    }
    looked.add(inRepository.toString());
    throw new IllegalStateException(
        "S3Proxy " + VERSION + " (the S3 server tests run against) was not found; looked at "
            + String.join(", ", looked) + ". Fix: fetch it with `mvn dependency:get -Dartifact="
            + COORDINATES + "` (or copy " + COORDINATES + " with maven-dependency-plugin) and point"
            + " -D" + PROPERTY + " or " + ENVIRONMENT + " at the jar");
  }
}
