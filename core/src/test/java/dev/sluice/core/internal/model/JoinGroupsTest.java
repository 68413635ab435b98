package dev.sluice.core.internal.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class JoinGroupsTest {

  @Test
  void nodesWaitingForTheSameUpstreamNodesShareOneGroupWhateverTheOrderOfTheirBindings() {
    // 0, 1 roots; 2 and 4 read {0, 1} (4 in the other order); 3 reads {1}; 5 reads {2, 3, 4}
    int[][] parents = {{}, {}, {0, 1}, {1}, {1, 0}, {2, 3, 4}};

    JoinGroups groups = JoinGroups.of(parents);

    assertThat(groups.size()).isEqualTo(3);
    assertThat(membersOf(groups, 0)).containsExactly(2, 4);
    assertThat(membersOf(groups, 1)).containsExactly(3);
    assertThat(membersOf(groups, 2)).containsExactly(5);
    assertThat(groups.parentCounts()).containsExactly(2, 1, 3);
    assertThat(waitingFor(groups, 0)).containsExactly(0);
    assertThat(waitingFor(groups, 1)).containsExactly(0, 1);
    assertThat(waitingFor(groups, 2)).containsExactly(2);
    assertThat(waitingFor(groups, 5)).isEmpty();
  }

  @Test
  void aLatticeLayerIsOneGroupAndAChainHasAGroupPerNode() {
    int width = 10;
    int[][] lattice = new int[3 * width][];
    for (int i = 0; i < lattice.length; i++) {
      int layer = i / width;
      lattice[i] = layer == 0 ? new int[0] : range((layer - 1) * width, layer * width);
    }
    JoinGroups latticeGroups = JoinGroups.of(lattice);
    assertThat(latticeGroups.size()).isEqualTo(2);
    assertThat(membersOf(latticeGroups, 1)).containsExactly(range(2 * width, 3 * width));
    for (int i = 0; i < 2 * width; i++) {
      assertThat(waitingFor(latticeGroups, i)).hasSize(1); // one counter to decrement, not ten
    }

    int[][] chain = {{}, {0}, {1}, {2}};
    JoinGroups chainGroups = JoinGroups.of(chain);
    assertThat(chainGroups.size()).isEqualTo(3);
    assertThat(waitingFor(chainGroups, 3)).isEmpty();
  }

  @Test
  void nodesReadingOneUpstreamNodeShareItsGroupAndNumberingFollowsFirstMembersAmongLargerSets() {
    // 0 root; 1, 2, 6 read {0}; 3 reads {0, 1}; 4 reads {1}; 5 reads {1, 0}
    int[][] parents = {{}, {0}, {0}, {0, 1}, {1}, {1, 0}, {0}};

    JoinGroups groups = JoinGroups.of(parents);

    assertThat(groups.size()).isEqualTo(3);
    assertThat(membersOf(groups, 0)).containsExactly(1, 2, 6);
    assertThat(membersOf(groups, 1)).containsExactly(3, 5);
    assertThat(membersOf(groups, 2)).containsExactly(4);
    assertThat(groups.parentCounts()).containsExactly(1, 2, 1);
    assertThat(waitingFor(groups, 0)).containsExactly(0, 1);
    assertThat(waitingFor(groups, 1)).containsExactly(1, 2);
  }

  private static int[] membersOf(JoinGroups groups, int g) {
    return Arrays.copyOfRange(groups.members(), groups.memberOffsets()[g], groups.memberOffsets()[g + 1]);
  }

  private static int[] waitingFor(JoinGroups groups, int node) {
    return Arrays.copyOfRange(groups.waiting(), groups.waitingOffsets()[node], groups.waitingOffsets()[node + 1]);
  }

  private static int[] range(int from, int to) {
    int[] out = new int[to - from];
    for (int i = 0; i < out.length; i++) {
      out[i] = from + i;
    }
    return out;
  }
}
