package dev.sluice.executor.kubernetes;

/**
 * The attempt's pod or Job vanished before it ended (pod deleted, node lost, Job deleted outside
 * Sluice). Worth another attempt: retry on it with {@code RetryPolicy.builder().retryOn(
 * JobLostException.class)} or any policy that retries every exception.
 */
public class JobLostException extends KubernetesJobException {
  private static final long serialVersionUID = 1L;

  public JobLostException(String message, String namespace, String jobName, String podName) {
    super(Reason.LOST, message, namespace, jobName, podName, null, "");
  }
}
