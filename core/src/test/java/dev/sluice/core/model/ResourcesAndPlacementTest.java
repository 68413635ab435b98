package dev.sluice.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ResourcesAndPlacementTest {

  private static Resources memory(String quantity) {
    return new Resources(0, quantity, 0, Map.of());
  }

  @ParameterizedTest
  @CsvSource({
    "512Mi, 536870912",
    "8Gi, 8589934592",
    "1.5G, 1500000000",
    "1000, 1000",
    "2Ki, 2048",
    "3k, 3000",
    "0.5Gi, 536870912",
    "1Ti, 1099511627776",
    "2T, 2000000000000",
    "7M, 7000000"
  })
  void memoryQuantities(String quantity, long bytes) {
    assertThat(memory(quantity).memoryBytes()).isEqualTo(bytes);
  }

  @Test
  void unsetMemoryIsZeroBytes() {
    assertThat(Resources.NONE.memoryBytes()).isZero();
    assertThat(Resources.NONE.memory()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"512MB", "-1Gi", "", "1.5.2Gi", " 1Gi", "Gi", "1gi", "1e9"})
  void badQuantity(String quantity) {
    assertThatThrownBy(() -> memory(quantity))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "memory '" + quantity + "' is not a quantity: write e.g. 512Mi, 8Gi or 1000000 (bytes)");
  }

  @Test
  void negativeCpuOrGpu() {
    assertThatThrownBy(() -> new Resources(-1, null, 0, Map.of()))
        .hasMessage("cpu must be 0 or more cores, got -1.0");
    assertThatThrownBy(() -> new Resources(Double.NaN, null, 0, Map.of()))
        .hasMessage("cpu must be 0 or more cores, got NaN");
    assertThatThrownBy(() -> new Resources(0, null, -2, Map.of())).hasMessage("gpu must be 0 or more, got -2");
  }

  @Test
  void customResourcesAreCopiedAndIteratedByName() {
    Map<String, Double> custom = new LinkedHashMap<>();
    for (String k : List.of("trainer", "accelerator", "slot", "disk", "net", "bucket", "zeta", "alpha")) {
      custom.put(k, 1.0);
    }
    Resources r = new Resources(2, null, 0, custom);
    custom.put("late", 2.0);

    assertThat(r.custom()).doesNotContainKey("late");
    assertThat(r.custom().keySet())
        .containsExactly("accelerator", "alpha", "bucket", "disk", "net", "slot", "trainer", "zeta");
    assertThatThrownBy(() -> r.custom().put("x", 1.0)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void tolerationOperatorDefaultsFromTheValue() {
    assertThat(new Toleration("gpu", null, null, "NoSchedule").operator()).isEqualTo("Exists");
    assertThat(new Toleration("gpu", null, "true", "NoSchedule").operator()).isEqualTo("Equal");
    assertThat(Toleration.of("arch", "arm64", "NoExecute"))
        .isEqualTo(new Toleration("arch", "Equal", "arm64", "NoExecute"));
  }

  @Test
  void tolerationWithABadOperator() {
    assertThatThrownBy(() -> new Toleration("gpu", "Maybe", "true", "NoSchedule"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("toleration operator 'Maybe' is not valid: use Equal or Exists");
    assertThatThrownBy(() -> new Toleration("gpu", "equal", "true", "NoSchedule"))
        .hasMessageContaining("'equal' is not valid");
  }

  @Test
  void placementExecutorNameIsChecked() {
    assertThatThrownBy(() -> new Placement("my executor", null, Map.of(), List.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "executor name 'my executor' is not valid: use 1 to 128 letters, digits, '-', '_' or '.',"
                + " starting with a letter or digit");
    assertThat(Placement.DEFAULT.executor()).isNull();
  }

  @Test
  void placementMapsAreSortedImmutableCopies() {
    Map<String, String> env = new LinkedHashMap<>();
    for (String k : List.of("Z", "Y", "X", "W", "V", "U", "T", "S")) {
      env.put(k, k.toLowerCase());
    }
    Placement p = new Placement(null, "img", env, List.of(), env);
    env.clear();

    assertThat(p.environment().keySet()).containsExactly("S", "T", "U", "V", "W", "X", "Y", "Z");
    assertThat(p.nodeSelector()).hasSize(8).containsEntry("Z", "z");
    assertThatThrownBy(() -> p.environment().put("A", "a")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(p).isEqualTo(new Placement(null, "img", p.environment(), List.of(), p.nodeSelector()));
  }

  @Test
  void placementMapsRejectNulls() {
    Map<String, String> withNull = new LinkedHashMap<>();
    withNull.put("A", null);

    assertThatThrownBy(() -> new Placement(null, null, withNull, List.of(), Map.of()))
        .isInstanceOf(NullPointerException.class);
  }
}
