package dev.sluice.testing.kubernetes.internal;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The pieces of pod and Job status Kubernetes writes, with its reasons and messages. */
final class Status {
  private Status() {}

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static JobCondition jobCondition(String type, String reason, String message) {
    return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).withMessage(message)
        .withLastProbeTime(now()).withLastTransitionTime(now()).build();
  }

  static List<JobCondition> succeeded() {
    return List.of(jobCondition("SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods"),
        jobCondition("Complete", "CompletionsReached", "Reached expected number of succeeded pods"));
  }

  static List<JobCondition> failed(String reason, String message) {
    return List.of(jobCondition("FailureTarget", reason, message), jobCondition("Failed", reason, message));
  }

  static PodCondition podCondition(String type, boolean status, String reason, String message) {
    return new PodConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason)
        .withMessage(message).withLastTransitionTime(now()).build();
  }

  static List<PodCondition> scheduled() {
    return List.of(podCondition("PodScheduled", true, null, null));
  }

  static List<PodCondition> ready(boolean ready) {
    return List.of(podCondition("PodScheduled", true, null, null), podCondition("Initialized", true, null, null),
        podCondition("ContainersReady", ready, ready ? null : "PodCompleted", null),
        podCondition("Ready", ready, ready ? null : "PodCompleted", null));
  }

  static ContainerStatus waiting(String container, String image, String reason, String message) {
    return new ContainerStatusBuilder().withName(container).withImage(image).withReady(false).withRestartCount(0)
        .withStarted(false).withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting()
        .endState().build();
  }

  static ContainerStatus running(String container, String image, String since) {
    return new ContainerStatusBuilder().withName(container).withImage(image).withReady(true).withRestartCount(0)
        .withStarted(true).withNewState().withNewRunning().withStartedAt(since).endRunning().endState().build();
  }

  static ContainerStatus terminated(String container, String image, int exitCode, String reason, String since) {
    return new ContainerStatusBuilder().withName(container).withImage(image).withReady(false).withRestartCount(0)
        .withStarted(false).withNewState().withNewTerminated().withExitCode(exitCode).withReason(reason)
        .withStartedAt(since).withFinishedAt(now()).endTerminated().endState().build();
  }
}
