package dev.sluice.testing.kubernetes.internal;

import dev.sluice.testing.kubernetes.JobFault;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Job as the Job controller and the kubelet handle it: its pod is created, its container runs
 * as a local process (or a fault is played), and the pod's and the Job's status follow, written
 * through the status subresource only.
 */
final class SimulatedJob {
  private static final Logger log = LoggerFactory.getLogger("dev.sluice.testing.kubernetes");
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final KubernetesClient client;
  private final Job job;
  private final String namespace;
  private final String name;
  private final Path dir;
  private final LogBook logs;
  private final Runnable finished;
  private final String podName;
  private final Container container;
  private Process process;
  private ScheduledFuture<?> deadline;
  private volatile boolean stopped;

  SimulatedJob(KubernetesClient client, Job job, Path workDirectory, LogBook logs, Runnable finished) {
    this.client = client;
    this.job = job;
    this.namespace = job.getMetadata().getNamespace();
    this.name = job.getMetadata().getName();
    this.logs = logs;
    this.finished = finished;
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      suffix.append(ALPHABET.charAt(ThreadLocalRandom.current().nextInt(ALPHABET.length())));
    }
    this.podName = name + "-" + suffix;
    this.dir = workDirectory.resolve(podName);
    this.container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  String podName() {
    return podName;
  }

  synchronized boolean processAlive() {
    return process != null && process.isAlive();
  }

  /** Plays the Job: with a fault, or by running its container's command. */
  void run(JobFault.Kind fault, String classPath, ScheduledExecutorService timer) {
    logs.register(podName, dir.resolve("container.log"));
    createPod();
    String started = Status.now();
    jobStatus(s -> s.withStartTime(started).withActive(1).withReady(0));
    if (fault == JobFault.Kind.UNSCHEDULABLE) {
      // As kube-scheduler reports a pod no node fits: phase Pending, condition PodScheduled=False with
      // reason Unschedulable (k8s.io/api core/v1 types.go: PodReasonUnschedulable) and the FitError's
      // message "0/N nodes are available: <count> <reason>." plus the preemption summary
      // (pkg/scheduler/framework/types.go FitError.Error, pkg/scheduler/schedule_one.go); docs:
      // concepts/workloads/pods/pod-lifecycle "Pod conditions", tasks/debug/debug-application/debug-pods.
      podStatus(s -> s.withPhase("Pending").withConditions(List.of(Status.podCondition("PodScheduled", false,
          "Unschedulable", "0/3 nodes are available: 3 Insufficient nvidia.com/gpu. preemption: 0/3 nodes are"
              + " available: 3 No preemption victims found for incoming pod."))));
      return;
    }
    if (fault == JobFault.Kind.IMAGE_PULL_BACKOFF) {
      // The kubelet's image manager: waiting reason ErrImagePull on the failed pull, then
      // ImagePullBackOff with "Back-off pulling image \"<image>\"" while it backs off
      // (pkg/kubelet/images/types.go ErrImagePull/ErrImagePullBackOff, image_manager.go); docs:
      // concepts/containers/images "ImagePullBackOff". The pod stays Pending; the Job stays active.
      String image = container.getImage();
      podStatus(s -> s.withPhase("Pending").withConditions(Status.scheduled()).withContainerStatuses(Status.waiting(
          container.getName(), image, "ErrImagePull", "rpc error: code = NotFound desc = failed to pull and unpack"
              + " image \"" + image + "\": not found")));
      podStatus(s -> s.withContainerStatuses(Status.waiting(container.getName(), image, "ImagePullBackOff",
          "Back-off pulling image \"" + image + "\"")));
      return;
    }
    if (fault == JobFault.Kind.OOM_KILLED || fault == JobFault.Kind.EVICTED) {
      // OOMKilled: the runtime reports the cgroup OOM kill as terminated, reason OOMKilled, exit code
      // 137 (docs: tasks/configure-pod-container/assign-memory-resource). Evicted: the kubelet's
      // eviction manager sets phase Failed, status.reason Evicted and the message "The node was low on
      // resource: <r>. Threshold quantity: <q>, available: <a>." (pkg/kubelet/eviction/helpers.go
      // Reason, nodeLowMessageFmt, thresholdMetMessageFmt); docs: concepts/scheduling-eviction/
      // node-pressure-eviction. With backoffLimit 0 the Job controller then fails the Job.
      running(started);
      podEnded(137, fault == JobFault.Kind.OOM_KILLED ? "OOMKilled" : "ContainerStatusUnknown", started,
          fault == JobFault.Kind.EVICTED);
      jobFailed("BackoffLimitExceeded", "Job has reached the specified backoff limit");
      return;
    }
    Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
    if (pod == null || stopped) {
      return; // the Job was deleted meanwhile
    }
    Map<String, String> env;
    try {
      env = PodProcess.environment(client, pod, container);
    } catch (PodProcess.ConfigError e) {
      podStatus(s -> s.withPhase("Pending").withConditions(Status.scheduled()).withContainerStatuses(Status.waiting(
          container.getName(), container.getImage(), "CreateContainerConfigError", e.getMessage())));
      return;
    }
    try {
      synchronized (this) {
        if (stopped) {
          return;
        }
        process = PodProcess.start(PodProcess.command(container, classPath), env, dir, dir.resolve("container.log"));
      }
    } catch (IOException | RuntimeException e) {
      log.warn("{}: cannot start {}: {}", podName, container.getCommand(), e.toString());
      running(started);
      podEnded(128, "StartError", started, false);
      jobFailed("BackoffLimitExceeded", "Job has reached the specified backoff limit");
      return;
    }
    running(started);
    Long seconds = job.getSpec().getActiveDeadlineSeconds();
    if (seconds != null) {
      synchronized (this) {
        deadline = timer.schedule(this::deadlineExceeded, seconds, TimeUnit.SECONDS);
      }
    }
    if (fault == JobFault.Kind.POD_DELETED) {
      stop();
      client.pods().inNamespace(namespace).withName(podName).delete();
      return;
    }
    process.onExit().thenRun(() -> exited(process.exitValue(), started));
  }

  private void exited(int code, String started) {
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      if (deadline != null) {
        deadline.cancel(false);
      }
    }
    podEnded(code, code == 0 ? "Completed" : "Error", started, false);
    if (code == 0) {
      finished.run(); // before the status: the Job stops counting as active before anyone sees it end
      jobStatus(s -> s.withActive(0).withReady(0).withSucceeded(1).withCompletionTime(Status.now())
          .withConditions(Status.succeeded()));
    } else {
      jobFailed("BackoffLimitExceeded", "Job has reached the specified backoff limit");
    }
  }

  /**
   * activeDeadlineSeconds passed: the Job controller fails the Job with reason DeadlineExceeded and
   * "Job was active longer than specified deadline" and deletes its running pods
   * (pkg/controller/job/job_controller.go; docs: concepts/workloads/controllers/job "Job termination
   * and cleanup").
   */
  private void deadlineExceeded() {
    if (!stop()) {
      return;
    }
    jobFailed("DeadlineExceeded", "Job was active longer than specified deadline");
    client.pods().inNamespace(namespace).withName(podName).delete();
  }

  /** Kills the process, if it runs; false if the Job had already ended. */
  boolean stop() {
    Process p;
    synchronized (this) {
      if (stopped) {
        return false;
      }
      stopped = true;
      if (deadline != null) {
        deadline.cancel(false);
      }
      p = process;
    }
    if (p != null) {
      PodProcess.kill(p);
    }
    return true;
  }

  /**
   * The Job was deleted: the garbage collector deletes its pod, and the kubelet stops the pod as
   * Kubernetes documents for pod termination (concepts/workloads/pods/pod-lifecycle, "Termination of
   * Pods"): SIGTERM to the container, SIGKILL after {@code terminationGracePeriodSeconds} (default
   * 30 s), and the pod object is removed only once its container has exited. A container that traps
   * SIGTERM thus runs on after its Job is gone.
   */
  void deleted(ScheduledExecutorService timer) {
    Process p;
    synchronized (this) {
      stopped = true;
      if (deadline != null) {
        deadline.cancel(false);
      }
      p = process;
    }
    if (p == null || !p.isAlive()) {
      deletePod();
      return;
    }
    Long grace = job.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
    ScheduledFuture<?> kill = timer.schedule(() -> PodProcess.kill(p), grace == null ? 30 : grace, TimeUnit.SECONDS);
    p.onExit().thenRun(() -> {
      kill.cancel(false);
      deletePod();
    });
    p.descendants().forEach(ProcessHandle::destroy); // SIGTERM
    p.destroy();
  }

  private void deletePod() {
    try {
      client.pods().inNamespace(namespace).withName(podName).delete();
    } catch (KubernetesClientException e) {
      log.debug("{}: pod already gone: {}", podName, e.getMessage());
    }
  }

  private void createPod() {
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> templateLabels = job.getSpec().getTemplate().getMetadata().getLabels();
    if (templateLabels != null) {
      labels.putAll(templateLabels);
    }
    String uid = job.getMetadata().getUid();
    labels.put("controller-uid", uid);
    labels.put("batch.kubernetes.io/controller-uid", uid);
    labels.put("job-name", name);
    labels.put("batch.kubernetes.io/job-name", name);
    Pod pod = new PodBuilder()
        .withNewMetadata().withName(podName).withNamespace(namespace).withLabels(labels)
            .withAnnotations(job.getSpec().getTemplate().getMetadata().getAnnotations())
            .addNewOwnerReference().withApiVersion("batch/v1").withKind("Job").withName(name).withUid(uid)
                .withController(true).withBlockOwnerDeletion(true).endOwnerReference()
        .endMetadata()
        .withSpec(new io.fabric8.kubernetes.api.model.PodSpecBuilder(job.getSpec().getTemplate().getSpec())
            .withNodeName("sim-node-1").build())
        .build();
    client.pods().inNamespace(namespace).resource(pod).create();
    podStatus(s -> s.withPhase("Pending").withConditions(Status.scheduled()));
  }


  private void running(String started) {
    podStatus(s -> s.withPhase("Running").withStartTime(started).withConditions(Status.ready(true))
        .withContainerStatuses(Status.running(container.getName(), container.getImage(), started)));
    jobStatus(s -> s.withReady(1));
  }

  private void podEnded(int code, String reason, String started, boolean evicted) {
    ContainerStatus c = Status.terminated(container.getName(), container.getImage(), code, reason, started);
    List<PodCondition> conditions = Status.ready(false);
    podStatus(s -> {
      s.withPhase(code == 0 ? "Succeeded" : "Failed").withConditions(conditions).withContainerStatuses(c);
      if (evicted) {
        s.withReason("Evicted").withMessage("The node was low on resource: memory. Threshold quantity: 100Mi,"
            + " available: 51200Ki.");
      }
      return s;
    });
  }

  private void jobFailed(String reason, String message) {
    List<JobCondition> conditions = Status.failed(reason, message);
    finished.run();
    jobStatus(s -> s.withActive(0).withReady(0).withFailed(1).withConditions(conditions));
  }

  private void podStatus(UnaryOperator<PodStatusBuilder> change) {
    try {
      client.pods().inNamespace(namespace).withName(podName).editStatus(p -> {
        PodStatus current = p.getStatus() == null ? new PodStatus() : p.getStatus();
        return new PodBuilder(p).withStatus(change.apply(new PodStatusBuilder(current)).build()).build();
      });
    } catch (KubernetesClientException e) {
      log.debug("{}: pod status not written (pod gone?): {}", podName, e.getMessage());
    }
  }

  private void jobStatus(UnaryOperator<JobStatusBuilder> change) {
    try {
      client.batch().v1().jobs().inNamespace(namespace).withName(name).editStatus(j -> {
        JobStatus current = j.getStatus() == null ? new JobStatus() : j.getStatus();
        return new JobBuilder(j).withStatus(change.apply(new JobStatusBuilder(current)).build()).build();
      });
    } catch (KubernetesClientException e) {
      log.debug("{}: job status not written (job gone?): {}", name, e.getMessage());
    }
  }
}
