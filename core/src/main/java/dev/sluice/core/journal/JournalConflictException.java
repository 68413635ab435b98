package dev.sluice.core.journal;

/**
 * An append to a run's journal was refused because the journal no longer ends where the writer
 * thought: another engine appended to the same run. The writer must stop driving the run.
 */
public class JournalConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public JournalConflictException(String message) {
    super(message);
  }
}
