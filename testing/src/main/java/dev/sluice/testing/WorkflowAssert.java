package dev.sluice.testing;

import dev.sluice.core.model.WorkflowSpec;
import dev.sluice.testing.internal.snapshot.SpecSnapshots;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a compiled workflow. {@link #matchesSnapshot()} pins its JSON in {@code
 * src/test/resources/sluice-snapshots/<workflow>.json}: written on the first run (never when
 * {@code CI=true}, where a missing snapshot fails), compared on later runs with a unified diff on
 * change, rewritten with {@code -Dsluice.updateSnapshots=true}.
 */
public final class WorkflowAssert extends AbstractAssert<WorkflowAssert, WorkflowSpec> {
  private final SpecSnapshots.Settings settings;

  WorkflowAssert(WorkflowSpec spec, SpecSnapshots.Settings settings) {
    super(spec, WorkflowAssert.class);
    this.settings = settings;
  }

  /** The spec's JSON equals its snapshot named after the workflow. */
  public WorkflowAssert matchesSnapshot() {
    isNotNull();
    return matchesSnapshot(actual.name());
  }

  /** The spec's JSON equals the snapshot {@code name} (letters, digits, '-', '_', '.'). */
  public WorkflowAssert matchesSnapshot(String name) {
    isNotNull();
    Optional<String> mismatch = SpecSnapshots.check(name, actual.toJson(), settings);
    mismatch.ifPresent(why -> failWithMessage("%s", why));
    return this;
  }
}
