package dev.sluice.testing.ray.internal;

import dev.sluice.testing.ray.ServeFault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The frozen options of a stand-in server (see {@code RayJobsServer.Builder}). */
public record ServerSettings(
    int port,
    String rayVersion,
    Map<String, Double> capacity,
    Path logDirectory,
    Map<String, String> environment,
    Duration stopGracePeriod,
    Duration startTimeout,
    String authToken,
    Duration serveDeployTime,
    List<ServeFault> serveFaults) {

  public ServerSettings {
    capacity = Map.copyOf(capacity);
    environment = Map.copyOf(environment);
    serveFaults = List.copyOf(serveFaults);
  }

  /** {@code [major, minor]} of a Ray version such as {@code 2.9.3} or {@code 2.10.0rc1}. */
  public static int[] parseVersion(String version) {
    String[] parts = version == null ? new String[0] : version.split("\\.");
    try {
      if (parts.length >= 2) {
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1].replaceAll("\\D.*", ""))};
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("Ray version '" + version + "' is not <major>.<minor>[.<patch>], e.g. 2.9.3");
  }

  /** Whether the configured Ray version is at least {@code major.minor}. */
  boolean atLeast(int major, int minor) {
    int[] v = parseVersion(rayVersion);
    return v[0] > major || (v[0] == major && v[1] >= minor);
  }
}
