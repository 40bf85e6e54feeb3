package dev.tacit.cli.text;

import java.math.BigDecimal;
import java.math.MathContext;

/** How numbers and counts read in what the commands print. */
public final class Wording {
  private Wording() {}

  /**
   * A small number as people write it: {@code 1e-5}, {@code 2.5e-6}, {@code 0.2}; three significant
   * digits at most, no trailing zeros, no {@code 1.0E-5}.
   */
  public static String sci(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return v == 0 ? "0" : Double.toString(v);
    }
    BigDecimal d = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros();
    int exp = d.precision() - d.scale() - 1;
    if (exp >= -3 && exp <= 5) {
      return d.toPlainString();
    }
    return d.movePointLeft(exp).stripTrailingZeros().toPlainString() + "e" + exp;
  }

  /** {@code "1 round"}, {@code "2 rounds"}. */
  public static String count(long n, String singular) {
    return n + " " + (n == 1 ? singular : singular + "s");
  }
}
