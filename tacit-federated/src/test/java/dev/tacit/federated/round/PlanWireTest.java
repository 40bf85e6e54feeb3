package dev.tacit.federated.round;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.federated.RoundPlan;
import org.junit.jupiter.api.Test;

/** The plan's wire form. */
class PlanWireTest {

  @Test
  void planWire_carriesEveryFieldBothWays() {
    RoundPlan plan = new RoundPlan(7, 6, 33, 1.5, 256, 64, 2.5, 3.5, 400.25, 1.25, 12, 9, 11.5);

    RoundPlan back = PlanWire.plan(PlanWire.assignment(plan));

    assertThat(back).isEqualTo(plan);
  }
}
