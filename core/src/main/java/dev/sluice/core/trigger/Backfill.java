package dev.sluice.core.trigger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A backfill under way: one run per firing of a launch plan's schedules in a time range, at most a
 * given number at a time, each with its scheduled time as input ({@code
 * LaunchPlan.Builder#scheduledInput}) and the run key of that time, so a firing that already ran
 * (on schedule, caught up, or by an earlier backfill) is not run again: its run is reused. Every
 * launch is recorded in the plan's history.
 */
public interface Backfill {

  /** The launch plan backfilled. */
  String plan();

  /** The firings to run, oldest first. */
  List<Instant> firings();

  /** The runs launched so far, by firing. */
  Map<Instant, String> runs();

  /**
   * Completes when every firing's run has ended (or its launch failed) with the run ids by firing;
   * failed runs do not fail it: read their states from the journal or {@link #runs()}.
   */
  CompletionStage<Map<Instant, String>> completion();

  /** Launches nothing more; runs already launched go on. Returns false if every firing was launched. */
  boolean cancel();
}
