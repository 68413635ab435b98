package dev.sluice.console.ops.internal;

import dev.sluice.console.ops.OperationException;
import dev.sluice.console.ops.OperationException.Kind;
import dev.sluice.core.journal.LeaseRefusedException;
import java.util.function.Supplier;

/** Calls into the engine, its refusals turned into {@link OperationException}s that keep its words. */
final class Engines {
  private Engines() {}

  static String call(Supplier<String> call, String verb, String target) {
    try {
      return call.get();
    } catch (LeaseRefusedException | IllegalStateException e) {
      throw new OperationException(Kind.CONFLICT, "cannot " + verb + " '" + target + "': " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new OperationException(Kind.INVALID, "cannot " + verb + " '" + target + "': " + e.getMessage());
    }
  }
}
