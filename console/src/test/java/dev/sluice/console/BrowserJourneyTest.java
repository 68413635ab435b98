package dev.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.core.engine.RunFailedException;
import dev.sluice.core.engine.RunHandle;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: headless Chromium (Debian's chromium and chromium-driver, which
 * .ci/run installs) driven by Selenium through a user's journey. Skipped, saying why, only where the
 * binaries are absent.
 */
class BrowserJourneyTest {
  static final File CHROMIUM = new File("/usr/bin/chromium");
  static final File DRIVER = new File("/usr/bin/chromedriver");

  @TempDir Path dir;
  ConsoleFixture f;
  WebDriver browser;
  WebDriverWait wait;

  @BeforeEach
  void setUp() {
    if (!CHROMIUM.canExecute() || !DRIVER.canExecute()) { // CI installs both (.ci/run)
      String why = "browser test skipped: " + CHROMIUM + " or " + DRIVER + " is missing (apt-get install chromium chromium-driver)";
      System.out.println(why);
      Assumptions.abort(why);
    }
    f = new ConsoleFixture(dir);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--window-size=1400,1000", "--user-data-dir=" + dir.resolve("chromium-profile"));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    // the page redraws tables as events arrive: look elements up again rather than keep them
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class);
  }

  @AfterEach
  void tearDown() {
    if (browser != null) {
      browser.quit();
    }
    if (f != null) {
      f.close();
    }
  }

  private Object js(String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private String graphState(String node) {
    return (String) js("return window.sluice.graph ? window.sluice.graph.getElementById('" + node + "').data('state') : null;");
  }

  private String graphColour(String node) {
    return (String) js("return window.sluice.graph.getElementById('" + node + "').style('background-color');");
  }

  private RunHandle<String> holding(String key) {
    RunHandle<String> run = f.run(Flows.SLOW, key);
    Await.until("hold running", () -> run.status().node("hold").map(n -> n.state().name().equals("RUNNING")).orElse(false));
    return run;
  }

  @Test
  void anOperatorWatchesARunGoGreenCancelsAnotherReadsAFailuresLogTailAndApprovesAGate() throws Exception {
    RunHandle<String> failed = f.run(Flows.FAILING, "x");
    assertThatThrownBy(() -> failed.await(Duration.ofSeconds(30))).isInstanceOf(RunFailedException.class);
    String key = "browser-" + System.nanoTime();
    RunHandle<String> running = holding(key);

    // 1. the runs list, opened with the token in the address the console printed
    browser.get(f.console.uri() + "#token=" + ConsoleFixture.TOKEN);
    String row = text(By.cssSelector("#runs-body tr[data-run='" + running.runId() + "']"));
    assertThat(row).contains("slow", "RUNNING", "user:");
    assertThat(text(By.cssSelector("#runs-body tr[data-run='" + failed.runId() + "']"))).contains("FAILED");

    // 2. open the running run: the DAG is drawn, hold is RUNNING in the graph and the table
    click(By.cssSelector("#runs-body tr[data-run='" + running.runId() + "'] a"));
    wait.until(d -> "RUNNING".equals(graphState("hold")));
    String holdRow = wait.until(d -> d.findElement(By.id("node-hold")).getAttribute("data-state"));
    assertThat(holdRow).isEqualTo("RUNNING");
    assertThat(graphState("prepare")).isEqualTo("SUCCEEDED");
    assertThat(js("return window.sluice.graph.edges().length")).isEqualTo(2L);

    // 3. the run goes on: hold turns green, live, without reloading the page
    js("window.__samePage = true;");
    Flows.release(key);
    wait.until(d -> "SUCCEEDED".equals(graphState("hold")));
    assertThat(graphColour("hold")).isEqualTo("rgb(46,158,68)");
    wait.until(d -> "SUCCEEDED".equals(d.findElement(By.id("node-hold")).getAttribute("data-state")));
    wait.until(d -> d.findElement(By.id("run-state")).getText().equals("SUCCEEDED"));
    assertThat(js("return window.__samePage === true")).isEqualTo(true);
    assertThat(browser.findElements(By.cssSelector("#timeline .bar"))).hasSize(3);
    screenshot("console-run.png");

    // 4. cancel another run from its page
    RunHandle<String> victim = holding("browser-cancel-" + System.nanoTime());
    browser.get(f.console.uri() + "#/run/" + victim.runId());
    wait.until(d -> d.findElement(By.id("cancel-button")).isEnabled());
    click(By.id("cancel-button"));
    wait.until(d -> d.findElement(By.id("run-state")).getText().equals("CANCELLED"));
    assertThat(victim.isDone()).isTrue();
    wait.until(d -> d.findElement(By.id("actions-body")).getText().contains("cancel"));
    assertThat(text(By.id("actions-body"))).contains("console from 127.0.0.1", "DONE");

    // 5. a failed run: click the failed node, read the log tail
    browser.get(f.console.uri() + "#/run/" + failed.runId());
    click(By.id("node-load-shards"));
    assertThat(text(By.id("log-tail"))).contains("disk full on /data/shard-7");
    assertThat(graphState("load-shards")).isEqualTo("FAILED");
    screenshot("console-failed-run.png");

    // 6. approve a waiting gate: listed among the waiting gates; on the run page it says what it waits
    // for and until when; approved there, the gate turns green live and the run goes on
    RunHandle<String> approval = f.run(Flows.APPROVAL, "model-7");
    Await.until("promote waiting", () -> approval.status().node("promote").map(n -> n.state().name().equals("WAITING")).orElse(false));
    browser.get(f.console.uri() + "#/gates");
    assertThat(text(By.cssSelector("tr.gate[data-run='" + approval.runId() + "']"))).contains("promote", "approval 'promote'");
    click(By.cssSelector("tr.gate[data-run='" + approval.runId() + "'] a"));
    wait.until(d -> "WAITING".equals(graphState("promote")));
    assertThat(text(By.id("waiting-gates"))).contains("approval 'promote' (Approval)", approval.status().node("promote")
        .flatMap(n -> n.waitingFor()).map(w -> w.substring(w.indexOf(" until ") + 7, w.indexOf(" until ") + 17))
        .orElseThrow());
    js("window.__samePage = 'gate';");
    type(By.cssSelector("#waiting-gates .gate-by"), "ada");
    type(By.cssSelector("#waiting-gates .gate-why"), "beats the champion");
    screenshot("console-gate.png");
    click(By.cssSelector("#waiting-gates button.approve"));
    wait.until(d -> "SUCCEEDED".equals(graphState("promote")));
    assertThat(graphColour("promote")).isEqualTo("rgb(46,158,68)");
    wait.until(d -> "SUCCEEDED".equals(graphState("deploy")));
    wait.until(d -> d.findElement(By.id("run-state")).getText().equals("SUCCEEDED"));
    assertThat(js("return window.__samePage")).isEqualTo("gate");
    assertThat(approval.await(Duration.ofSeconds(30))).isEqualTo("deployed (ada: beats the champion)");
    wait.until(d -> d.findElement(By.id("actions-body")).getText().contains("approve"));
    assertThat(text(By.id("actions-body"))).contains("ada from 127.0.0.1", "APPLIED");

    // 7. launch plans: the next firings and "launch now"
    browser.get(f.console.uri() + "#/plans");
    wait.until(d -> d.findElements(By.id("launch-nightly")).size() == 1);
    assertThat(text(By.cssSelector("section.plan"))).contains("0 2 * * *", "02:00:00Z");
    click(By.id("launch-nightly"));
    wait.until(d -> d.getCurrentUrl().contains("#/run/"));
    wait.until(d -> d.findElement(By.id("run-state")).getText().equals("SUCCEEDED"));
    assertThat(text(By.id("run-header"))).contains("launch-plan:nightly");

    List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()).toList();
    assertThat(errors).as("errors in the browser's console").isEmpty();
  }

  /** The element's text once it is there, looked up afresh. */
  private String text(By what) {
    return wait.until(d -> d.findElement(what).getText());
  }

  /** Types into the input once it is there. */
  private void type(By what, String text) {
    wait.until(d -> {
      d.findElement(what).clear();
      d.findElement(what).sendKeys(text);
      return true;
    });
  }

  /** Clicks the element once it is there, finding it again if the page redrew it meanwhile. */
  private void click(By what) {
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .until(d -> {
          d.findElement(what).click();
          return true;
        });
  }

  private void screenshot(String name) throws Exception {
    File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", "screenshots", name);
    Files.createDirectories(target.getParent());
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }
}
