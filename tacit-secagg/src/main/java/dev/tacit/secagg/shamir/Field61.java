package dev.tacit.secagg.shamir;

/** Arithmetic modulo the Mersenne prime p = 2^61 - 1. */
final class Field61 {
  static final long P = (1L << 61) - 1;

  private Field61() {}

  static long add(long a, long b) {
    long r = a + b;
    return r >= P ? r - P : r;
  }

  static long sub(long a, long b) {
    long r = a - b;
    return r < 0 ? r + P : r;
  }

  static long mul(long a, long b) {
    long lo = a * b;
    long hi = Math.multiplyHigh(a, b);
    long r = (lo & P) + ((lo >>> 61) | (hi << 3));
    r = (r & P) + (r >>> 61);
    return r >= P ? r - P : r;
  }

  static long pow(long base, long exponent) {
    long result = 1;
    long b = base;
    long e = exponent;
    while (e > 0) {
      if ((e & 1) != 0) {
        result = mul(result, b);
      }
      b = mul(b, b);
      e >>>= 1;
    }
    return result;
  }

  static long inverse(long a) {
    if (a == 0) {
      throw new ArithmeticException("0 has no inverse modulo 2^61 - 1");
    }
    return pow(a, P - 2);
  }
}
