package dev.tacit.federated.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.device.Contribution;
import dev.tacit.federated.device.DeviceStep;
import dev.tacit.privacy.accounting.Conversion;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.Rdp;
import dev.tacit.privacy.accounting.RdpAccountant;
import dev.tacit.privacy.random.RandomSource;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FederatedServerTest {
  private static final int USERS = 12;
  private static final int ITEMS = 15;
  private static final int K = 3;

  /** Each user's distinct items, sorted. */
  private static int[][] data(long seed) {
    Random r = new Random(seed);
    int[][] items = new int[USERS][];
    for (int u = 0; u < USERS; u++) {
      items[u] = r.ints(0, ITEMS).distinct().limit(2 + r.nextInt(5)).sorted().toArray();
    }
    return items;
  }

  private static long[] sum(long[][] parts, long mask) {
    long[] s = new long[parts[0].length];
    for (long[] p : parts) {
      for (int i = 0; i < s.length; i++) {
        s[i] = (s[i] + p[i]) & mask;
      }
    }
    return s;
  }

  private static ModelSnapshot runRound(FederatedServer server, int[][] items, long seed) {
    int[] cohort = server.sampleCohort(RandomSource.seeded(seed));
    RoundPlan plan = server.planRound(cohort.length);
    long[][] parts = new long[cohort.length][];
    for (int c = 0; c < cohort.length; c++) {
      parts[c] =
          DeviceStep.contribute(
                  server.model(), items[cohort[c]], plan, RandomSource.seeded(seed * 1000 + c))
              .encoded();
    }
    return server.finishRound(plan, sum(parts, plan.mask()), cohort.length, RandomSource.seeded(1));
  }

  @Test
  void oneRound_withoutNoiseOrClipping_equalsTheCentralGradientStep() {
    double lr = 0.01;
    double mu = 0.05;
    FederatedConfig cfg =
        FederatedConfig.defaults()
            .withFactors(K)
            .withOptimizer(FederatedConfig.Optimizer.FEDAVGM, lr)
            .withMomentum(0.0)
            .withItemRegularization(mu)
            .withModulusBits(64)
            .withSeed(5);
    FederatedServer server =
        FederatedServer.create(
            cfg,
            PrivacySettings.none(1e6),
            CohortSampler.poisson(1.0),
            ITEMS,
            USERS,
            Double.POSITIVE_INFINITY,
            1e-5);
    int[][] items = data(3);
    ModelSnapshot before = server.model();
    float[] y = before.itemFactors();

    // The central gradient of Σ_u Σ_i c_ui (p_ui − y_i·x_u)², written out over every (u, i).
    double[] grad = new double[ITEMS * K];
    for (int u = 0; u < USERS; u++) {
      float[] x = before.userFactor(items[u]);
      for (int i = 0; i < ITEMS; i++) {
        boolean seen = java.util.Arrays.binarySearch(items[u], i) >= 0;
        double p = seen ? 1 : 0;
        double c = seen ? 1 + cfg.alpha() : 1;
        double pred = 0;
        for (int j = 0; j < K; j++) {
          pred += y[i * K + j] * x[j];
        }
        for (int j = 0; j < K; j++) {
          grad[i * K + j] += -2 * c * (p - pred) * x[j];
        }
      }
    }
    float[] expected = new float[ITEMS * K];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (float) (y[i] - lr * (grad[i] / USERS + 2 * mu * y[i]));
    }

    ModelSnapshot after = runRound(server, items, 9);
    assertThat(after.version()).isEqualTo(1);
    float[] actual = after.itemFactors();
    for (int i = 0; i < actual.length; i++) {
      assertThat(actual[i]).as("parameter %d", i).isCloseTo(expected[i], within(1e-5f));
    }
    assertThat(actual).isNotEqualTo(y);
  }

  private static FederatedServer privateServer(double budget, double z) {
    return FederatedServer.create(
        FederatedConfig.defaults().withFactors(K),
        PrivacySettings.distributed(1.0, z, 0.8),
        CohortSampler.poisson(0.5),
        ITEMS,
        USERS,
        budget,
        1e-5);
  }

  @Test
  void epsilon_equalsTheAccountantsForTheSameParameters() {
    FederatedServer server = privateServer(Double.POSITIVE_INFINITY, 1.3);
    int[][] items = data(4);
    for (int r = 0; r < 4; r++) {
      runRound(server, items, 20 + r);
    }
    double expected =
        RdpAccountant.create(Rdp.defaultOrders(), Conversion.IMPROVED)
            .compose(new PrivacyEvent.SampledGaussian(0.5, 1.3, 4))
            .guarantee(1e-5)
            .epsilon();
    assertThat(server.spent().epsilon()).isCloseTo(expected, within(1e-9));
    assertThat(server.history()).hasSize(4);
    assertThat(server.history().get(3).epsilon()).isCloseTo(expected, within(1e-9));
  }

  @Test
  void theRoundThatWouldExceedTheBudget_isNotStarted_andNothingChanges() {
    double oneRound =
        RdpAccountant.create(Rdp.defaultOrders(), Conversion.IMPROVED)
            .compose(new PrivacyEvent.SampledGaussian(0.5, 2.0, 2))
            .guarantee(1e-5)
            .epsilon();
    FederatedServer server = privateServer(oneRound * 1.0001, 2.0);
    int[][] items = data(5);
    runRound(server, items, 1);
    runRound(server, items, 2);
    ModelSnapshot model = server.model();
    double spent = server.spent().epsilon();
    assertThat(spent).isLessThanOrEqualTo(server.epsilonBudget());
    assertThatThrownBy(() -> server.planRound(6))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessageContaining("above the budget");
    assertThat(server.model()).isSameAs(model);
    assertThat(server.spent().epsilon()).isEqualTo(spent);
    assertThat(server.history()).hasSize(2);
  }

  @Test
  void aRaisedBudget_letsTheNextRoundRun_andALowerOneIsRefused() {
    double oneRound =
        RdpAccountant.create(Rdp.defaultOrders(), Conversion.IMPROVED)
            .compose(new PrivacyEvent.SampledGaussian(0.5, 2.0, 2))
            .guarantee(1e-5)
            .epsilon();
    FederatedServer server = privateServer(oneRound * 1.0001, 2.0);
    int[][] items = data(5);
    runRound(server, items, 1);
    runRound(server, items, 2);
    assertThatThrownBy(() -> server.planRound(6)).isInstanceOf(BudgetExceededException.class);
    double budget = server.epsilonBudget();
    assertThatThrownBy(() -> server.raiseBudget(budget))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("can only be raised");
    assertThatThrownBy(() -> server.raiseBudget(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.epsilonBudget()).isEqualTo(budget);

    server.raiseBudget(oneRound * 4);

    assertThat(server.epsilonBudget()).isEqualTo(oneRound * 4);
    runRound(server, items, 3);
    assertThat(server.history()).hasSize(3);
    assertThat(server.spent().epsilon()).isGreaterThan(oneRound).isLessThanOrEqualTo(oneRound * 4);
  }

  @Test
  void tooFewSurvivors_abortTheRound_andChargeNothing() {
    FederatedServer server = privateServer(Double.POSITIVE_INFINITY, 1.0);
    RoundPlan plan = server.planRound(10);
    assertThat(plan.minSurvivors()).isEqualTo(8);
    long[] zero = new long[plan.dimension()];
    assertThatThrownBy(() -> server.finishRound(plan, zero, 7, RandomSource.seeded(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("fewer than the 8");
    assertThat(server.spent().epsilon()).isZero();
    assertThat(server.model().version()).isZero();
    // The server accepts a new round afterwards.
    assertThat(server.planRound(10).round()).isEqualTo(1);
  }

  @Test
  void lifecycle_rejectsASecondOpenRound_andAStalePlan() {
    FederatedServer server = privateServer(Double.POSITIVE_INFINITY, 1.0);
    RoundPlan plan = server.planRound(5);
    assertThatThrownBy(() -> server.planRound(5)).hasMessageContaining("still open");
    server.abortRound(plan);
    assertThatThrownBy(
            () -> server.finishRound(plan, new long[plan.dimension()], 5, RandomSource.seeded(1)))
        .hasMessageContaining("not the open round");
  }

  @Test
  void sameSeed_givesTheSameModel_andAnotherSeedAnother() {
    int[][] items = data(6);
    float[][] models = new float[3][];
    long[] seeds = {1, 1, 2};
    for (int t = 0; t < 3; t++) {
      FederatedServer s =
          FederatedServer.create(
              FederatedConfig.defaults().withFactors(K).withSeed(seeds[t]),
              PrivacySettings.distributed(1.0, 1.0, 0.5),
              CohortSampler.fixedSize(6),
              ITEMS,
              USERS,
              Double.POSITIVE_INFINITY,
              1e-5);
      for (int r = 0; r < 3; r++) {
        runRound(s, items, 40 + r);
      }
      models[t] = s.model().itemFactors();
    }
    assertThat(models[0]).isEqualTo(models[1]);
    assertThat(models[0]).isNotEqualTo(models[2]);
  }

  @Test
  void deviceNoise_sharesOfTheHonestMinimumAddUpToTheTargetNoise() {
    FederatedServer server = privateServer(Double.POSITIVE_INFINITY, 2.0);
    RoundPlan plan = server.planRound(10);
    // 8 survivors at least (0.8 of 10), of which at most floor(0.2 * 8) = 1 adds no noise: the
    // sum of the other 7 devices' noise has σ = z times the sensitivity.
    assertThat(plan.minSurvivors()).isEqualTo(8);
    assertThat(plan.deviceNoiseSigma() * Math.sqrt(7))
        .isCloseTo(2.0 * plan.sensitivity(), within(1e-6 * plan.sensitivity()));
    assertThat(plan.sensitivity())
        .isCloseTo(plan.clipNorm() * plan.scale() + Math.sqrt(plan.dimension()), within(1e-9));
  }

  @Test
  void deviceNoise_followsTheColludingFraction() {
    // (cohort, survivor fraction, kappa, devices that must carry the noise = m - floor(kappa m))
    double[][] cases = {
      {10, 0.8, 0.0, 8}, {10, 0.8, 0.2, 7}, {10, 1.0, 0.2, 8}, {11, 1.0, 0.2, 9},
      {15, 1.0, 0.2, 12}, {15, 1.0, 1.0 / 3, 10}, {50, 0.8, 0.25, 30}, {7, 0.5, 0.5, 2},
    };
    for (double[] c : cases) {
      PrivacySettings privacy =
          PrivacySettings.distributed(1.0, 2.0, c[1]).withColludingFraction(c[2]);
      FederatedServer server =
          FederatedServer.create(
              FederatedConfig.defaults().withFactors(K),
              privacy,
              CohortSampler.poisson(0.5),
              ITEMS,
              USERS,
              Double.POSITIVE_INFINITY,
              1e-5);
      RoundPlan plan = server.planRound((int) c[0]);
      int m = plan.minSurvivors();
      assertThat(privacy.honestDevices(m))
          .as("case %s", java.util.Arrays.toString(c))
          .isEqualTo((int) c[3]);
      assertThat(plan.deviceNoiseSigma())
          .as("case %s", java.util.Arrays.toString(c))
          .isCloseTo(2.0 * plan.sensitivity() / Math.sqrt(c[3]), within(1e-9 * plan.sensitivity()));
    }
  }

  /** A sum of {@code n} copies of one update of L2 norm {@code norm} (integer units), noised. */
  private static long[] alignedSum(RoundPlan plan, int n, double norm, long seed) {
    double per = norm / Math.sqrt(plan.dimension());
    long[] sum = new long[plan.dimension()];
    dev.tacit.privacy.noise.IntegerNoiseMechanism noise =
        plan.deviceNoiseSigma() > 0
            ? dev.tacit.privacy.noise.IntegerNoiseMechanism.discreteGaussian(
                plan.deviceNoiseSigma(), RandomSource.seeded(seed))
            : null;
    for (int d = 0; d < n; d++) {
      for (int i = 0; i < sum.length; i++) {
        long v = (long) Math.floor(per);
        if (noise != null) {
          v = noise.addNoise(v);
        }
        sum[i] = (sum[i] + v) & plan.mask();
      }
    }
    return sum;
  }

  @Test
  void aSumAboveTheBound_isRejected_withItsReleaseCharged_andNoModel() {
    FederatedServer server = privateServer(Double.POSITIVE_INFINITY, 1.0);
    RoundPlan plan = server.planRound(4);
    double bound = SumCheck.bound(plan, 4);
    long[] sum = new long[plan.dimension()];
    long per = (long) Math.ceil(1.0001 * bound / Math.sqrt(plan.dimension()));
    java.util.Arrays.fill(sum, per & plan.mask());

    assertThatThrownBy(() -> server.finishRound(plan, sum, 4, RandomSource.seeded(1)))
        .isInstanceOf(SumRejectedException.class)
        .hasMessageContaining("exceeds the bound")
        .satisfies(
            e -> {
              SumRejectedException r = (SumRejectedException) e;
              assertThat(r.norm()).isGreaterThan(r.bound());
              assertThat(r.bound()).isCloseTo(bound / plan.scale(), within(1e-9 * bound));
            });
    assertThat(server.model().version()).isZero();
    assertThat(server.history()).isEmpty();
    double oneRound =
        RdpAccountant.create(Rdp.defaultOrders(), Conversion.IMPROVED)
            .compose(PrivacyEvent.sampledGaussian(0.5, 1.0, 1))
            .guarantee(1e-5)
            .epsilon();
    assertThat(server.spent().epsilon()).isCloseTo(oneRound, within(1e-12));
    // The round is over: the next one can be planned.
    assertThat(server.planRound(4).round()).isEqualTo(2);
  }

  @Test
  void aSumOfHonestUpdatesAtTheClipNorm_allPointingOneWay_passesTheCheck() {
    // The worst case for the deterministic part: every device's update at the clip norm, all
    // aligned; with the devices' noise on top, drawn 200 times.
    FederatedServer server = privateServer(Double.POSITIVE_INFINITY, 1.0);
    for (int t = 0; t < 200; t++) {
      RoundPlan plan = server.planRound(5);
      long[] sum = alignedSum(plan, 5, plan.clipNorm() * plan.scale(), t);
      server.finishRound(plan, sum, 5, RandomSource.seeded(t));
    }
    assertThat(server.model().version()).isEqualTo(200);
  }

  @Test
  void withCentralNoise_theCheckBoundsTheSumPlusTheServersNoise() {
    FederatedServer server =
        FederatedServer.create(
            FederatedConfig.defaults().withFactors(K),
            new PrivacySettings(1.0, 1.0, PrivacySettings.NoiseAt.SERVER, 0.8),
            CohortSampler.poisson(0.5),
            ITEMS,
            USERS,
            Double.POSITIVE_INFINITY,
            1e-5);
    // Honest devices at the clip norm, all aligned: the server's noise comes on top and passes.
    for (int t = 0; t < 50; t++) {
      RoundPlan plan = server.planRound(5);
      assertThat(plan.deviceNoiseSigma()).isZero();
      assertThat(plan.serverNoiseSigma()).isPositive();
      server.finishRound(
          plan, alignedSum(plan, 5, plan.clipNorm() * plan.scale(), t), 5, RandomSource.seeded(t));
    }
    // One device 100 times over its clip norm does not.
    RoundPlan plan = server.planRound(5);
    long[] sum = alignedSum(plan, 4, plan.clipNorm() * plan.scale(), 7);
    long[] big = alignedSum(plan, 1, 100 * plan.clipNorm() * plan.scale(), 8);
    for (int i = 0; i < sum.length; i++) {
      sum[i] = (sum[i] + big[i]) & plan.mask();
    }
    assertThatThrownBy(() -> server.finishRound(plan, sum, 5, RandomSource.seeded(9)))
        .isInstanceOf(SumRejectedException.class);
    assertThat(server.model().version()).isEqualTo(50);
  }

  @Test
  void release_isCharged_once_throughTheGate_andARefusalChargesNothing() {
    FederatedServer server = privateServer(Double.POSITIVE_INFINITY, 1.0);
    RoundPlan plan = server.planRound(5);
    assertThatThrownBy(() -> server.release(plan, 3, r -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only 3 devices are counted, fewer than the 4");
    assertThatThrownBy(
            () ->
                server.release(
                    plan,
                    5,
                    r -> {
                      throw new BudgetExceededException(9, 8);
                    }))
        .isInstanceOf(BudgetExceededException.class);
    assertThat(server.spent().epsilon()).isZero();
    java.util.List<Release> charged = new java.util.ArrayList<>();
    server.release(plan, 5, charged::add);
    assertThat(charged)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.event()).isEqualTo(PrivacyEvent.sampledGaussian(0.5, 1.0, 1));
              assertThat(r.contributors()).isEqualTo(5);
              assertThat(r.description()).contains("federated round 1");
            });
    assertThatThrownBy(() -> server.release(plan, 5, charged::add))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("released already");
    server.abortRound(plan);
    assertThat(server.spent().epsilon()).isPositive();
    assertThat(charged).hasSize(1);
  }

  @Test
  void create_rejectsAFiniteBudgetWithoutNoise() {
    assertThatThrownBy(
            () ->
                FederatedServer.create(
                    FederatedConfig.defaults(),
                    PrivacySettings.none(1),
                    CohortSampler.poisson(1),
                    10,
                    10,
                    8.0,
                    1e-5))
        .hasMessageContaining("budget must be infinite");
  }

  @Test
  void deviceStep_clipsToTheNorm_andRejectsAnotherModelVersion() {
    FederatedServer server = privateServer(Double.POSITIVE_INFINITY, 1.0);
    RoundPlan plan = server.planRound(4);
    double[] big = new double[plan.dimension()];
    big[0] = 30;
    Contribution c = DeviceStep.encode(big, plan, RandomSource.seeded(3));
    assertThat(c.clipped()).isTrue();
    assertThat(c.norm()).isEqualTo(30.0);
    ModelSnapshot other = ModelSnapshot.of(7, ITEMS, K, new float[ITEMS * K], 1.0, 1.0);
    assertThatThrownBy(
            () -> DeviceStep.contribute(other, new int[] {1}, plan, RandomSource.seeded(1)))
        .hasMessageContaining("version");
  }
}
