package dev.tacit.privacy.ldp;

import dev.tacit.privacy.random.RandomSource;

/** Direct encoding (k-ary randomized response). */
final class GeneralizedRandomizedResponse extends SupportCountingOracle<Integer> {
  private final double p;
  private final double q;

  GeneralizedRandomizedResponse(int domainSize, double epsilon) {
    super(domainSize, epsilon);
    double e = Math.exp(epsilon);
    this.p = e / (e + domainSize - 1);
    this.q = 1 / (e + domainSize - 1);
  }

  @Override
  public double p() {
    return p;
  }

  @Override
  public double q() {
    return q;
  }

  @Override
  public Integer randomize(int value, RandomSource random) {
    checkValue(value);
    if (bernoulli(random, p)) {
      return value;
    }
    int other = random.nextInt(domainSize - 1);
    return other < value ? other : other + 1;
  }

  @Override
  void addSupport(Integer report, long[] support) {
    checkValue(report);
    support[report]++;
  }
}
