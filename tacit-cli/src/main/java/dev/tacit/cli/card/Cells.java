package dev.tacit.cli.card;

import dev.tacit.cli.text.Wording;
import java.util.Locale;

/** How the model card writes numbers in its cells and sentences. */
final class Cells {
  private Cells() {}

  /** {@code v} with {@code digits} decimals. */
  static String fmt(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  /** {@code v} in scientific notation, as a δ is written. */
  static String sci(double v) {
    return Wording.sci(v);
  }
}
