package dev.sluice.examples;

import dev.sluice.examples.QoePrediction.Session;
import dev.sluice.models.drift.DriftCheck;
import dev.sluice.models.drift.FeatureWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The video sessions a QoE model serves, from one of two worlds. At home (Wi-Fi) bitrates are high
 * and packets are rarely lost; on congested mobile networks bitrates are low, startup is slow and
 * loss is common, and viewers there mind rebuffering twice as much (the inputs drift, and so does
 * the relation the model learned). The opinion score has the shape of {@link SyntheticQoe}'s; the
 * numbers are plausible, not measured.
 */
final class QoeTraffic {
  /** Where the sessions come from. */
  enum World {
    HOME,
    MOBILE
  }

  /** The features the drift check compares; the names of {@link Session}'s measurements. */
  static final DriftCheck CHECK =
      DriftCheck.builder().numeric("bitrateMbps", "rebufferRatio", "startupDelaySec", "packetLossPct").build();

  private volatile World world = World.HOME;
  private final AtomicLong draws = new AtomicLong();
  private final long seed;

  QoeTraffic(long seed) {
    this.seed = seed;
  }

  World world() {
    return world;
  }

  /** From now on sessions come from {@code next}. */
  void shift(World next) {
    world = next;
  }

  /** {@code n} labelled sessions from the current world (each call draws new ones). */
  List<Session> draw(int n) {
    return draw(world, seed * 1_000 + draws.incrementAndGet(), n);
  }

  static List<Session> draw(World world, long seed, int n) {
    Random r = new Random(seed);
    boolean mobile = world == World.MOBILE;
    List<Session> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      double bitrate = mobile ? 0.3 + 2.7 * r.nextDouble() : 2 + 10 * r.nextDouble();
      double rebuffer = Math.min(0.25, -(mobile ? 0.05 : 0.02) * Math.log(1 - r.nextDouble()));
      double startup = mobile ? 1 + 7 * r.nextDouble() : 0.2 + 3.8 * r.nextDouble();
      double loss = mobile ? 1 + 4 * r.nextDouble() : r.nextDouble();
      double mos = 3.0 + 0.9 * Math.log1p(bitrate) - (mobile ? 18 : 9) * rebuffer - 0.12 * startup
          - 0.25 * loss + 0.25 * r.nextGaussian();
      out.add(new Session(bitrate, rebuffer, startup, loss, Math.max(1, Math.min(5, mos))));
    }
    return out;
  }

  /** The sessions' measurements as a drift window. */
  static FeatureWindow window(List<Session> sessions) {
    return FeatureWindow.builder()
        .numeric("bitrateMbps", sessions.stream().mapToDouble(Session::bitrateMbps).toArray())
        .numeric("rebufferRatio", sessions.stream().mapToDouble(Session::rebufferRatio).toArray())
        .numeric("startupDelaySec", sessions.stream().mapToDouble(Session::startupDelaySec).toArray())
        .numeric("packetLossPct", sessions.stream().mapToDouble(Session::packetLossPct).toArray())
        .build();
  }
}
