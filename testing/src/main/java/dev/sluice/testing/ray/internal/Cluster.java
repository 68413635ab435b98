package dev.sluice.testing.ray.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.testing.ray.RayJobRecord;
import dev.sluice.testing.ray.RayJobRecord.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The jobs and the resources of the stand-in cluster: admits submissions, starts a pending job's
 * entrypoint when its resources are free (in submission order), follows the process to its end,
 * stops it with SIGTERM then SIGKILL. Job state changes happen under this object's lock; processes
 * start outside it.
 */
final class Cluster {
  private static final List<String> APPLIED_RUNTIME_ENV = List.of("env_vars", "working_dir");

  private final ServerSettings settings;
  private final Path logDirectory;
  private final ScheduledExecutorService timer;
  private final Map<String, StandInJob> jobs = new LinkedHashMap<>();
  private final Map<String, Double> free;
  private final AtomicInteger processesStarted = new AtomicInteger();

  Cluster(ServerSettings settings, Path logDirectory, ScheduledExecutorService timer) {
    this.settings = settings;
    this.logDirectory = logDirectory;
    this.timer = timer;
    this.free = new LinkedHashMap<>(settings.capacity());
  }

  /** Admits a job, or refuses a submission id that exists as Ray does (500). */
  StandInJob submit(SubmitRequest request) throws SubmitRequest.Rejected {
    StandInJob job;
    synchronized (this) {
      String id = request.submissionId() != null ? request.submissionId() : RayTexts.newSubmissionId();
      if (jobs.containsKey(id)) {
        throw new SubmitRequest.Rejected(500, RayTexts.duplicateSubmission(id));
      }
      job = new StandInJob(id, request, logDirectory.resolve("job-driver-" + id.replace('/', '_') + ".log"));
      jobs.put(id, job);
    }
    timer.schedule(() -> startTimedOut(job), settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
    startWhatFits();
    return job;
  }

  synchronized Optional<StandInJob> find(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  synchronized List<StandInJob> all() {
    return new ArrayList<>(jobs.values());
  }

  /**
   * Asks a job to stop: false if it is already terminal (Ray's {@code {"stopped": false}}). A job
   * still waiting for its resources answers true and stays {@code PENDING}: on a real head the
   * stop goes to a supervisor actor that was never scheduled and is lost, so the job starts (and
   * runs) if its resources appear, or fails at the start timeout (checked on Ray 2.58; ray-project/ray
   * issues 58353, 55133).
   */
  boolean stop(StandInJob job) {
    Process process;
    synchronized (this) {
      if (job.status.isTerminal() || job.stopRequested) {
        return !job.status.isTerminal();
      }
      if (!job.launched) {
        return true;
      }
      job.stopRequested = true;
      process = job.process;
    }
    if (process != null) {
      terminate(process);
    } // else: the launcher sees stopRequested once the process exists
    return true;
  }

  /** More of a resource, as when a node joins; pending jobs that now fit start. */
  void addCapacity(String resource, double amount) {
    synchronized (this) {
      free.merge(resource, amount, Double::sum);
    }
    startWhatFits();
  }

  /** Removes a terminal job's record; false if it still runs. */
  synchronized boolean delete(StandInJob job) {
    if (!job.status.isTerminal()) {
      return false;
    }
    jobs.remove(job.id);
    return true;
  }

  synchronized ObjectNode details(StandInJob job, ObjectMapper json) {
    return job.details(json);
  }

  synchronized RayJobRecord record(StandInJob job) {
    return job.record();
  }

  int processesStarted() {
    return processesStarted.get();
  }

  /** Kills every process still running. */
  void killAll() {
    for (StandInJob job : all()) {
      Process p;
      synchronized (this) {
        job.stopRequested = true;
        p = job.process;
      }
      if (p != null) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
  }

  /** Starts, in submission order, the pending jobs whose resources are free now. */
  private void startWhatFits() {
    List<StandInJob> starting = new ArrayList<>();
    synchronized (this) {
      for (StandInJob job : jobs.values()) {
        if (job.status == Status.PENDING && !job.launched && !job.stopRequested && fits(job)) {
          job.request.demand().forEach((r, amount) -> free.merge(r, -amount, Double::sum));
          job.launched = true;
          starting.add(job);
        }
      }
    }
    starting.forEach(this::launch);
  }

  private boolean fits(StandInJob job) {
    for (Map.Entry<String, Double> e : job.request.demand().entrySet()) {
      double available = free.getOrDefault(e.getKey(), e.getKey().equals("memory") ? Double.MAX_VALUE : 0.0);
      if (e.getValue() > available + 1e-9) {
        return false;
      }
    }
    return true;
  }

  private void launch(StandInJob job) {
    Process process;
    try {
      Map<String, String> vars = job.runtimeEnvVars();
      Files.createDirectories(logDirectory);
      StringBuilder header = new StringBuilder(RayTexts.logLine("Runtime env is setting up."));
      JsonNode env = job.request.runtimeEnv();
      Path workingDir = env == null ? null : localWorkingDir(env.get("working_dir"), header);
      if (env != null) {
        env.fieldNames().forEachRemaining(field -> {
          if (!APPLIED_RUNTIME_ENV.contains(field)) {
            header.append(RayTexts.logLine("Ray Jobs stand-in: runtime_env field '" + field + "' is not applied."));
          }
        });
      }
      header.append(RayTexts.runningEntrypoint(job.id, job.request.entrypoint()));
      Files.writeString(job.logFile, header, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", job.request.entrypoint());
      pb.environment().putAll(settings.environment());
      pb.environment().putAll(vars);
      pb.environment().put("RAY_ADDRESS", "127.0.0.1:6379");
      pb.environment().put("PYTHONUNBUFFERED", "1");
      if (workingDir != null) {
        pb.directory(workingDir.toFile());
      }
      pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(job.logFile.toFile()));
      process = pb.start();
      processesStarted.incrementAndGet();
      synchronized (this) {
        job.envVars = vars;
        job.process = process;
        job.status = Status.RUNNING;
        job.message = "Job is currently running.";
      }
    } catch (IOException | RuntimeException e) {
      String why = e instanceof IllegalArgumentException ? e.getMessage() : e.toString();
      synchronized (this) {
        release(job);
        job.end(Status.FAILED, "runtime_env setup failed: " + why, "RUNTIME_ENV_SETUP_FAILURE", null);
      }
      startWhatFits();
      return;
    }
    boolean stopNow;
    synchronized (this) {
      stopNow = job.stopRequested;
    }
    if (stopNow) {
      terminate(process);
    }
    process.onExit().thenRun(() -> exited(job, process.exitValue()));
  }

  private static Path localWorkingDir(JsonNode workingDir, StringBuilder header) {
    if (workingDir == null || !workingDir.isTextual()) {
      return null;
    }
    String dir = workingDir.textValue();
    Path path = dir.startsWith("file://") ? Path.of(java.net.URI.create(dir)) : dir.startsWith("/") ? Path.of(dir) : null;
    if (path != null && Files.isDirectory(path)) {
      return path;
    }
    header.append(RayTexts.logLine("Ray Jobs stand-in: working_dir '" + dir + "' is not a local folder; not applied."));
    return null;
  }

  private void exited(StandInJob job, int code) {
    synchronized (this) {
      release(job);
      if (job.stopRequested) {
        job.end(Status.STOPPED, RayTexts.STOPPED, null, null);
      } else if (code == 0) {
        job.end(Status.SUCCEEDED, "Job finished successfully.", null, 0);
      } else {
        job.end(Status.FAILED, RayTexts.commandFailed(code, job.lastLines(10)), "JOB_ENTRYPOINT_COMMAND_ERROR", code);
      }
    }
    startWhatFits();
  }

  private void release(StandInJob job) {
    job.request.demand().forEach((r, amount) -> free.merge(r, amount, Double::sum));
  }

  private void startTimedOut(StandInJob job) {
    synchronized (this) {
      if (job.status != Status.PENDING || job.launched) {
        return;
      }
      job.end(Status.FAILED, RayTexts.startTimeout(settings.startTimeout().toMillis() / 1000.0),
          "JOB_SUPERVISOR_ACTOR_START_TIMEOUT", null);
    }
  }

  /** SIGTERM to the process and its children, SIGKILL after the grace period. */
  private void terminate(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    timer.schedule(() -> {
      if (process.isAlive()) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    }, settings.stopGracePeriod().toMillis(), TimeUnit.MILLISECONDS);
  }
}
