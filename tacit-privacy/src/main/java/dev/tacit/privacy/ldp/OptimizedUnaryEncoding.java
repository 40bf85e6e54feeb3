package dev.tacit.privacy.ldp;

import dev.tacit.privacy.random.RandomSource;
import java.util.BitSet;

/** Unary encoding with p = 1/2 and q = 1/(e^ε + 1). */
final class OptimizedUnaryEncoding extends SupportCountingOracle<BitSet> {
  private final double q;

  OptimizedUnaryEncoding(int domainSize, double epsilon) {
    super(domainSize, epsilon);
    this.q = 1 / (Math.exp(epsilon) + 1);
  }

  @Override
  public double p() {
    return 0.5;
  }

  @Override
  public double q() {
    return q;
  }

  @Override
  public BitSet randomize(int value, RandomSource random) {
    checkValue(value);
    BitSet bits = new BitSet(domainSize);
    for (int v = 0; v < domainSize; v++) {
      if (v == value ? random.nextBoolean() : bernoulli(random, q)) {
        bits.set(v);
      }
    }
    return bits;
  }

  @Override
  void addSupport(BitSet report, long[] support) {
    if (report.length() > domainSize) {
      throw new IllegalArgumentException(
          "report must have bits only in [0, "
              + domainSize
              + "), had bit "
              + (report.length() - 1));
    }
    for (int v = report.nextSetBit(0); v >= 0; v = report.nextSetBit(v + 1)) {
      support[v]++;
    }
  }
}
