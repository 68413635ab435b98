package dev.sluice.console.ops;

import java.util.List;
import java.util.Optional;

/**
 * One page of a run listing, newest first.
 *
 * @param next the token of the next page ({@link RunFilter.Builder#after}), if there may be more
 */
public record RunPage(List<RunRow> runs, Optional<String> next) {
  public RunPage {
    runs = List.copyOf(runs);
  }
}
