package dev.sluice.dsl;

import java.util.ArrayList;
import java.util.List;

/** Domain types and functions the tests define tasks with. */
final class Fixtures {
  private Fixtures() {}

  record Params(int samples, double lr) {}

  record Dataset(List<Double> rows) {}

  record Model(double weight) {}

  static Dataset generate(int samples) {
    List<Double> rows = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      rows.add((double) i);
    }
    return new Dataset(rows);
  }

  static Model fit(Dataset d, double lr) {
    return new Model(d.rows().size() * lr);
  }

  static double accuracy(Model m, Dataset d) {
    return m.weight() / Math.max(1, d.rows().size());
  }

  static List<Double> scores(Dataset d) {
    return d.rows();
  }

  /** A task body written as a class rather than a lambda. */
  static final class Square implements Fn1<Integer, Long> {
    @Override
    public Long apply(Integer x) {
      return (long) x * x;
    }
  }
}
