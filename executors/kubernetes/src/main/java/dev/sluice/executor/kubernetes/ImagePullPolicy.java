package dev.sluice.executor.kubernetes;

/**
 * When the kubelet pulls a task's image: a container's {@code imagePullPolicy} (core/v1 {@code
 * Container}). Unset, Kubernetes picks {@code Always} for an image tagged {@code :latest} or
 * untagged and {@code IfNotPresent} otherwise.
 */
public enum ImagePullPolicy {
  /** Pull on every pod start (the registry decides; a digest-pinned image is then cached). */
  ALWAYS("Always"),
  /** Pull only when the node does not have the image. */
  IF_NOT_PRESENT("IfNotPresent"),
  /** Never pull: the image must already be on the node, else the pod fails with ErrImageNeverPull. */
  NEVER("Never");

  private final String apiValue;

  ImagePullPolicy(String apiValue) {
    this.apiValue = apiValue;
  }

  /** The value in the pod spec: {@code Always}, {@code IfNotPresent} or {@code Never}. */
  public String apiValue() {
    return apiValue;
  }
}
