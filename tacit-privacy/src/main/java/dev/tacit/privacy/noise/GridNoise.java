package dev.tacit.privacy.noise;

import dev.tacit.privacy.random.RandomSource;

/** Gaussian or Laplace noise as integer multiples of a power-of-two granularity. */
final class GridNoise implements NoiseMechanism {
  enum Kind {
    GAUSSIAN,
    LAPLACE
  }

  private static final double MAX_GRID_SCALE = 0x1.0p50;

  private final Kind kind;
  private final double scale;
  private final double granularity;
  private final RandomSource random;
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
    this.random = random;
    this.sampler =
        kind == Kind.GAUSSIAN
            ? DiscreteSampler.gaussian(gridScale)
            : DiscreteSampler.laplace(gridScale);
  }

  @Override
  public double addNoise(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, was " + value);
    }
    double rounded = Math.rint(value / granularity) * granularity;
    return rounded + sampler.sample(random) * granularity;
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
