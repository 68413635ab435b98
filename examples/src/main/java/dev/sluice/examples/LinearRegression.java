package dev.sluice.examples;

import dev.sluice.examples.QoePrediction.HyperParams;
import dev.sluice.examples.QoePrediction.Model;
import dev.sluice.examples.QoePrediction.Session;
import dev.sluice.examples.QoePrediction.TrainJob;
import java.util.List;

/** Linear regression by full-batch gradient descent with an L2 penalty, no library. */
public final class LinearRegression {
  private LinearRegression() {}

  /** The model sees the log of the bitrate (quality saturates) and the three impairments. */
  static double[] features(Session s) {
    return new double[] {
      Math.log1p(s.bitrateMbps()), s.rebufferRatio(), s.startupDelaySec(), s.packetLossPct()
    };
  }

  /** Fits one model; checks for interruption each epoch, so a timeout stops it promptly. */
  public static Model fit(TrainJob job) throws InterruptedException {
    HyperParams hp = job.hyperParams();
    List<Session> data = job.train();
    int n = data.size();
    int d = 4;
    double[][] x = new double[n][];
    double[] y = new double[n];
    double[] means = new double[d];
    double[] scales = new double[d];
    for (int i = 0; i < n; i++) {
      x[i] = features(data.get(i));
      y[i] = data.get(i).mos();
      for (int j = 0; j < d; j++) {
        means[j] += x[i][j] / n;
      }
    }
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        scales[j] += (row[j] - means[j]) * (row[j] - means[j]) / n;
      }
    }
    for (int j = 0; j < d; j++) {
      scales[j] = Math.sqrt(scales[j]) == 0 ? 1 : Math.sqrt(scales[j]);
    }
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        row[j] = (row[j] - means[j]) / scales[j];
      }
    }

    double[] w = new double[d + 1];
    double mse = Double.NaN;
    for (int epoch = 1; epoch <= hp.epochs(); epoch++) {
      if (Thread.interrupted()) {
        throw new InterruptedException("training of " + hp.name() + " was cancelled at epoch " + epoch);
      }
      double[] grad = new double[d + 1];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double err = w[0] - y[i];
        for (int j = 0; j < d; j++) {
          err += w[j + 1] * x[i][j];
        }
        sum += err * err;
        grad[0] += err / n;
        for (int j = 0; j < d; j++) {
          grad[j + 1] += err * x[i][j] / n;
        }
      }
      mse = sum / n;
      if (!Double.isFinite(mse) || mse > 1e6) {
        throw new ModelDivergedException(
            hp.name() + " diverged at epoch " + epoch + " (learning rate " + hp.learningRate()
                + " is too large)");
      }
      w[0] -= hp.learningRate() * grad[0];
      for (int j = 1; j <= d; j++) {
        w[j] -= hp.learningRate() * (grad[j] + hp.l2() * w[j]);
      }
    }
    return new Model(hp, w, means, scales, Math.sqrt(mse));
  }
}
