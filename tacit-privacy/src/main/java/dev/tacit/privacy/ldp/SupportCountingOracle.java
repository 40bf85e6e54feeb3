package dev.tacit.privacy.ldp;

import static dev.tacit.check.Preconditions.checkArgument;
import static dev.tacit.check.Preconditions.checkPositive;

import dev.tacit.privacy.random.RandomSource;

/** The shared estimator: counts of supporting reports, debiased with p and q. */
abstract class SupportCountingOracle<R> implements FrequencyOracle<R> {
  final int domainSize;
  final double epsilon;

  SupportCountingOracle(int domainSize, double epsilon) {
    checkArgument(domainSize >= 2, "domainSize must be >= 2, was " + domainSize);
    checkPositive(epsilon, "epsilon");
    this.domainSize = domainSize;
    this.epsilon = epsilon;
  }

  @Override
  public int domainSize() {
    return domainSize;
  }

  @Override
  public double epsilon() {
    return epsilon;
  }

  void checkValue(int value) {
    if (value < 0 || value >= domainSize) {
      throw new IllegalArgumentException("value must be in [0, " + domainSize + "), was " + value);
    }
  }

  static boolean bernoulli(RandomSource random, double probability) {
    return random.nextDouble() < probability;
  }

  /** Adds the values a report supports to {@code support}. */
  abstract void addSupport(R report, long[] support);

  @Override
  public int[] supportedValues(R report) {
    if (report == null) {
      throw new NullPointerException("report must not be null");
    }
    long[] support = new long[domainSize];
    addSupport(report, support);
    int count = 0;
    for (long s : support) {
      count += s > 0 ? 1 : 0;
    }
    int[] out = new int[count];
    int i = 0;
    for (int v = 0; v < domainSize; v++) {
      if (support[v] > 0) {
        out[i++] = v;
      }
    }
    return out;
  }

  @Override
  public FrequencyAggregator<R> aggregator() {
    return new FrequencyAggregator<>() {
      private final long[] support = new long[domainSize];
      private long n;

      @Override
      public void add(R report) {
        if (report == null) {
          throw new NullPointerException("report must not be null");
        }
        addSupport(report, support);
        n++;
      }

      @Override
      public long reportCount() {
        return n;
      }

      @Override
      public double[] estimateCounts() {
        double p = p();
        double q = q();
        double[] out = new double[domainSize];
        for (int v = 0; v < domainSize; v++) {
          out[v] = (support[v] - n * q) / (p - q);
        }
        return out;
      }
    };
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[k=" + domainSize + ", epsilon=" + epsilon + "]";
  }
}
