package dev.sluice.core.spi;

import java.util.Objects;
import java.util.function.Supplier;

/** An attempt with one more scope around its JVM body, forwarding everything else. */
final class ScopedAttempt extends ForwardingAttempt {
  private final Supplier<? extends BodyScope> open;

  ScopedAttempt(Attempt attempt, Supplier<? extends BodyScope> open) {
    super(attempt);
    this.open = Objects.requireNonNull(open, "open");
  }

  /** The wrapped attempt's scopes, then this one (closed in the reverse order). */
  @Override
  public BodyScope openBodyScope() {
    BodyScope outer = super.openBodyScope();
    BodyScope inner;
    try {
      inner = Objects.requireNonNull(open.get(), "a body scope supplier returned null");
    } catch (RuntimeException e) {
      outer.close();
      throw e;
    }
    return () -> {
      try {
        inner.close();
      } finally {
        outer.close();
      }
    };
  }
}
