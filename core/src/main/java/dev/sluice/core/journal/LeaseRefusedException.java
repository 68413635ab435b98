package dev.sluice.core.journal;

import java.util.Optional;

/**
 * A lease was not granted or not renewed: another engine holds the run, took it over, or claimed it
 * at the same moment. {@link #holder()} is the lease in force, when there is one.
 */
public class LeaseRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Lease holder;

  public LeaseRefusedException(String message, Lease holder) {
    super(message);
    this.holder = holder;
  }

  /** The lease that stands in the way, if one does. */
  public Optional<Lease> holder() {
    return Optional.ofNullable(holder);
  }
}
