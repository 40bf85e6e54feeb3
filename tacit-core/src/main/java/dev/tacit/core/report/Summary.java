package dev.tacit.core.report;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A figure over folds or repetitions: its mean, its sample standard deviation (n − 1; 0 for one
 * value) and the values themselves.
 */
public record Summary(double mean, double std, double[] values) {
  /** Copies the values. */
  public Summary {
    values = values.clone();
  }

  /** Summarizes the given values. */
  public static Summary of(double... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("values must not be empty");
    }
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    double std = values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0;
    return new Summary(mean, std, values);
  }

  @Override
  public double[] values() {
    return values.clone();
  }

  /** The JSON form {@code {"mean": .., "std": .., "folds": [..]}}. */
  public Map<String, Object> toJsonMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", mean);
    m.put("std", std);
    m.put("folds", values.clone());
    return m;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Summary s
        && Double.compare(mean, s.mean) == 0
        && Double.compare(std, s.std) == 0
        && java.util.Arrays.equals(values, s.values);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(mean, std, java.util.Arrays.hashCode(values));
  }

  /**
   * The mean with {@code digits} decimals, then "± std" over several values, or "(1 fold)" for one:
   * a single fold has no spread, and "± 0.0000" would claim one.
   */
  public String format(int digits) {
    String m = String.format(java.util.Locale.ROOT, "%." + digits + "f", mean);
    if (values.length == 1) {
      return m + " (1 fold)";
    }
    return m + String.format(java.util.Locale.ROOT, " ± %." + digits + "f", std);
  }

  @Override
  public String toString() {
    return format(4);
  }
}
