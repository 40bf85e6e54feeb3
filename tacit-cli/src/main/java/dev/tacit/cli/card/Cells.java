package dev.tacit.cli.card;

import java.util.Locale;

/** How the model card writes numbers in its cells and sentences. */
final class Cells {
  private Cells() {}

  /** {@code v} with {@code digits} decimals. */
  static String fmt(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }
}
