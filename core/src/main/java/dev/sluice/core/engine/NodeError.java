package dev.sluice.core.engine;

/**
 * Why a node failed or was cancelled: the failure's type and message, and the exception itself
 * when the failure happened in this JVM (null for failures read from elsewhere).
 */
public record NodeError(String type, String message, Throwable cause) {

  public static NodeError of(Throwable t) {
    return new NodeError(t.getClass().getName(), String.valueOf(t.getMessage()), t);
  }

  /** {@code SimpleType: first line of the message}, for one-line logs and tables. */
  public String summary() {
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline) + " …";
    return type.substring(type.lastIndexOf('.') + 1) + ": " + line;
  }
}
