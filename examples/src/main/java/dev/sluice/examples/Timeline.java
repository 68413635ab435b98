package dev.sluice.examples;

import dev.sluice.core.trigger.Decision;
import dev.sluice.core.trigger.TriggerEvaluation;
import dev.sluice.examples.DriftingStream.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The example's printed story: world events and a trigger's history, merged by time, with runs of
 * the same decision condensed into one line ({@code ×n}).
 */
final class Timeline {
  private Timeline() {}

  private record Line(Instant time, String text) {}

  static List<String> of(Instant start, List<TriggerEvaluation> history, List<Event> events) {
    List<Line> lines = new ArrayList<>();
    events.forEach(e -> lines.add(new Line(e.time(), "   " + e.text())));
    for (int i = 0; i < history.size(); ) {
      TriggerEvaluation first = history.get(i);
      int j = i + 1;
      while (j < history.size() && history.get(j).decision() == first.decision() && first.decision() != Decision.LAUNCHED) {
        j++;
      }
      String repeat = j - i > 1 ? "  (×" + (j - i) + ")" : "";
      lines.add(new Line(first.time(), String.format(Locale.ROOT, "   %-18s %s%s", first.decision(), first.reason(), repeat)));
      i = j;
    }
    lines.sort(Comparator.comparing(Line::time));
    List<String> out = new ArrayList<>();
    for (Line l : lines) {
      long millis = Duration.between(start, l.time()).toMillis();
      out.add(String.format(Locale.ROOT, "%+6.1fs%s", millis / 1000.0, l.text()));
    }
    return out;
  }
}
