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

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%.4f ± %.4f", mean, std);
  }
}
