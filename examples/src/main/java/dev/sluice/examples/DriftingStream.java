package dev.sluice.examples;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A labelled data stream whose concept drifts: points of two classes around two centres that
 * rotate by a sudden angle at given steps. Each evaluation reads the next batch (one step); a
 * retraining reads recent data at the current step. Batches are seeded by step, so a run of the
 * example is reproducible whatever the timing.
 */
final class DriftingStream {
  /** A labelled point. */
  record Point(double x, double y, int label) {}

  /** A batch of points drawn at one step. */
  record Batch(int step, List<Point> points) {}

  /** Something that happened in the world, for the printed timeline. */
  record Event(Instant time, String text) {}

  private static final double RADIUS = 1.5;

  private final long seed;
  private final int[] driftSteps;
  private final double[] driftDegrees;
  private final Clock clock;
  private final AtomicInteger step = new AtomicInteger();
  final List<Event> events = new CopyOnWriteArrayList<>();

  /** Drifts by {@code driftDegrees[i]} (cumulative) at step {@code driftSteps[i]}. */
  DriftingStream(long seed, int[] driftSteps, double[] driftDegrees, Clock clock) {
    this.seed = seed;
    this.driftSteps = driftSteps.clone();
    this.driftDegrees = driftDegrees.clone();
    this.clock = clock;
  }

  int step() {
    return step.get();
  }

  /** The rotation of the class centres at {@code s}, in degrees. */
  double angle(int s) {
    double angle = 0;
    for (int i = 0; i < driftSteps.length; i++) {
      if (s >= driftSteps[i]) {
        angle += driftDegrees[i];
      }
    }
    return angle;
  }

  /** The next batch of {@code n} points; advances the stream by one step. */
  Batch next(int n) {
    int s = step.getAndIncrement();
    for (int i = 0; i < driftSteps.length; i++) {
      if (s == driftSteps[i]) {
        events.add(new Event(clock.instant(), String.format(
            "drift: the class centres rotate by %.0f° (step %d, now at %.0f°)", driftDegrees[i], s, angle(s))));
      }
    }
    return draw(s, n, 0);
  }

  /** {@code n} fresh points at the current step, distinct from the batches {@link #next} draws. */
  Batch recent(int n, int salt) {
    return draw(step.get(), n, salt);
  }

  private Batch draw(int s, int n, int salt) {
    Random random = new Random(seed * 1_000_003L + s * 7919L + salt);
    double a = Math.toRadians(angle(s));
    double cx = RADIUS * Math.cos(a);
    double cy = RADIUS * Math.sin(a);
    List<Point> points = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int label = random.nextInt(2);
      double sign = label == 0 ? 1 : -1;
      points.add(new Point(sign * cx + random.nextGaussian(), sign * cy + random.nextGaussian(), label));
    }
    return new Batch(s, points);
  }
}
