package dev.tacit.privacy.ldp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.privacy.random.RandomSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The statistical suite of the frequency oracles, on the real secure sampler: over many independent
 * populations, each value's count estimate is unbiased (bound at 6 standard errors, about 2e-9 per
 * value) and the variance of the standardized errors matches the theoretical variance within 10% (a
 * 10% error is about 10 standard errors of the pooled estimate).
 */
@Tag("slow")
class FrequencyOracleStatisticsTest {
  private static final int DOMAIN = 20;
  private static final int CLIENTS = 1000;
  private static final int TRIALS = 1000;

  /** A skewed population: value v is held by about CLIENTS·w_v clients, with some values absent. */
  private static int[] population() {
    int[] values = new int[CLIENTS];
    int i = 0;
    int v = 0;
    while (i < CLIENTS) {
      int share = v < DOMAIN - 4 ? Math.max(1, (int) (CLIENTS * 0.3 / (v + 1))) : 0;
      for (int j = 0; j < share && i < CLIENTS; j++) {
        values[i++] = v;
      }
      v = (v + 1) % (DOMAIN - 4);
    }
    return values;
  }

  @ParameterizedTest
  @ValueSource(strings = {"grr", "oue", "olh"})
  void estimates_areUnbiased_andVarianceMatchesTheory(String name) {
    check(oracle(name, 1.0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"grr", "oue", "olh"})
  void estimates_atHighEpsilon_areUnbiased_andVarianceMatchesTheory(String name) {
    check(oracle(name, 3.0));
  }

  /**
   * Distinguishing tests on neighbouring inputs 0 and 1: for each oracle, the event whose
   * likelihood ratio is largest has ratio exactly e^ε, so its empirical privacy loss must equal ε
   * within sampling error (5.5 standard errors) and in particular not exceed it.
   */
  @ParameterizedTest
  @ValueSource(doubles = {0.5, 2.0})
  void everyOracle_distinguishingTest_empiricalLossIsEpsilon(double epsilon) {
    RandomSource random = RandomSource.secure();
    int n = 400_000;
    FrequencyOracle<Integer> grr = FrequencyOracle.generalizedRandomizedResponse(8, epsilon);
    checkLoss(n, epsilon, v -> grr.randomize(v, random) == 0);
    FrequencyOracle<java.util.BitSet> oue = FrequencyOracle.optimizedUnaryEncoding(8, epsilon);
    checkLoss(
        n,
        epsilon,
        v -> {
          java.util.BitSet bits = oue.randomize(v, random);
          return bits.get(0) && !bits.get(1);
        });
    OptimizedLocalHashing olh =
        (OptimizedLocalHashing) FrequencyOracle.optimizedLocalHashing(8, epsilon);
    int g = olh.buckets();
    // The exact ratio for OLH is p(g − 1)/(1 − p), which is e^ε for the rounded g as well.
    double olhEpsilon = Math.log(olh.p() * (g - 1) / (1 - olh.p()));
    checkLoss(
        n,
        olhEpsilon,
        v -> {
          LocalHashReport r = olh.randomize(v, random);
          return OptimizedLocalHashing.hash(r.seed(), 0, g) == r.bucket()
              && OptimizedLocalHashing.hash(r.seed(), 1, g) != r.bucket();
        });
  }

  private static void checkLoss(int n, double epsilon, java.util.function.IntPredicate event) {
    long hits0 = 0;
    long hits1 = 0;
    for (int i = 0; i < n; i++) {
      if (event.test(0)) {
        hits0++;
      }
      if (event.test(1)) {
        hits1++;
      }
    }
    double p0 = (double) hits0 / n;
    double p1 = (double) hits1 / n;
    double loss = Math.log(p0 / p1);
    double sd = Math.sqrt((1 - p0) / (n * p0) + (1 - p1) / (n * p1));
    assertThat(Math.abs(loss - epsilon))
        .as("empirical loss %s vs %s", loss, epsilon)
        .isLessThan(5.5 * sd);
    assertThat(loss - 5.5 * sd).isLessThanOrEqualTo(epsilon);
  }

  private static FrequencyOracle<?> oracle(String name, double epsilon) {
    switch (name) {
      case "grr":
        return FrequencyOracle.generalizedRandomizedResponse(DOMAIN, epsilon);
      case "oue":
        return FrequencyOracle.optimizedUnaryEncoding(DOMAIN, epsilon);
      default:
        return FrequencyOracle.optimizedLocalHashing(DOMAIN, epsilon);
    }
  }

  private static <R> void check(FrequencyOracle<R> oracle) {
    int[] values = population();
    long[] truth = new long[DOMAIN];
    for (int v : values) {
      truth[v]++;
    }
    RandomSource random = RandomSource.secure();
    double[] sum = new double[DOMAIN];
    double sumZ2 = 0;
    for (int trial = 0; trial < TRIALS; trial++) {
      FrequencyAggregator<R> agg = oracle.aggregator();
      for (int v : values) {
        agg.add(oracle.randomize(v, random));
      }
      double[] est = agg.estimateCounts();
      for (int v = 0; v < DOMAIN; v++) {
        sum[v] += est[v];
        double err = est[v] - truth[v];
        sumZ2 += err * err / oracle.variance(CLIENTS, truth[v]);
      }
    }
    for (int v = 0; v < DOMAIN; v++) {
      double mean = sum[v] / TRIALS;
      double se = Math.sqrt(oracle.variance(CLIENTS, truth[v]) / TRIALS);
      assertThat(Math.abs(mean - truth[v]))
          .as("bias of value %d for %s", v, oracle)
          .isLessThan(6 * se);
    }
    double varianceRatio = sumZ2 / ((double) TRIALS * DOMAIN);
    assertThat(varianceRatio)
        .as("empirical / theoretical variance for %s", oracle)
        .isBetween(0.9, 1.1);
  }
}
