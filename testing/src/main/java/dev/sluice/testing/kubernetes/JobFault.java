package dev.sluice.testing.kubernetes;

import java.util.Objects;

/**
 * A failure the simulator plays for the Jobs it matches, instead of (or on top of) running them:
 * {@code simulator.inject(JobFault.oomKilled("train").once())}.
 *
 * @param kind what happens to the pod
 * @param target a Job name, or a node id matched against the Job's {@code sluice.dev/node} label
 * @param times how many matching Jobs it applies to
 * @param memory for {@link Kind#USES_MEMORY}: how much memory the container uses (a quantity), else null
 */
public record JobFault(Kind kind, String target, int times, String memory) {

  /** What the simulator does to a matched Job's pod. */
  public enum Kind {
    /** The container is killed for exceeding its memory limit (exit 137); the Job fails. */
    OOM_KILLED,
    /** The image cannot be pulled: the pod waits in ImagePullBackOff; the Job stays active. */
    IMAGE_PULL_BACKOFF,
    /** The pod starts, then is deleted (its process killed); the Job stays active, pod-less. */
    POD_DELETED,
    /** No node fits: the pod stays Pending with PodScheduled=False, reason Unschedulable. */
    UNSCHEDULABLE,
    /** The pod is evicted from its node (phase Failed, reason Evicted); the Job fails. */
    EVICTED,
    /**
     * The container uses {@link #memory()}: when its memory limit is lower it is OOMKilled (exit
     * 137) as the kernel's cgroup OOM killer would; otherwise it runs.
     */
    USES_MEMORY
  }

  /** A fault of a kind that needs no memory figure. */
  public JobFault(Kind kind, String target, int times) {
    this(kind, target, times, null);
  }

  public JobFault {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(target, "target");
    if (times < 1) {
      throw new IllegalArgumentException("times must be at least 1, got " + times);
    }
    if ((kind == Kind.USES_MEMORY) != (memory != null)) {
      throw new IllegalArgumentException("a memory figure goes with USES_MEMORY only (write JobFault.usesMemory(target, \"2Gi\"))");
    }
  }

  /**
   * The container of every matching Job uses {@code quantity} of memory (e.g. {@code "1536Mi"}): a
   * pod whose memory limit is lower is OOMKilled; one with enough runs normally.
   */
  public static JobFault usesMemory(String target, String quantity) {
    io.fabric8.kubernetes.api.model.Quantity.getAmountInBytes(new io.fabric8.kubernetes.api.model.Quantity(quantity));
    return new JobFault(Kind.USES_MEMORY, target, Integer.MAX_VALUE, quantity);
  }

  public static JobFault oomKilled(String target) {
    return new JobFault(Kind.OOM_KILLED, target, Integer.MAX_VALUE);
  }

  public static JobFault imagePullBackOff(String target) {
    return new JobFault(Kind.IMAGE_PULL_BACKOFF, target, Integer.MAX_VALUE);
  }

  public static JobFault podDeleted(String target) {
    return new JobFault(Kind.POD_DELETED, target, Integer.MAX_VALUE);
  }

  public static JobFault unschedulable(String target) {
    return new JobFault(Kind.UNSCHEDULABLE, target, Integer.MAX_VALUE);
  }

  public static JobFault evicted(String target) {
    return new JobFault(Kind.EVICTED, target, Integer.MAX_VALUE);
  }

  /** The same fault for the first matching Job only. */
  public JobFault once() {
    return new JobFault(kind, target, 1, memory);
  }
}
