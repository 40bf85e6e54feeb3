package dev.tacit.federated.round;

import dev.tacit.federated.RoundPlan;
import dev.tacit.protocol.RoundAssignment;

/** The mapping between a round's {@link RoundPlan} and its wire record {@link RoundAssignment}. */
public final class PlanWire {
  private PlanWire() {}

  /** The plan as sent to the devices of its cohort. */
  public static RoundAssignment assignment(RoundPlan p) {
    return new RoundAssignment(
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

  /** The plan a device received. */
  public static RoundPlan plan(RoundAssignment a) {
    return new RoundPlan(
        a.round(),
        a.modelVersion(),
        a.dimension(),
        a.clipNorm(),
        a.scale(),
        a.modulusBits(),
        a.deviceNoiseSigma(),
        a.serverNoiseSigma(),
        a.sensitivity(),
        a.noiseMultiplier(),
        a.cohortSize(),
        a.minSurvivors(),
        a.expectedCohort());
  }
}
