package dev.sluice.spring;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code sluice.*} properties of {@code application.yaml}:
 *
 * <pre>{@code
 * sluice:
 *   store: file:///var/lib/sluice/      # or s3://bucket/prefix/ with sluice-storage-minio; default: in memory
 *   journal: true                        # journal runs in the store: resumable after a restart
 *   parallelism: 8                       # threads of the local executor (default: cores)
 *   default-executor: local              # executor of tasks that name none
 *   lease-ttl: 30s
 *   adopt-orphans: true                  # resume runs a dead replica left behind
 *   triggers:
 *     enabled: true                      # start launch plans' schedules and metric triggers
 *   executors:                           # executors by name ({@link SluiceExecutorProperties})
 *     gpu:    { type: local, threads: 1 }
 *     k8s:    { type: kubernetes, namespace: ml, image: registry.example.com/qoe:1.4 }
 *     ray:    { type: ray, address: http://ray-head:8265 }
 *   console:
 *     enabled: true                      # the web console and HTTP API (needs sluice-console, journal: true)
 *     port: 8088
 *     address: 127.0.0.1
 *     token: ${SLUICE_CONSOLE_TOKEN}     # unset: generated and logged once at start
 * }</pre>
 */
@ConfigurationProperties(prefix = "sluice")
public class SluiceProperties {
  private URI store;
  private boolean journal;
  private Integer parallelism;
  private String defaultExecutor = "local";
  private Duration leaseTtl = Duration.ofSeconds(30);
  private boolean adoptOrphans;
  private final Triggers triggers = new Triggers();
  private final Map<String, SluiceExecutorProperties> executors = new LinkedHashMap<>();
  private final Console console = new Console();

  /** The artifact store's root URI; unset means an in-memory store (lost on restart). */
  public URI getStore() {
    return store;
  }

  /** Sets the store's root URI. */
  public void setStore(URI store) {
    this.store = store;
  }

  /** Whether runs are journaled in the store (default false). */
  public boolean isJournal() {
    return journal;
  }

  /** Turns the journal on or off. */
  public void setJournal(boolean journal) {
    this.journal = journal;
  }

  /** Threads of the local executor; unset means the number of cores. */
  public Integer getParallelism() {
    return parallelism;
  }

  /** Sets the local executor's threads. */
  public void setParallelism(Integer parallelism) {
    this.parallelism = parallelism;
  }

  /** The executor of tasks that name none (default {@code local}). */
  public String getDefaultExecutor() {
    return defaultExecutor;
  }

  /** Sets the default executor's name. */
  public void setDefaultExecutor(String defaultExecutor) {
    this.defaultExecutor = defaultExecutor;
  }

  /** How long a run's lease lasts without renewal (default 30 s). */
  public Duration getLeaseTtl() {
    return leaseTtl;
  }

  /** Sets the lease time. */
  public void setLeaseTtl(Duration leaseTtl) {
    this.leaseTtl = leaseTtl;
  }

  /** Whether this engine resumes runs whose engine died (default false). */
  public boolean isAdoptOrphans() {
    return adoptOrphans;
  }

  /** Turns orphan adoption on or off. */
  public void setAdoptOrphans(boolean adoptOrphans) {
    this.adoptOrphans = adoptOrphans;
  }

  /** The trigger service's properties. */
  public Triggers getTriggers() {
    return triggers;
  }

  /** The executors configured by name, {@code sluice.executors.<name>.*}. */
  public Map<String, SluiceExecutorProperties> getExecutors() {
    return executors;
  }

  /** The console's properties. */
  public Console getConsole() {
    return console;
  }

  /** {@code sluice.console.*}: the web console and HTTP API, served on a port of its own. */
  public static class Console {
    private boolean enabled;
    private int port = 8088;
    private String address = "127.0.0.1";
    private String token;

    /** Whether the console runs with the application (default false; needs sluice-console). */
    public boolean isEnabled() {
      return enabled;
    }

    /** Turns the console on or off. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Its port (default 8088; 0 picks a free one). */
    public int getPort() {
      return port;
    }

    /** Sets its port. */
    public void setPort(int port) {
      this.port = port;
    }

    /** The address it binds (default 127.0.0.1: this machine only). */
    public String getAddress() {
      return address;
    }

    /** Sets the address it binds. */
    public void setAddress(String address) {
      this.address = address;
    }

    /** The token actions need (at least 16 characters); unset: generated and logged once at start. */
    public String getToken() {
      return token;
    }

    /** Sets the token (better from the environment: {@code ${SLUICE_CONSOLE_TOKEN}}). */
    public void setToken(String token) {
      this.token = token;
    }
  }

  /** {@code sluice.triggers.*}. */
  public static class Triggers {
    private boolean enabled = true;

    /** Whether launch plans' schedules and metric triggers run (default true). */
    public boolean isEnabled() {
      return enabled;
    }

    /** Turns the trigger service on or off. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
