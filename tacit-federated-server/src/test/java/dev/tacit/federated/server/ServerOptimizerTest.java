package dev.tacit.federated.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The server optimizers' steps against FedAvgM and Adam computed by hand, and their state. */
class ServerOptimizerTest {

  @Test
  void fedAvgMomentum_stepsAlongTheMomentumOfTheGradients() {
    ServerOptimizer opt = ServerOptimizer.fedAvgMomentum(0.5, 0.9);
    float[] params = {1f, -1f};

    opt.step(params, new double[] {2, -4});
    // m = g; params -= 0.5 m.
    assertThat(params[0]).isCloseTo(0f, within(1e-6f));
    assertThat(params[1]).isCloseTo(1f, within(1e-6f));
    opt.step(params, new double[] {1, 0});
    // m = 0.9 (2, -4) + (1, 0) = (2.8, -3.6).
    assertThat(params[0]).isCloseTo(-1.4f, within(1e-6f));
    assertThat(params[1]).isCloseTo(2.8f, within(1e-6f));
    assertThat(opt.state()[0]).containsExactly(new double[] {2.8, -3.6}, within(1e-12));
    assertThat(opt.describe())
        .containsEntry("optimizer", "fedavgm")
        .containsEntry("learning_rate", 0.5)
        .containsEntry("momentum", 0.9);
  }

  @Test
  void fedAdam_stepsWithBiasCorrectedMoments() {
    double lr = 0.1;
    double b1 = 0.9;
    double b2 = 0.99;
    double tau = 1e-3;
    ServerOptimizer opt = ServerOptimizer.fedAdam(lr, b1, b2, tau);
    float[] params = {0f};
    double m = 0;
    double v = 0;
    double p = 0;
    double[] gradients = {1.0, -0.5, 2.0};
    for (int t = 1; t <= gradients.length; t++) {
      double g = gradients[t - 1];
      m = b1 * m + (1 - b1) * g;
      v = b2 * v + (1 - b2) * g * g;
      double mHat = m / (1 - Math.pow(b1, t));
      double vHat = v / (1 - Math.pow(b2, t));
      p -= lr * mHat / (Math.sqrt(vHat) + tau);
      opt.step(params, new double[] {g});
      assertThat((double) params[0]).as("step %d", t).isCloseTo(p, within(1e-6));
    }
    double[][] state = opt.state();
    assertThat(state[0][0]).isCloseTo(m, within(1e-12));
    assertThat(state[1][0]).isCloseTo(v, within(1e-12));
    assertThat(state[2]).containsExactly(3.0);
    assertThat(opt.describe())
        .containsEntry("optimizer", "fedadam")
        .containsEntry("beta1", 0.9)
        .containsEntry("beta2", 0.99)
        .containsEntry("tau", 1e-3)
        .containsEntry("learning_rate", 0.1);
  }

  @Test
  void restoredState_continuesExactlyWhereTheOriginalWouldHave() {
    for (int kind = 0; kind < 2; kind++) {
      ServerOptimizer a =
          kind == 0
              ? ServerOptimizer.fedAvgMomentum(0.1, 0.5)
              : ServerOptimizer.fedAdam(0.1, 0.9, 0.99, 1e-3);
      ServerOptimizer b =
          kind == 0
              ? ServerOptimizer.fedAvgMomentum(0.1, 0.5)
              : ServerOptimizer.fedAdam(0.1, 0.9, 0.99, 1e-3);
      assertThat(a.state()).isEmpty();
      float[] pa = {1f, 2f};
      a.step(pa, new double[] {0.3, -0.2});
      a.step(pa, new double[] {0.1, 0.4});
      b.restore(a.state());
      float[] pb = pa.clone();
      a.step(pa, new double[] {-0.5, 0.25});
      b.step(pb, new double[] {-0.5, 0.25});
      assertThat(pb).containsExactly(pa);
      b.restore(new double[0][]);
      assertThat(b.state()).isEmpty();
    }
  }

  @Test
  void badSettingsStatesAndGradients_areRefused() {
    assertThatThrownBy(() -> ServerOptimizer.fedAvgMomentum(0, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("learningRate must be > 0 and finite, was 0.0");
    assertThatThrownBy(() -> ServerOptimizer.fedAvgMomentum(Double.POSITIVE_INFINITY, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServerOptimizer.fedAvgMomentum(0.1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("momentum must be in [0, 1), was 1.0");
    assertThatThrownBy(() -> ServerOptimizer.fedAvgMomentum(0.1, -0.1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ServerOptimizer.fedAvgMomentum(0.1, 0).describe()).containsEntry("momentum", 0.0);
    assertThatThrownBy(() -> ServerOptimizer.fedAdam(0.1, 1, 0.9, 1e-3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("beta1 and beta2 must be in [0, 1), were 1.0 and 0.9");
    assertThatThrownBy(() -> ServerOptimizer.fedAdam(0.1, 0.9, 1, 1e-3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServerOptimizer.fedAdam(0.1, -0.1, 0.9, 1e-3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServerOptimizer.fedAdam(0.1, 0.9, -0.1, 1e-3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ServerOptimizer.fedAdam(0.1, 0.9, 0.9, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tau must be > 0 and finite, was 0.0");
    assertThat(ServerOptimizer.fedAdam(0.1, 0, 0, 1e-3).describe()).containsEntry("beta1", 0.0);
    ServerOptimizer adam = ServerOptimizer.fedAdam(0.1, 0.9, 0.9, 1e-3);
    assertThatThrownBy(() -> adam.step(new float[2], new double[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gradient must have 2 entries, had 3");
    assertThatThrownBy(() -> adam.restore(new double[][] {{1}, {1}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a FedAdam state has 0 vectors or m, v and the step count");
    assertThatThrownBy(() -> adam.restore(new double[][] {{1}, {1, 2}, {1}}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> adam.restore(new double[][] {{1}, {1}, {0}}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> adam.restore(new double[][] {{1}, {1}, {1, 2}}))
        .isInstanceOf(IllegalArgumentException.class);
    adam.restore(new double[][] {{1}, {1}, {1}});
    assertThat(adam.state()[2]).containsExactly(1.0);
    ServerOptimizer avgm = ServerOptimizer.fedAvgMomentum(0.1, 0.5);
    assertThatThrownBy(() -> avgm.restore(new double[][] {{1}, {1}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a FedAvgM state has 0 or 1 vectors, had 2");
    assertThatThrownBy(() -> avgm.step(new float[1], new double[2]))
        .isInstanceOf(IllegalArgumentException.class);
    float[] untouched = {1f};
    assertThatThrownBy(() -> avgm.step(untouched, new double[] {Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gradient must be finite, found NaN");
    assertThat(untouched).containsExactly(1f);
  }
}
