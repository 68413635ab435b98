package dev.sluice.examples;

import dev.sluice.examples.QoePrediction.Params;
import dev.sluice.examples.QoePrediction.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Simulated video sessions. The opinion score rises with the log of the bitrate and falls with
 * rebuffering, startup delay and packet loss, plus Gaussian noise, clamped to 1..5 like a survey
 * answer. Not a validated QoE model: a plausible shape for an example.
 */
public final class SyntheticQoe {
  private SyntheticQoe() {}

  public static List<Session> generate(Params params) {
    if (params.sessions() < 10) {
      throw new IllegalArgumentException("at least 10 sessions, got " + params.sessions());
    }
    Random random = new Random(params.seed());
    List<Session> sessions = new ArrayList<>(params.sessions());
    for (int i = 0; i < params.sessions(); i++) {
      double bitrate = 0.5 + 11.5 * random.nextDouble();
      double rebuffer = Math.min(0.25, -0.03 * Math.log(1 - random.nextDouble()));
      double startup = 0.2 + 7.8 * random.nextDouble();
      double loss = 5 * random.nextDouble();
      double mos =
          3.0
              + 0.9 * Math.log1p(bitrate)
              - 9 * rebuffer
              - 0.12 * startup
              - 0.25 * loss
              + params.noise() * random.nextGaussian();
      sessions.add(new Session(bitrate, rebuffer, startup, loss, Math.max(1, Math.min(5, mos))));
    }
    return sessions;
  }
}
