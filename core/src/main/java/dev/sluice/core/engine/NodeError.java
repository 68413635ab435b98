package dev.sluice.core.engine;

/**
 * Why a node failed or was cancelled: the failure's type and message, and the exception itself
 * when the failure happened in this JVM (null for failures read from elsewhere).
 */
public record NodeError(String type, String message, Throwable cause) {

  public static NodeError of(Throwable t) {
    return new NodeError(t.getClass().getName(), String.valueOf(t.getMessage()), t);
  }

  /** {@code SimpleType: message}. */
  public String summary() {
    return type.substring(type.lastIndexOf('.') + 1) + ": " + message;
  }
}
