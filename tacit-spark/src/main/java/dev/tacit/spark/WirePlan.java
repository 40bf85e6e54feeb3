package dev.tacit.spark;

import dev.tacit.federated.RoundPlan;
import java.io.Serializable;

/** A {@link RoundPlan} as the driver ships it to the executors. */
record WirePlan(
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
    double expectedCohort)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  static WirePlan of(RoundPlan p) {
    return new WirePlan(
        p.round(),
        p.modelVersion(),
        p.dimension(),
        p.clipNorm(),
        p.scale(),
        p.modulusBits(),
        p.deviceNoiseSigma(),
        p.serverNoiseSigma(),
        p.sensitivity(),
        p.noiseMultiplier(),
        p.cohortSize(),
        p.minSurvivors(),
        p.expectedCohort());
  }

  /** The plan, with each device's noise share left out when {@code withDeviceNoise} is false. */
  RoundPlan plan(boolean withDeviceNoise) {
    return new RoundPlan(
        round,
        modelVersion,
        dimension,
        clipNorm,
        scale,
        modulusBits,
        withDeviceNoise ? deviceNoiseSigma : 0,
        serverNoiseSigma,
        sensitivity,
        noiseMultiplier,
        cohortSize,
        minSurvivors,
        expectedCohort);
  }
}
