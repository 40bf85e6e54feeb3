package dev.tacit.spark;

import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.privacy.budget.LedgerStore;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.ldp.FrequencyAggregator;
import dev.tacit.privacy.ldp.FrequencyOracle;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.Purpose;
import java.io.Serializable;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;

/**
 * The local-DP item frequencies devices would send: each user's device picks one of its own
 * training items uniformly and randomizes it with the ε-LDP frequency oracle of smaller variance
 * for the catalogue ({@link FrequencyOracle#recommended}); each executor aggregates its users'
 * reports with the oracle's own aggregator, and the driver adds the partitions' estimates (the
 * estimator is linear in the support counts, so the sum is the estimate over all reports).
 */
public final class LdpAnalytics {
  private LdpAnalytics() {}

  /** What the estimates are worth against the exact counts of the values the devices held. */
  public record Result(
      String oracle,
      double epsilon,
      long reports,
      double[] estimates,
      long[] exact,
      double rmse,
      double topOverlap,
      double ledgerEpsilon) {

    /** The summary as a map, for the report. */
    public Map<String, Object> asMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("oracle", oracle);
      m.put("epsilon", epsilon);
      m.put("reports", reports);
      m.put("rmse", rmse);
      m.put("top10_overlap", topOverlap);
      m.put("ledger_epsilon", ledgerEpsilon);
      return m;
    }
  }

  private static final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;
    final double[] estimates;
    final long[] exact;
    long reports;

    Partial(int k) {
      estimates = new double[k];
      exact = new long[k];
    }

    Partial add(Partial o) {
      for (int i = 0; i < estimates.length; i++) {
        estimates[i] += o.estimates[i];
        exact[i] += o.exact[i];
      }
      reports += o.reports;
      return this;
    }
  }

  /**
   * Simulates every device's report at {@code epsilon} and estimates the item frequencies, charging
   * the release to an analytics ledger of {@code budget} as the server charges a query: a pure ε-DP
   * event, accounted with the RDP bound every ε-DP mechanism meets.
   *
   * @throws IllegalArgumentException if ε is not positive and finite
   * @throws IllegalStateException if the release does not fit in the budget
   */
  public static Result run(
      JavaRDD<UserRow> users, int numItems, double epsilon, PrivacyBudget budget, long seed) {
    String name = FrequencyOracle.recommended(numItems, epsilon).getClass().getSimpleName();
    BudgetLedger ledger =
        BudgetLedger.open(
            LedgerStore.inMemory(), Map.of(Purpose.ANALYTICS, budget), Clock.systemUTC());
    if (!ledger
        .trySpend(Purpose.ANALYTICS, PrivacyEvent.pureDp(epsilon, 1), "item frequencies, ε-LDP")
        .accepted()) {
      throw new IllegalStateException(
          "the analytics budget "
              + budget
              + " is too small for one local-DP release at epsilon = "
              + epsilon);
    }
    Partial total =
        users
            .mapPartitions(
                it -> {
                  Partial p = new Partial(numItems);
                  p.reports =
                      aggregate(FrequencyOracle.recommended(numItems, epsilon), it, p, seed);
                  return List.of(p).iterator();
                })
            .treeReduce(Partial::add, 2);
    double se = 0;
    for (int i = 0; i < numItems; i++) {
      double d = total.estimates[i] - total.exact[i];
      se += d * d;
    }
    return new Result(
        name,
        epsilon,
        total.reports,
        total.estimates,
        total.exact,
        Math.sqrt(se / numItems),
        overlap(total.estimates, total.exact, 10),
        ledger.spent(Purpose.ANALYTICS).epsilon());
  }

  private static <R> long aggregate(
      FrequencyOracle<R> oracle, java.util.Iterator<UserRow> it, Partial p, long seed) {
    FrequencyAggregator<R> agg = oracle.aggregator();
    while (it.hasNext()) {
      UserRow u = it.next();
      int[] items = u.train();
      if (items.length == 0) {
        continue;
      }
      RandomSource random = RandomSource.seeded(Seeds.mix(seed ^ Seeds.LDP_STREAM, 1, u.device()));
      int value = items[random.nextInt(items.length)];
      p.exact[value]++;
      agg.add(oracle.randomize(value, random));
    }
    double[] e = agg.estimateCounts();
    System.arraycopy(e, 0, p.estimates, 0, e.length);
    return agg.reportCount();
  }

  /** The share of the true top {@code k} among the estimated top {@code k}. */
  static double overlap(double[] estimates, long[] exact, int k) {
    Integer[] byEstimate = order(i -> estimates[i], estimates.length);
    Integer[] byExact = order(i -> exact[i], exact.length);
    int n = Math.min(k, estimates.length);
    java.util.Set<Integer> top = new java.util.HashSet<>(Arrays.asList(byExact).subList(0, n));
    int hits = 0;
    for (int i = 0; i < n; i++) {
      hits += top.contains(byEstimate[i]) ? 1 : 0;
    }
    return hits / (double) n;
  }

  private static Integer[] order(java.util.function.IntToDoubleFunction v, int n) {
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    Arrays.sort(
        idx,
        (a, b) -> {
          int c = Double.compare(v.applyAsDouble(b), v.applyAsDouble(a));
          return c != 0 ? c : Integer.compare(a, b);
        });
    return idx;
  }
}
