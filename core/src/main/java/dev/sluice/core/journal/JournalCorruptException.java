package dev.sluice.core.journal;

import dev.sluice.core.spi.StoreException;

/**
 * Something the run store keeps (a journal record, a workflow spec, an index entry) cannot be read
 * back as written: bytes changed on disk or in the bucket, or a file was edited or truncated by
 * hand. The message names the file or object and what is wrong with it. Retrying does not help;
 * see "When the journal is corrupt" in the durability guide.
 */
public class JournalCorruptException extends StoreException {
  private static final long serialVersionUID = 1L;

  public JournalCorruptException(String message) {
    super(message);
  }

  public JournalCorruptException(String message, Throwable cause) {
    super(message, cause);
  }
}
