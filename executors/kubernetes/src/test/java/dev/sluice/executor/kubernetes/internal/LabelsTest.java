package dev.sluice.executor.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelsTest {

  @Test
  void aValidAttemptNameIsItsOwnJobName() {
    assertThat(Labels.jobName("qoe-train-k3x9-train-1")).isEqualTo("qoe-train-k3x9-train-1");
  }

  @Test
  void longOrInvalidNamesAreShortenedDeterministicallyWithAHash() {
    String longName = "a-very-long-workflow-name-" + "x".repeat(60) + "-train-1";
    String job = Labels.jobName(longName);
    assertThat(job).hasSize(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").isEqualTo(Labels.jobName(longName));
    assertThat(Labels.jobName(longName + "2")).isNotEqualTo(job);
    assertThat(Labels.jobName("Run_1/Train")).matches("run-1-train-[0-9a-f]{10}");
    assertThat(Labels.jobName("run-1/train")).isNotEqualTo(Labels.jobName("run-1-train"));
  }

  @Test
  void labelValuesFollowKubernetesRules() {
    assertThat(Labels.labelValue("Train.v2_final")).isEqualTo("Train.v2_final");
    assertThat(Labels.labelValue("tune/fit[3]")).matches("tune-fit-3-[0-9a-f]{10}");
    assertThat(Labels.labelValue("-x-")).matches("x-[0-9a-f]{10}");
    assertThat(Labels.labelValue("y".repeat(100))).matches("y{52}-[0-9a-f]{10}");
    assertThat(Labels.labelValue("")).isEmpty();
  }
}
