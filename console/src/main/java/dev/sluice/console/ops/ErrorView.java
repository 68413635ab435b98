package dev.sluice.console.ops;

import dev.sluice.core.engine.NodeError;

/**
 * An error as people read it: its type, the first line of its message, and the log tail the failure
 * carried (a command's or remote job's last lines; empty if none).
 */
public record ErrorView(String type, String summary, String message, String logTail) {
  private static final String TAIL = "--- log tail ---";

  public static ErrorView of(NodeError e) {
    String message = e.message();
    int tail = message.indexOf(TAIL);
    String logTail = tail < 0 ? "" : message.substring(tail + TAIL.length()).strip();
    String head = tail < 0 ? message : message.substring(0, tail).strip();
    return new ErrorView(e.type(), e.summary(), head, logTail);
  }
}
