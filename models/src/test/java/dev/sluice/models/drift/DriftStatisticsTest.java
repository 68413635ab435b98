package dev.sluice.models.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drift statistics against values computed independently: SciPy 1.10.1's {@code ks_2samp} and a
 * NumPy 1.24.2 PSI, both by {@code src/test/resources/drift_reference.py} (Debian's python3-scipy),
 * whose output is copied here.
 */
class DriftStatisticsTest {

  // numpy.random.default_rng(7).normal(0, 1, 40) and default_rng(11).normal(0.5, 1.2, 50), rounded
  static final double[] SMALL_REF = {
        0.001, 0.299, -0.274, -0.891, -0.455, -0.992, 0.06, 1.34, -0.492, -0.62,
        0.49, 0.357, 0.105, -0.93, -0.029, 0.695, -1.344, -0.458, -1.901, -1.29,
        -1.842, -0.235, -1.267, 0.271, 0.157, -0.187, -2.517, -0.539, -0.049, 0.113,
        -1.53, -0.478, -0.979, -0.809, 1.061, -0.808, -0.033, 0.884, -0.584, -0.112
  };
  static final double[] SMALL_CUR = {
        0.541, 2.132, 1.97, -0.112, 0.142, -0.133, 1.184, 0.433, 1.396, -1.717,
        2.38, 0.384, 1.316, 0.336, 0.045, 1.056, 1.489, 0.257, 0.317, 1.323,
        -0.544, -1.317, 0.974, -0.305, -1.804, -0.477, -0.061, -0.932, -1.291, 0.544,
        1.577, 0.22, -0.392, 0.962, 1.361, 0.14, 1.154, 1.751, 0.252, -0.476,
        0.917, 0.797, 1.819, -1.041, -0.294, -0.506, -1.581, 0.652, 1.133, -0.387
  };

  /** The same doubles drift_reference.py's big() computes. */
  static double[] big(int n, double scale, double shift) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = ((i * 7919L) % 10007) / 10007.0 * scale + shift;
    }
    return v;
  }

  @Test
  void psiOfSmallSamplesMatchesNumpy() {
    assertThat(PopulationStability.numeric(SMALL_REF, SMALL_CUR).value()).isCloseTo(0.969231478241469, within(1e-12));
    assertThat(PopulationStability.numeric(SMALL_REF, SMALL_CUR, 4).value()).isCloseTo(0.5906676872641253, within(1e-12));
  }

  @Test
  void ksOfSmallSamplesMatchesScipyExact() {
    KsResult ks = KolmogorovSmirnov.twoSample(SMALL_REF, SMALL_CUR);
    assertThat(ks.exact()).isTrue();
    assertThat(ks.statistic()).isCloseTo(0.395, within(1e-12));
    assertThat(ks.pValue()).isCloseTo(0.0013346214002163336, within(1e-9));
  }

  @Test
  void psiAndKsOfMidSizeSamplesMatchScipy() {
    double[] a = big(3000, 1.0, 0.0);
    double[] b = big(2500, 1.0, 0.03);
    assertThat(PopulationStability.numeric(a, b).value()).isCloseTo(0.019641393552690095, within(1e-12));
    KsResult ks = KolmogorovSmirnov.twoSample(a, b);
    assertThat(ks.exact()).isFalse();
    assertThat(ks.statistic()).isCloseTo(0.03206666666666667, within(1e-12));
    // SciPy: exact 0.11838702582623459, asymp (kstwo.sf at the rounded effective size) 0.11839255221459943
    assertThat(ks.pValue()).isCloseTo(0.11839255221459943, within(1e-6));
  }

  @Test
  void largeSamplesHaveAnAboutZeroPValue() {
    double[] a = big(20000, 1.0, 0.0);
    double[] b = big(15000, 1.1, 0.0);
    assertThat(PopulationStability.numeric(a, b).value()).isCloseTo(0.05677013366650736, within(1e-12));
    KsResult ks = KolmogorovSmirnov.twoSample(a, b);
    assertThat(ks.exact()).isFalse();
    assertThat(ks.statistic()).isCloseTo(0.09106666666666663, within(1e-12));
    // SciPy: 2.64e-62; a p-value this small only reads as "about zero" here
    assertThat(ks.pValue()).isLessThan(1e-10);
  }

  @Test
  void categoricalPsiMatchesNumpyIncludingANewCategory() {
    List<String> ref = repeat("wifi", 60, "4g", 30, "5g", 10);
    List<String> cur = repeat("wifi", 40, "4g", 35, "5g", 20, "3g", 5);
    PsiResult psi = PopulationStability.categorical(ref, cur);
    assertThat(psi.value()).isCloseTo(0.46822421778025763, within(1e-12));
    assertThat(psi.bins()).extracting(PsiBin::label).containsExactly("4g", "5g", "wifi", "3g");
  }

  @Test
  void identicalSamplesHaveNoDrift() {
    assertThat(PopulationStability.numeric(SMALL_REF, SMALL_REF).value()).isZero();
    KsResult ks = KolmogorovSmirnov.twoSample(SMALL_REF, SMALL_REF);
    assertThat(ks.statistic()).isZero();
    assertThat(ks.pValue()).isEqualTo(1.0);
  }

  @Test
  void aConstantReferenceGetsTwoBinsNotNine() {
    double[] constant = {1, 1, 1, 1};
    PsiResult psi = PopulationStability.numeric(constant, new double[] {1, 2, 3});
    assertThat(psi.bins()).hasSize(2);
    assertThat(psi.value()).isPositive();
  }

  @Test
  void badSamplesAreRefusedNamingTheProblem() {
    assertThatThrownBy(() -> PopulationStability.numeric(new double[0], SMALL_CUR))
        .hasMessageContaining("reference sample is empty");
    assertThatThrownBy(() -> KolmogorovSmirnov.twoSample(SMALL_REF, new double[] {1, Double.NaN}))
        .hasMessageContaining("current sample holds NaN at index 1");
    assertThatThrownBy(() -> PopulationStability.categorical(List.of("a"), Collections.singletonList(null)))
        .hasMessageContaining("holds null");
    assertThatThrownBy(() -> PopulationStability.numeric(SMALL_REF, SMALL_CUR, 1))
        .hasMessageContaining("at least 2 bins");
  }

  static List<String> repeat(Object... pairs) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.addAll(Collections.nCopies((Integer) pairs[i + 1], (String) pairs[i]));
    }
    return out;
  }
}
