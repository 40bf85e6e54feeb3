package dev.tacit.privacy.ldp;

import dev.tacit.privacy.random.RandomSource;

/** Local hashing into g = round(e^ε + 1) buckets, then randomized response over the buckets. */
final class OptimizedLocalHashing extends SupportCountingOracle<LocalHashReport> {
  private final int buckets;
  private final double p;

  OptimizedLocalHashing(int domainSize, double epsilon) {
    super(domainSize, epsilon);
    double e = Math.exp(epsilon);
    double g = Math.max(2, Math.rint(e + 1));
    if (!(g <= Integer.MAX_VALUE)) {
      throw new IllegalArgumentException(
          "epsilon must give at most 2^31 - 1 hash buckets, was " + epsilon);
    }
    this.buckets = (int) g;
    this.p = e / (e + buckets - 1);
  }

  /** The number of hash buckets g. */
  int buckets() {
    return buckets;
  }

  @Override
  public double p() {
    return p;
  }

  @Override
  public double q() {
    return 1.0 / buckets;
  }

  @Override
  public LocalHashReport randomize(int value, RandomSource random) {
    checkValue(value);
    long seed = random.nextLong();
    int bucket = hash(seed, value, buckets);
    if (!bernoulli(random, p)) {
      int other = random.nextInt(buckets - 1);
      bucket = other < bucket ? other : other + 1;
    }
    return new LocalHashReport(seed, bucket);
  }

  @Override
  void addSupport(LocalHashReport report, long[] support) {
    if (report.bucket() < 0 || report.bucket() >= buckets) {
      throw new IllegalArgumentException(
          "bucket must be in [0, " + buckets + "), was " + report.bucket());
    }
    for (int v = 0; v < domainSize; v++) {
      if (hash(report.seed(), v, buckets) == report.bucket()) {
        support[v]++;
      }
    }
  }

  /** A hash function from a seeded family: the SplitMix64 finalizer of the seed and value. */
  static int hash(long seed, int value, int buckets) {
    long z = seed ^ ((value + 1L) * 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (int) Long.remainderUnsigned(z, buckets);
  }
}
