package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code .ci/run} runs on a fresh Debian machine with Java and Maven: it must install every other
 * program the test suites start. Each entry says which test starts it and which Debian package
 * provides it; a base Debian already has sh, sed, echo, sleep and true, and keytool comes with the JDK.
 */
class CiScriptTest {
  private static final Path SCRIPT = Path.of("../.ci/run");

  /** Program → the Debian package providing it (and the tests that start it). */
  private static final Map<String, String> PROGRAMS = Map.of(
      // sluice-executor-ray: RayTasks.pyScale (RayEndToEndTest, RealClusterTest), RayResilienceTest
      "python3", "python3",
      // sluice-testing: PrometheusTestServer (RealPrometheusTest)
      "prometheus", "prometheus",
      // sluice-testing: PushgatewayTestServer (RealPrometheusTest)
      "prometheus-pushgateway", "prometheus-pushgateway",
      // sluice-console: BrowserJourneyTest drives headless Chromium through ChromeDriver
      "chromium", "chromium",
      "chromedriver", "chromium-driver");

  private static List<String> installedPackages() throws IOException {
    Matcher call = Pattern.compile("(?m)^install_debian_packages (.+)$").matcher(Files.readString(SCRIPT));
    assertThat(call.find()).as(".ci/run calls install_debian_packages").isTrue();
    return Arrays.asList(call.group(1).trim().split("\\s+"));
  }

  // Item 27: the Ray tests run Python command tasks, and .ci/run did not install python3.
  @Test
  void ciInstallsPython3ForTheRayPythonTasks() throws IOException {
    assertThat(installedPackages()).contains("python3");
  }

  @Test
  void ciInstallsEveryProgramTheTestsStart() throws IOException {
    assertThat(installedPackages()).containsAll(PROGRAMS.values());
  }
}
