package dev.sluice.console.ops;

import java.util.Objects;

/**
 * A request the operations layer cannot serve, with what kind of problem it is (the API maps it to
 * a status code) and a message naming the thing and the fix.
 */
public final class OperationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The kinds of problems. */
  public enum Kind {
    /** The input is malformed (an id with bad characters, a bad filter): HTTP 400. */
    INVALID,
    /** No such run, node, plan or trigger: HTTP 404. */
    NOT_FOUND,
    /** The action does not apply now (the run ended, no engine is attached): HTTP 409. */
    CONFLICT,
    /**
     * The request is well formed but its content is refused: a payload of the wrong shape for the
     * gate, a gate's validator said no, an input field the workflow does not have: HTTP 422.
     */
    UNPROCESSABLE
  }

  private final Kind kind;

  public OperationException(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public Kind kind() {
    return kind;
  }
}
