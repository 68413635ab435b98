package dev.sluice.core.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The gate promotes a challenger only if it beats the champion on the same data by the margin. */
class ChampionChallengerTest {
  /** A "model" that is right on the labels it knows. */
  record Model(String name, List<Integer> knows) {}

  /** Held-out labels. */
  record Data(List<Integer> labels) {}

  private final List<String> scored = new CopyOnWriteArrayList<>();

  private double accuracy(Model m, Data d) {
    scored.add(m.name() + "@" + d.labels().size());
    return d.labels().stream().filter(m.knows()::contains).count() / (double) d.labels().size();
  }

  private final ChampionChallenger<Model, Data> gate =
      ChampionChallenger.<Model, Data>scoredBy(this::accuracy).metric("accuracy").margin(0.1).build();
  private final Data heldOut = new Data(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  private final Model champion = new Model("champion", List.of(1, 2, 3, 4, 5, 6, 7));

  @Test
  void aChallengerThatBeatsTheChampionByTheMarginIsPromoted() {
    Model better = new Model("better", List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
    Verdict<Model> v = gate.judge(Optional.of(champion), better, heldOut);
    assertThat(v.promote()).isTrue();
    assertThat(v.model()).isSameAs(better);
    assertThat(v.challengerScore()).isEqualTo(0.9);
    assertThat(v.championScore()).hasValue(0.7);
    assertThat(v.reason())
        .isEqualTo("challenger accuracy 0.9 vs champion 0.7 on the same held-out data (needs +0.1): promoted");
    assertThat(scored).containsExactly("better@10", "champion@10"); // both on the same data
  }

  @Test
  void aChallengerThatIsBetterByLessThanTheMarginOrWorseIsNot() {
    Data twenty = new Data(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20));
    Model slightlyBetter = new Model("slightly", List.of(1, 2, 3, 4, 5, 6, 7, 8)); // 0.40 vs 0.35
    Verdict<Model> slightly = gate.judge(Optional.of(champion), slightlyBetter, twenty);
    assertThat(slightly.promote()).isFalse();
    assertThat(slightly.model()).isSameAs(champion);
    assertThat(slightly.reason()).endsWith(": kept the champion");
    assertThat(gate.judge(Optional.of(champion), new Model("worse", List.of(1)), heldOut).promote()).isFalse();
    Verdict<Model> exactly = gate.judge(Optional.of(champion), slightlyBetter, heldOut); // 0.8 vs 0.7
    assertThat(exactly.promote()).as("a gain equal to the margin counts").isTrue();
  }

  @Test
  void lowerIsBetterForLosses() {
    ChampionChallenger<Double, Void> loss = ChampionChallenger.<Double, Void>scoredBy((m, d) -> m).lowerIsBetter().margin(0.05).build();
    assertThat(loss.judge(Optional.of(0.30), 0.20, null).promote()).isTrue();
    assertThat(loss.judge(Optional.of(0.30), 0.27, null).promote()).isFalse();
    assertThat(loss.judge(Optional.of(0.30), 0.40, null).promote()).isFalse();
  }

  @Test
  void noChampionNaNChallengerAndNaNChampion() {
    ChampionChallenger<Double, Void> raw = ChampionChallenger.<Double, Void>scoredBy((m, d) -> m).build();
    Verdict<Double> first = raw.judge(Optional.empty(), 0.5, null);
    assertThat(first.promote()).isTrue();
    assertThat(first.championScore()).isEmpty();
    assertThat(first.reason()).isEqualTo("no champion yet; challenger score 0.5: promoted");
    Verdict<Double> broken = raw.judge(Optional.of(0.5), Double.NaN, null);
    assertThat(broken.promote()).isFalse();
    assertThat(broken.model()).isEqualTo(0.5);
    assertThat(raw.judge(Optional.of(Double.NaN), 0.1, null).promote()).isTrue();
    assertThat(raw.judge(Optional.of(0.5), 0.5, null).promote()).as("a tie stays with the champion").isFalse();
    assertThatThrownBy(() -> ChampionChallenger.<Double, Void>scoredBy((m, d) -> m).margin(-1))
        .hasMessage("the margin must be a finite number >= 0, got -1.0");
  }
}
