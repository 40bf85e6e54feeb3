package dev.tacit.protocol;

/**
 * The plan of a round, as sent to each device of the cohort (DESIGN.md, "One federated round", step
 * 3): the fields of {@code dev.tacit.federated.RoundPlan}.
 *
 * @param round the round number, from 1
 * @param modelVersion the version the devices must compute on
 * @param dimension the length of an update
 * @param clipNorm the L2 clip norm C
 * @param scale fixed-point steps per unit
 * @param modulusBits 32 or 64
 * @param deviceNoiseSigma each device's discrete Gaussian σ in integer units
 * @param serverNoiseSigma the server's σ on the sum in integer units
 * @param sensitivity the L2 sensitivity of the sum in integer units
 * @param noiseMultiplier the noise of the sum over the sensitivity
 * @param cohortSize the devices asked to take part
 * @param minSurvivors below this many devices the round is aborted
 * @param expectedCohort the divisor of the sum
 */
public record RoundAssignment(
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
  /** Validates the assignment. */
  public RoundAssignment {
    Checks.atLeast(round, 1, "round");
    Checks.atLeast(modelVersion, 0, "modelVersion");
    Checks.atLeast(dimension, 1, "dimension");
    Checks.positive(clipNorm, "clipNorm");
    Checks.positive(scale, "scale");
    Checks.require(
        modulusBits == 32 || modulusBits == 64, "modulusBits must be 32 or 64, was " + modulusBits);
    Checks.nonNegative(deviceNoiseSigma, "deviceNoiseSigma");
    Checks.nonNegative(serverNoiseSigma, "serverNoiseSigma");
    Checks.nonNegative(sensitivity, "sensitivity");
    Checks.nonNegative(noiseMultiplier, "noiseMultiplier");
    Checks.atLeast(cohortSize, 1, "cohortSize");
    Checks.require(
        minSurvivors >= 1 && minSurvivors <= cohortSize,
        "minSurvivors must be in [1, cohortSize = " + cohortSize + "], was " + minSurvivors);
    Checks.positive(expectedCohort, "expectedCohort");
  }
}
