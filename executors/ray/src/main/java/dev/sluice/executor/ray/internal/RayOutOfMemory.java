package dev.sluice.executor.ray.internal;

import java.util.regex.Pattern;

/**
 * Whether a failed Ray job ran out of memory, from what Ray says. Ray's memory monitor kills the
 * worker of a task or actor when the node runs low on memory, and the driver then raises {@code
 * ray.exceptions.OutOfMemoryError: Task was killed due to the node running low on memory. ...}
 * (docs.ray.io, ray-core/scheduling/ray-oom-prevention; {@code ray.exceptions.OutOfMemoryError});
 * newer Ray also prints {@code Task <name> failed due to oom} and {@code <n> worker(s) were killed
 * due to the node running low on memory} (docs.ray.io, data/how-to-avoid-ooms). The entrypoint then
 * exits non-zero and the job's FAILED message carries the last lines of its log ({@code Job
 * entrypoint command failed with exit code 1, last available logs ...}: see
 * shared/reference/ray-jobs-api.md, "State machine"). A driver killed by the kernel's OOM killer only
 * shows exit code -9, which a SIGKILL for any other reason shows too: that is not classified.
 */
final class RayOutOfMemory {
  private static final Pattern OOM = Pattern.compile(
      "ray\\.exceptions\\.OutOfMemoryError|killed due to the node running low on memory|failed due to oom");

  private RayOutOfMemory() {}

  static boolean seenIn(String message, String logTail) {
    return (message != null && OOM.matcher(message).find()) || (logTail != null && OOM.matcher(logTail).find());
  }
}
