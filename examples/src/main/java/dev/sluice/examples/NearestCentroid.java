package dev.sluice.examples;

import dev.sluice.examples.DriftingStream.Batch;
import dev.sluice.examples.DriftingStream.Point;

/**
 * A nearest-centroid classifier: the mean point of each class; a point gets the class whose mean
 * is nearer. Small, but it goes stale the way real models do when the data drifts.
 *
 * @param name the model's name, e.g. {@code model-2}
 * @param x0 mean x of class 0
 * @param y0 mean y of class 0
 * @param x1 mean x of class 1
 * @param y1 mean y of class 1
 */
record NearestCentroid(String name, double x0, double y0, double x1, double y1) {

  /** Fits the class means of {@code batch}. */
  static NearestCentroid fit(String name, Batch batch) {
    double[] sum = new double[4];
    int[] count = new int[2];
    for (Point p : batch.points()) {
      sum[p.label() * 2] += p.x();
      sum[p.label() * 2 + 1] += p.y();
      count[p.label()]++;
    }
    if (count[0] == 0 || count[1] == 0) {
      throw new IllegalArgumentException("a batch of " + batch.points().size() + " points lacks one of the two classes");
    }
    return new NearestCentroid(name, sum[0] / count[0], sum[1] / count[0], sum[2] / count[1], sum[3] / count[1]);
  }

  int predict(Point p) {
    double d0 = Math.pow(p.x() - x0, 2) + Math.pow(p.y() - y0, 2);
    double d1 = Math.pow(p.x() - x1, 2) + Math.pow(p.y() - y1, 2);
    return d0 <= d1 ? 0 : 1;
  }

  /** The share of {@code batch} this model labels right. */
  double accuracy(Batch batch) {
    long right = batch.points().stream().filter(p -> predict(p) == p.label()).count();
    return right / (double) batch.points().size();
  }
}
