package dev.sluice.dsl;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;

/**
 * Node ids of one workflow: a default id per node when it is recorded ({@code base}, then {@code
 * base-2}, {@code base-3}, ... from one counter per base, O(1) each), explicit names from {@link
 * Value#named}, and the final ids once the body has returned.
 */
final class NodeIds {
  private final HashMap<String, int[]> counters = new HashMap<>();
  private int explicitCount;
  /** Whether some base ends in {@code -<digits>}, so two defaults could be equal. */
  private boolean suffixedBase;

  /** The next default id for {@code base}. */
  String next(String base) {
    int[] count = counters.get(base);
    if (count == null) {
      count = new int[1];
      counters.put(base, count);
      suffixedBase |= endsWithNumber(base);
    }
    int n = ++count[0];
    return n == 1 ? base : base + "-" + n;
  }

  void named(NodeDraft node, String id) {
    if (node.explicitId == null) {
      explicitCount++;
    }
    node.explicitId = id;
  }

  /**
   * Sets every node's final id: explicit names as given (two equal ones are left for core to
   * report as duplicates), defaults as recorded unless an explicit name or an earlier default took
   * them, then the next free {@code base-N}.
   */
  void assign(List<NodeDraft> nodes) {
    int n = nodes.size();
    if (explicitCount == 0 && !suffixedBase) {
      // Defaults are base or base-N (N >= 2, one counter per base, no base ends in -N): distinct.
      for (int i = 0; i < n; i++) {
        NodeDraft d = nodes.get(i);
        d.id = d.autoId;
      }
      return;
    }
    HashSet<String> taken = new HashSet<>(Math.max(16, n * 4 / 3 + 1));
    for (int i = 0; i < n; i++) {
      NodeDraft d = nodes.get(i);
      if (d.explicitId != null) {
        taken.add(d.explicitId);
      }
    }
    for (int i = 0; i < n; i++) {
      NodeDraft d = nodes.get(i);
      if (d.explicitId != null) {
        d.id = d.explicitId;
        continue;
      }
      String id = d.autoId;
      if (!taken.add(id)) {
        int[] count = counters.get(d.base);
        do {
          id = d.base + "-" + ++count[0];
        } while (!taken.add(id));
      }
      d.id = id;
    }
  }

  private static boolean endsWithNumber(String base) {
    int i = base.length() - 1;
    while (i >= 0 && base.charAt(i) >= '0' && base.charAt(i) <= '9') {
      i--;
    }
    return i >= 0 && i < base.length() - 1 && base.charAt(i) == '-';
  }
}
