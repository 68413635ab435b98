package dev.sluice.executor.kubernetes.internal;

import dev.sluice.executor.kubernetes.KubernetesJobException.Reason;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.util.List;
import java.util.Set;

/**
 * What a Job and its pod say about an attempt, read the way {@code kubectl describe} would: still
 * going, waiting for a node, succeeded, or failed for a named reason.
 *
 * @param state where the attempt is
 * @param reason why it failed (FAILED only)
 * @param message what happened and what to change
 * @param pod the pod it was seen on, or null
 * @param exitCode the container's exit code, or null
 * @param jobFinished whether Kubernetes marked the Job finished (else the executor deletes it)
 */
record Verdict(State state, Reason reason, String message, String pod, Integer exitCode, boolean jobFinished) {

  enum State {
    /** Running, or pending for a reason that may pass. */
    ACTIVE,
    /** The scheduler found no node for the pod (yet). */
    UNSCHEDULABLE,
    /** The Job failed but its pod has not yet told why (its update is on the way). */
    FAILED_AWAITING_POD,
    SUCCEEDED,
    FAILED
  }

  private static final Set<String> PULL_FAILURES = Set.of("ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");
  private static final Set<String> CONFIG_FAILURES = Set.of("CreateContainerConfigError", "CreateContainerError");

  static final Verdict ACTIVE = new Verdict(State.ACTIVE, null, "", null, null, false);

  boolean isTerminal() {
    return state == State.SUCCEEDED || state == State.FAILED;
  }

  /** The verdict on {@code job}, whose latest pod is {@code pod} (null when none was seen). */
  static Verdict of(Job job, Pod pod) {
    if (condition(job, "Complete") != null
        || (job.getStatus() != null && job.getStatus().getSucceeded() != null && job.getStatus().getSucceeded() > 0)) {
      return new Verdict(State.SUCCEEDED, null, "", podName(pod), 0, true);
    }
    JobCondition failed = condition(job, "Failed");
    if (failed == null) {
      failed = condition(job, "FailureTarget");
    }
    if (failed != null) {
      if ("DeadlineExceeded".equals(failed.getReason())) {
        return new Verdict(State.FAILED, Reason.DEADLINE_EXCEEDED,
            "Job " + name(job) + " ran longer than its deadline of " + job.getSpec().getActiveDeadlineSeconds()
                + " s (activeDeadlineSeconds, from the task's timeout) and was stopped; raise the task's"
                + " .timeout(...) if it needs longer", podName(pod), null, true);
      }
      Verdict fromPod = pod == null ? null : podFailure(pod, true);
      if (fromPod != null) {
        return fromPod;
      }
      if (pod != null && !isTerminal(pod)) {
        return new Verdict(State.FAILED_AWAITING_POD, null, "", podName(pod), null, true);
      }
      return new Verdict(State.FAILED, Reason.FAILED, "Job " + name(job) + " failed: " + failed.getReason()
          + (failed.getMessage() == null ? "" : " (" + failed.getMessage() + ")"), podName(pod), null, true);
    }
    if (pod == null) {
      return ACTIVE;
    }
    Verdict fromPod = podFailure(pod, false);
    return fromPod != null ? fromPod : ACTIVE;
  }

  /**
   * A failure the pod shows. With {@code jobFinished} false only the failures the Job controller
   * never ends by itself count (image pull, container config, eviction, no node); exits wait for
   * the Job's own condition.
   */
  private static Verdict podFailure(Pod pod, boolean jobFinished) {
    String name = podName(pod);
    if (pod.getStatus() == null) {
      return null;
    }
    if ("Evicted".equals(pod.getStatus().getReason())) {
      return new Verdict(State.FAILED, Reason.EVICTED, "pod " + name + " was evicted from node "
          + pod.getSpec().getNodeName() + ": " + pod.getStatus().getMessage(), name, null, jobFinished);
    }
    for (ContainerStatus c : containers(pod)) {
      ContainerStateWaiting waiting = c.getState() == null ? null : c.getState().getWaiting();
      if (waiting != null && PULL_FAILURES.contains(waiting.getReason())) {
        return new Verdict(State.FAILED, Reason.IMAGE_PULL, "image '" + c.getImage() + "' of pod " + name
            + " cannot be pulled (" + waiting.getReason() + ": " + waiting.getMessage() + "). Check the image name"
            + " and tag, and that the registry's credentials are in an image pull secret", name, null, jobFinished);
      }
      if (waiting != null && CONFIG_FAILURES.contains(waiting.getReason())) {
        return new Verdict(State.FAILED, Reason.CONTAINER_CONFIG, "the container of pod " + name
            + " cannot be created (" + waiting.getReason() + ": " + waiting.getMessage() + "). A Secret or key"
            + " the Job refers to may be missing", name, null, jobFinished);
      }
      ContainerStateTerminated done = c.getState() == null ? null : c.getState().getTerminated();
      if (jobFinished && done != null && "OOMKilled".equals(done.getReason())) {
        return new Verdict(State.FAILED, Reason.OOM_KILLED, "the container of pod " + name
            + " was killed for using more memory than it may (" + memoryLimit(pod) + "); give the task more"
            + " with .resources(r -> r.memory(\"…\"))", name, done.getExitCode(), true);
      }
      if (jobFinished && done != null && done.getExitCode() != null && done.getExitCode() != 0) {
        return new Verdict(State.FAILED, Reason.EXIT_CODE, "the container of pod " + name + " exited with code "
            + done.getExitCode() + (done.getReason() == null ? "" : " (" + done.getReason() + ")"), name,
            done.getExitCode(), true);
      }
    }
    if (!jobFinished) {
      PodCondition scheduled = podCondition(pod, "PodScheduled");
      if (scheduled != null && "False".equals(scheduled.getStatus()) && "Unschedulable".equals(scheduled.getReason())) {
        return new Verdict(State.UNSCHEDULABLE, Reason.UNSCHEDULABLE, "pod " + name + " cannot be scheduled: "
            + scheduled.getMessage() + ". Check the task's resources, node selector and tolerations against"
            + " the cluster's nodes", name, null, false);
      }
    }
    return null;
  }

  static boolean isTerminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static List<ContainerStatus> containers(Pod pod) {
    List<ContainerStatus> list = pod.getStatus().getContainerStatuses();
    return list == null ? List.of() : list;
  }

  private static String memoryLimit(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getContainers().isEmpty()
        || pod.getSpec().getContainers().get(0).getResources() == null
        || pod.getSpec().getContainers().get(0).getResources().getLimits() == null) {
      return "no limit set";
    }
    Quantity q = pod.getSpec().getContainers().get(0).getResources().getLimits().get("memory");
    return q == null ? "no limit set" : "memory limit " + q.getAmount() + (q.getFormat() == null ? "" : q.getFormat());
  }

  private static JobCondition condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return null;
    }
    for (JobCondition c : job.getStatus().getConditions()) {
      if (type.equals(c.getType()) && "True".equals(c.getStatus())) {
        return c;
      }
    }
    return null;
  }

  private static PodCondition podCondition(Pod pod, String type) {
    if (pod.getStatus().getConditions() == null) {
      return null;
    }
    for (PodCondition c : pod.getStatus().getConditions()) {
      if (type.equals(c.getType())) {
        return c;
      }
    }
    return null;
  }

  private static String name(Job job) {
    return job.getMetadata().getName();
  }

  private static String podName(Pod pod) {
    return pod == null ? null : pod.getMetadata().getName();
  }
}
