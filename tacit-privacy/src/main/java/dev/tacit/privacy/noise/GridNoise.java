package dev.tacit.privacy.noise;

import dev.tacit.privacy.random.RandomSource;

/** Gaussian or Laplace noise as integer multiples of a power-of-two granularity. */
final class GridNoise implements NoiseMechanism {
  enum Kind {
    GAUSSIAN,
    LAPLACE
  }

  private static final double MAX_GRID_SCALE = 0x1.0p50;
  private static final double LARGE = 0x1.0p52;

  private final Kind kind;
  private final double scale;
  private final double granularity;
  private final DiscreteSampler sampler;

  GridNoise(Kind kind, double scale, double granularity, RandomSource random) {
    double gridScale = scale / granularity;
    if (!(gridScale <= MAX_GRID_SCALE)) {
      throw new IllegalArgumentException(
          "scale / granularity must be <= 2^50, was "
              + gridScale
              + " (scale "
              + scale
              + ", granularity "
              + granularity
              + ")");
    }
    this.kind = kind;
    this.scale = scale;
    this.granularity = granularity;
    this.sampler =
        kind == Kind.GAUSSIAN
            ? DiscreteSampler.gaussian(gridScale, random)
            : DiscreteSampler.laplace(gridScale, random);
  }

  @Override
  public double addNoise(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, was " + value);
    }
    // A value of magnitude at least 2^52·g is already a multiple of g.
    double rounded =
        Math.abs(value) >= LARGE * granularity
            ? value
            : Math.rint(value / granularity) * granularity;
    return rounded + sampler.sample() * granularity;
  }

  @Override
  public double granularity() {
    return granularity;
  }

  @Override
  public String toString() {
    return "NoiseMechanism[" + kind + ", scale=" + scale + ", granularity=" + granularity + "]";
  }
}
