package dev.tacit.federated.server;

import java.util.Locale;
import java.util.Map;

/**
 * The server's step on the item factors from the round's averaged gradient (Reddi et al. 2021,
 * "Adaptive Federated Optimization"). Implementations keep their state (momentum, second moments)
 * between rounds and are not thread-safe.
 */
public interface ServerOptimizer {
  /** Updates {@code params} in place from {@code gradient} (same length). */
  void step(float[] params, double[] gradient);

  /** The name and settings, for model provenance. */
  Map<String, Object> describe();

  /**
   * The state to carry over a restart: the moment vectors (none before the first step) followed by
   * a one-element vector with the step count.
   */
  double[][] state();

  /**
   * Restores a state from {@link #state} of an optimizer of the same kind and size.
   *
   * @throws IllegalArgumentException if the state has the wrong shape
   */
  void restore(double[][] state);

  /**
   * FedAvg with server momentum (FedAvgM, Hsu et al. 2019): {@code m <- β m + g; w <- w − η m}.
   *
   * @throws IllegalArgumentException if {@code learningRate <= 0} or {@code momentum} is not in [0,
   *     1)
   */
  static ServerOptimizer fedAvgMomentum(double learningRate, double momentum) {
    requirePositive(learningRate, "learningRate");
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), was " + momentum);
    }
    return new ServerOptimizer() {
      private double[] m;

      @Override
      public void step(float[] params, double[] gradient) {
        check(params, gradient);
        if (m == null) {
          m = new double[params.length];
        }
        for (int i = 0; i < params.length; i++) {
          m[i] = momentum * m[i] + gradient[i];
          params[i] -= (float) (learningRate * m[i]);
        }
      }

      @Override
      public Map<String, Object> describe() {
        return Map.of("optimizer", "fedavgm", "learning_rate", learningRate, "momentum", momentum);
      }

      @Override
      public double[][] state() {
        return m == null ? new double[0][] : new double[][] {m.clone()};
      }

      @Override
      public void restore(double[][] state) {
        if (state.length == 0) {
          m = null;
        } else if (state.length == 1) {
          m = state[0].clone();
        } else {
          throw new IllegalArgumentException(
              "a FedAvgM state has 0 or 1 vectors, had " + state.length);
        }
      }
    };
  }

  /**
   * FedAdam (Reddi et al. 2021): Adam on the server with bias correction, {@code w <- w − η m̂ /
   * (sqrt(v̂) + τ)}.
   *
   * @throws IllegalArgumentException if a setting is out of range
   */
  static ServerOptimizer fedAdam(double learningRate, double beta1, double beta2, double tau) {
    requirePositive(learningRate, "learningRate");
    requirePositive(tau, "tau");
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "beta1 and beta2 must be in [0, 1), were %s and %s", beta1, beta2));
    }
    return new ServerOptimizer() {
      private double[] m;
      private double[] v;
      private int t;

      @Override
      public void step(float[] params, double[] gradient) {
        check(params, gradient);
        if (m == null) {
          m = new double[params.length];
          v = new double[params.length];
        }
        t++;
        double c1 = 1 - Math.pow(beta1, t);
        double c2 = 1 - Math.pow(beta2, t);
        for (int i = 0; i < params.length; i++) {
          double g = gradient[i];
          m[i] = beta1 * m[i] + (1 - beta1) * g;
          v[i] = beta2 * v[i] + (1 - beta2) * g * g;
          params[i] -= (float) (learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + tau));
        }
      }

      @Override
      public Map<String, Object> describe() {
        return Map.of(
            "optimizer",
            "fedadam",
            "learning_rate",
            learningRate,
            "beta1",
            beta1,
            "beta2",
            beta2,
            "tau",
            tau);
      }

      @Override
      public double[][] state() {
        return m == null ? new double[0][] : new double[][] {m.clone(), v.clone(), {t}};
      }

      @Override
      public void restore(double[][] state) {
        if (state.length == 0) {
          m = null;
          v = null;
          t = 0;
        } else if (state.length == 3
            && state[0].length == state[1].length
            && state[2].length == 1
            && state[2][0] >= 1) {
          m = state[0].clone();
          v = state[1].clone();
          t = (int) state[2][0];
        } else {
          throw new IllegalArgumentException(
              "a FedAdam state has 0 vectors or m, v and the step count");
        }
      }
    };
  }

  private static void requirePositive(double v, String name) {
    if (!(v > 0 && Double.isFinite(v))) {
      throw new IllegalArgumentException(name + " must be > 0 and finite, was " + v);
    }
  }

  private static void check(float[] params, double[] gradient) {
    if (params.length != gradient.length) {
      throw new IllegalArgumentException(
          "gradient must have " + params.length + " entries, had " + gradient.length);
    }
    for (double g : gradient) {
      if (!Double.isFinite(g)) {
        throw new IllegalArgumentException("gradient must be finite, found " + g);
      }
    }
  }
}
