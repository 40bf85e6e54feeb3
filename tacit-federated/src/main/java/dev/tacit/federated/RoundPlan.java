package dev.tacit.federated;

/**
 * What the server tells every device of a round's cohort: the model version, the clip norm, the
 * fixed-point scale and modulus, and the standard deviation of the discrete Gaussian noise each
 * device adds (in integer units, 0 for none); plus what the server itself uses: the cohort, the
 * minimum number of survivors, the sensitivity after quantization and the noise multiplier.
 *
 * @param round the round number, from 1
 * @param modelVersion the version the devices must compute on
 * @param dimension the length of an update
 * @param clipNorm the L2 clip norm C
 * @param scale integer steps per unit (a power of two)
 * @param modulusBits 32 or 64
 * @param deviceNoiseSigma each device's discrete Gaussian σ, integer units
 * @param serverNoiseSigma the server's Gaussian σ on the sum, integer units (central noise)
 * @param sensitivity the L2 sensitivity of the sum in integer units, {@code C·scale + sqrt(d)}:
 *     stochastic rounding moves each coordinate by less than 1
 * @param noiseMultiplier the noise of the sum over the sensitivity
 * @param cohortSize the devices asked to take part
 * @param minSurvivors below this many counted devices the round is aborted
 * @param expectedCohort the divisor of the sum (q·N for Poisson sampling, B for fixed cohorts)
 */
public record RoundPlan(
    long round,
    long modelVersion,
    int dimension,
    double clipNorm,
    double scale,
    int modulusBits,
    double deviceNoiseSigma,
    double serverNoiseSigma,
    double sensitivity,
    double noiseMultiplier,
    int cohortSize,
    int minSurvivors,
    double expectedCohort) {
  /** Validates the plan. */
  public RoundPlan {
    if (round < 1 || modelVersion < 0 || dimension < 1) {
      throw new IllegalArgumentException(
          "round must be >= 1, modelVersion >= 0 and dimension >= 1, were "
              + round
              + ", "
              + modelVersion
              + ", "
              + dimension);
    }
    if (modulusBits != 32 && modulusBits != 64) {
      throw new IllegalArgumentException("modulusBits must be 32 or 64, was " + modulusBits);
    }
    if (!(scale >= 1) || !(clipNorm > 0) || deviceNoiseSigma < 0 || serverNoiseSigma < 0) {
      throw new IllegalArgumentException("scale, clipNorm and noise must be positive");
    }
    if (minSurvivors < 1 || minSurvivors > cohortSize) {
      throw new IllegalArgumentException(
          "minSurvivors must be in [1, cohortSize = " + cohortSize + "], was " + minSurvivors);
    }
  }

  /** This plan with each device's noise σ set to {@code sigma}, integer units. */
  public RoundPlan withDeviceNoiseSigma(double sigma) {
    return new RoundPlan(
        round,
        modelVersion,
        dimension,
        clipNorm,
        scale,
        modulusBits,
        sigma,
        serverNoiseSigma,
        sensitivity,
        noiseMultiplier,
        cohortSize,
        minSurvivors,
        expectedCohort);
  }

  /** The modulus mask, {@code 2^bits − 1}. */
  public long mask() {
    return modulusBits == 64 ? -1L : (1L << modulusBits) - 1;
  }
}
