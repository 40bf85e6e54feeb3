package dev.tacit.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.core.data.Interactions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IalsTest {
  private static final Interactions TRAIN = TestMatrices.clustered(80, 50, 0.12, 1);

  private static Ials.Builder small() {
    return Ials.Config.builder().factors(8).lambda(0.5).alpha(2).seed(3);
  }

  private static List<Double> losses(Ials.Config config) {
    List<Double> losses = new ArrayList<>();
    Ials.trainer(config).fit(TRAIN, (it, loss) -> losses.add(loss));
    assertThat(losses).hasSize(config.iterations());
    return losses;
  }

  @Test
  void loss_fallsAtEveryIteration_withCholesky() {
    List<Double> losses =
        losses(small().solver(Ials.Solver.CHOLESKY).threads(2).iterations(10).build());
    for (int i = 1; i < losses.size(); i++) {
      assertThat(losses.get(i)).isLessThan(losses.get(i - 1));
    }
  }

  @Test
  void loss_fallsAtEveryIteration_withConjugateGradient() {
    List<Double> losses =
        losses(small().solver(Ials.Solver.CONJUGATE_GRADIENT).threads(2).iterations(10).build());
    for (int i = 1; i < losses.size(); i++) {
      assertThat(losses.get(i)).isLessThan(losses.get(i - 1));
    }
  }

  @Test
  void listenerLoss_equalsLossOfTheReturnedModel() {
    Ials ials = Ials.trainer(small().build());
    List<Double> losses = new ArrayList<>();
    IalsModel model = ials.fit(TRAIN, (it, loss) -> losses.add(loss));
    assertThat(ials.loss(TRAIN, model)).isCloseTo(losses.get(losses.size() - 1), within(1e-6));
  }

  @Test
  void loss_equalsTheDefinitionSummedOverAllPairs() {
    Ials ials = Ials.trainer(small().iterations(2).useWeights(true).build());
    IalsModel model = ials.fit(TRAIN);
    float[] x = model.userFactors();
    float[] y = model.itemFactors();
    int k = model.numFactors();
    double expected = 0;
    for (int u = 0; u < TRAIN.numUsers(); u++) {
      for (int i = 0; i < TRAIN.numItems(); i++) {
        double s = 0;
        for (int a = 0; a < k; a++) {
          s += (double) x[u * k + a] * y[i * k + a];
        }
        int pos = java.util.Arrays.binarySearch(TRAIN.byUser().row(u), i);
        double r = pos >= 0 ? TRAIN.byUser().values()[TRAIN.byUser().start(u) + pos] : 0;
        double c = 1 + 2 * r;
        double p = pos >= 0 ? 1 : 0;
        expected += c * (p - s) * (p - s);
      }
    }
    double reg = 0;
    for (float v : x) {
      reg += v * v;
    }
    for (float v : y) {
      reg += v * v;
    }
    expected += 0.5 * reg;
    assertThat(ials.loss(TRAIN, model)).isCloseTo(expected, within(1e-6 * expected));
  }

  @Test
  void sameSeed_givesIdenticalModel_forAnyThreadCount() {
    for (Ials.Solver solver : Ials.Solver.values()) {
      IalsModel one = Ials.trainer(small().solver(solver).threads(1).build()).fit(TRAIN);
      IalsModel again = Ials.trainer(small().solver(solver).threads(1).build()).fit(TRAIN);
      IalsModel three = Ials.trainer(small().solver(solver).threads(3).build()).fit(TRAIN);
      assertThat(again.userFactors()).isEqualTo(one.userFactors());
      assertThat(again.itemFactors()).isEqualTo(one.itemFactors());
      assertThat(three.userFactors()).isEqualTo(one.userFactors());
      assertThat(three.itemFactors()).isEqualTo(one.itemFactors());
    }
  }

  @Test
  void differentSeed_givesDifferentModel() {
    IalsModel a = Ials.trainer(small().build()).fit(TRAIN);
    IalsModel b =
        Ials.trainer(Ials.Config.builder().factors(8).lambda(0.5).alpha(2).seed(4).build())
            .fit(TRAIN);
    assertThat(b.itemFactors()).isNotEqualTo(a.itemFactors());
  }

  @Test
  void conjugateGradientAndCholesky_agreeClosely() {
    Ials cholesky = Ials.trainer(small().solver(Ials.Solver.CHOLESKY).build());
    Ials cg = Ials.trainer(small().solver(Ials.Solver.CONJUGATE_GRADIENT).cgSteps(3).build());
    IalsModel exact = cholesky.fit(TRAIN);
    IalsModel approx = cg.fit(TRAIN);
    double lossExact = cholesky.loss(TRAIN, exact);
    double lossApprox = cholesky.loss(TRAIN, approx);
    assertThat(lossApprox).isCloseTo(lossExact, within(0.01 * lossExact));
    // With as many steps as factors, CG is exact (up to rounding) at every row.
    IalsModel full =
        Ials.trainer(small().solver(Ials.Solver.CONJUGATE_GRADIENT).cgSteps(30).build()).fit(TRAIN);
    float[] xe = exact.userFactors();
    float[] xf = full.userFactors();
    for (int i = 0; i < xe.length; i++) {
      assertThat(xf[i]).isCloseTo(xe[i], within(1e-3f));
    }
  }

  @Test
  void foldIn_ofTrainingUser_equalsTrainedFactor() {
    IalsModel model =
        Ials.trainer(small().solver(Ials.Solver.CHOLESKY).useWeights(true).build()).fit(TRAIN);
    for (int u = 0; u < TRAIN.numUsers(); u += 7) {
      int s = TRAIN.byUser().start(u);
      int e = TRAIN.byUser().end(u);
      float[] w = java.util.Arrays.copyOfRange(TRAIN.byUser().values(), s, e);
      float[] folded = model.foldIn(TRAIN.byUser().row(u), w);
      float[] trained = model.userFactor(u);
      for (int a = 0; a < folded.length; a++) {
        assertThat(folded[a]).isCloseTo(trained[a], within(1e-4f));
      }
      // The static helper computes YᵀY itself when given none.
      float[] fromScratch =
          Ials.foldIn(model.itemFactors(), 8, null, TRAIN.byUser().row(u), w, model.alpha(), 0.5);
      assertThat(fromScratch).containsExactly(folded, within(1e-5f));
    }
  }

  @Test
  void foldIn_ofNoItems_isZero() {
    IalsModel model = Ials.trainer(small().build()).fit(TRAIN);
    assertThat(model.foldIn(new int[0], null)).containsOnly(0f);
  }

  @Test
  void scoreAll_isItemFactorsTimesUserFactor() {
    IalsModel model = Ials.trainer(small().build()).fit(TRAIN);
    float[] out = new float[TRAIN.numItems()];
    model.scoreAll(5, out);
    float[] x = model.userFactor(5);
    float[] y = model.itemFactors();
    for (int i = 0; i < out.length; i++) {
      float s = 0;
      for (int a = 0; a < 8; a++) {
        s += y[i * 8 + a] * x[a];
      }
      assertThat(out[i]).isCloseTo(s, within(1e-5f));
    }
  }

  @Test
  void model_recommendsTheUsersOwnClusterAndRecordsParams() {
    IalsModel model =
        Ials.trainer(Ials.Config.builder().factors(4).lambda(5).alpha(2).seed(3).build())
            .fit(TRAIN);
    int own = 0;
    for (int u = 0; u < TRAIN.numUsers(); u++) {
      for (int i : model.recommend(u, 5, TRAIN.byUser())) {
        own += i % 2 == u % 2 ? 1 : 0;
        assertThat(TRAIN.byUser().contains(u, i)).isFalse();
      }
    }
    assertThat(own).isGreaterThan(TRAIN.numUsers() * 5 * 8 / 10);
    assertThat(model.name()).isEqualTo("ials");
    assertThat(model.params()).containsEntry("factors", 4).containsEntry("seed", 3L);
  }

  @Test
  void config_rejectsInvalidValues() {
    assertThatThrownBy(() -> Ials.Config.builder().lambda(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lambda must be > 0 and finite, was -1.0");
    assertThatThrownBy(() -> Ials.Config.builder().factors(0).build())
        .hasMessage("factors must be > 0, was 0");
    assertThatThrownBy(() -> Ials.Config.builder().alpha(1).alpha(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("alpha was already set");
  }

  @Test
  void defaults_areTheTunedValues() {
    Ials.Config c = Ials.Config.defaults();
    assertThat(c.factors()).isEqualTo(64);
    assertThat(c.iterations()).isEqualTo(15);
    assertThat(c.lambda()).isEqualTo(Ials.Config.DEFAULT_LAMBDA);
    assertThat(c.alpha()).isEqualTo(Ials.Config.DEFAULT_ALPHA);
    assertThat(Ials.trainer().name()).isEqualTo("ials");
  }
}
