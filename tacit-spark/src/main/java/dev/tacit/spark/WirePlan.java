package dev.tacit.spark;

import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.round.PlanWire;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.RoundAssignment;
import java.io.Serializable;

/**
 * A {@link RoundPlan} as the driver ships it to the executors: the JSON of its {@link
 * RoundAssignment}, what a device of the cohort receives. Each executor reads it once (the plan is
 * kept beside the bytes, not serialized), however many users it contributes for.
 */
final class WirePlan implements Serializable {
  private static final long serialVersionUID = 2L;

  private final byte[] assignment;
  private transient volatile RoundPlan plan;

  private WirePlan(byte[] assignment) {
    this.assignment = assignment;
  }

  /** The plan, with each device's noise share left out when {@code withDeviceNoise} is false. */
  static WirePlan of(RoundPlan p, boolean withDeviceNoise) {
    RoundPlan shipped = withDeviceNoise ? p : p.withDeviceNoiseSigma(0);
    return new WirePlan(Json.writeBytes(PlanWire.assignment(shipped)));
  }

  /** The plan again, as a device reads it. */
  RoundPlan plan() {
    RoundPlan p = plan;
    if (p == null) {
      p = PlanWire.plan(Json.read(assignment, RoundAssignment.class));
      plan = p;
    }
    return p;
  }
}
