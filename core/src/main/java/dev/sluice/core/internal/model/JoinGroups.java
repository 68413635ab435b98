package dev.sluice.core.internal.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The nodes of a workflow that wait for exactly the same upstream nodes, grouped, so that the
 * engine keeps one pending-parent counter per group instead of one per node. In a lattice whose
 * layers of ten each read all ten nodes of the layer before, an ending node then decrements one
 * counter, not ten that both pool threads fight over; the thousand tasks of a fan-out all read
 * the one source and share one counter. Nodes with different upstream sets (a chain, a join tree)
 * get a group each, so nothing changes for them. Built once when a workflow is compiled.
 *
 * <p>Flat arrays (CSR): group {@code g}'s members are {@code members()[memberOffsets()[g] ..
 * memberOffsets()[g + 1])}, in node order; the groups waiting for node {@code i} are {@code
 * waiting()[waitingOffsets()[i] .. waitingOffsets()[i + 1])}. Do not modify them.
 */
public final class JoinGroups {
  private final int[] parentCounts;
  private final int[] memberOffsets;
  private final int[] members;
  private final int[] waitingOffsets;
  private final int[] waiting;

  private JoinGroups(int[] parentCounts, int[] memberOffsets, int[] members, int[] waitingOffsets, int[] waiting) {
    this.parentCounts = parentCounts;
    this.memberOffsets = memberOffsets;
    this.members = members;
    this.waitingOffsets = waitingOffsets;
    this.waiting = waiting;
  }

  /**
   * Groups nodes by their upstream sets. {@code parents[i]} are node {@code i}'s distinct upstream
   * nodes, each lower than {@code i} (topological order); nodes without any are in no group.
   */
  static JoinGroups of(int[][] parents) {
    int n = parents.length;
    int[] groupOf = new int[n];
    // Most nodes read one upstream node: those are grouped by it without hashing (group + 1 per
    // upstream node, 0 for none yet); sets of two or more through the map.
    int[] groupOfSingle = new int[n];
    Map<UpstreamSet, Integer> ids = null;
    int groups = 0;
    for (int i = 0; i < n; i++) {
      int[] ps = parents[i];
      if (ps.length == 0) {
        groupOf[i] = -1;
      } else if (ps.length == 1) {
        int known = groupOfSingle[ps[0]];
        if (known == 0) {
          groupOfSingle[ps[0]] = known = ++groups;
        }
        groupOf[i] = known - 1;
      } else {
        if (ids == null) {
          ids = new HashMap<>();
        }
        Integer known = ids.putIfAbsent(new UpstreamSet(ps), groups);
        groupOf[i] = known == null ? groups++ : known;
      }
    }
    int[] parentCounts = new int[groups];
    int[] memberOffsets = new int[groups + 1];
    int[] waitingOffsets = new int[n + 1];
    int[][] upstreamOf = new int[groups][];
    for (int i = 0; i < n; i++) {
      int g = groupOf[i];
      if (g >= 0 && memberOffsets[g + 1]++ == 0) {
        upstreamOf[g] = parents[i];
        parentCounts[g] = parents[i].length;
        for (int p : parents[i]) {
          waitingOffsets[p + 1]++;
        }
      }
    }
    for (int g = 0; g < groups; g++) {
      memberOffsets[g + 1] += memberOffsets[g];
    }
    for (int i = 0; i < n; i++) {
      waitingOffsets[i + 1] += waitingOffsets[i];
    }
    int[] members = new int[memberOffsets[groups]];
    int[] memberFill = Arrays.copyOf(memberOffsets, groups);
    for (int i = 0; i < n; i++) {
      if (groupOf[i] >= 0) {
        members[memberFill[groupOf[i]]++] = i;
      }
    }
    int[] waiting = new int[waitingOffsets[n]];
    int[] waitingFill = Arrays.copyOf(waitingOffsets, n);
    for (int g = 0; g < groups; g++) { // groups in order of their first member: node order
      for (int p : upstreamOf[g]) {
        waiting[waitingFill[p]++] = g;
      }
    }
    return new JoinGroups(parentCounts, memberOffsets, members, waitingOffsets, waiting);
  }

  /** Number of groups. */
  public int size() {
    return parentCounts.length;
  }

  /** Group {@code g}'s number of distinct upstream nodes. Do not modify. */
  public int[] parentCounts() {
    return parentCounts;
  }

  /** See the class comment. Do not modify. */
  public int[] memberOffsets() {
    return memberOffsets;
  }

  /** See the class comment. Do not modify. */
  public int[] members() {
    return members;
  }

  /** See the class comment. Do not modify. */
  public int[] waitingOffsets() {
    return waitingOffsets;
  }

  /** See the class comment. Do not modify. */
  public int[] waiting() {
    return waiting;
  }

  /** An upstream set as a map key: the same nodes in any order are the same set. */
  private static final class UpstreamSet {
    private final int[] sorted;
    private final int hash;

    UpstreamSet(int[] nodes) {
      int[] s = nodes.clone();
      Arrays.sort(s);
      this.sorted = s;
      this.hash = Arrays.hashCode(s);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof UpstreamSet other && other.hash == hash && Arrays.equals(other.sorted, sorted);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
