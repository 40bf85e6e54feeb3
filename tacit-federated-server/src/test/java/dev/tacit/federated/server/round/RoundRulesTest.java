package dev.tacit.federated.server.round;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The round rules at the ends of their ranges. */
class RoundRulesTest {
  private static final Duration S = Duration.ofSeconds(1);

  private static void refused(Supplier<?> build, String message) {
    assertThatThrownBy(build::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void rules_acceptTheEndsOfEachRange() {
    RoundRules low =
        new RoundRules(Double.MIN_VALUE, 3, 3, Duration.ofNanos(1), Duration.ofNanos(1));
    assertThat(low.quorum()).isEqualTo(1.0);
    assertThat(low.idleGap()).isEqualTo(Duration.ofNanos(1));
    RoundRules high = new RoundRules(1, 3, 100_000, S, S).withQuorum(1e-9, Duration.ofNanos(1));
    assertThat(high.maxCohort()).isEqualTo(100_000);
    assertThat(high.quorum()).isEqualTo(1e-9);
    assertThat(RoundRules.defaults())
        .isEqualTo(
            new RoundRules(
                0.1,
                10,
                10_000,
                Duration.ofSeconds(60),
                Duration.ofSeconds(60),
                1.0,
                Duration.ofSeconds(60)));
  }

  @Test
  void rules_refuseEachSettingJustOutsideItsRange() {
    refused(() -> new RoundRules(0, 3, 3, S, S), "samplingRate must be in (0, 1], was 0.0");
    refused(() -> new RoundRules(1.5, 3, 3, S, S), "samplingRate must be in (0, 1], was 1.5");
    refused(
        () -> new RoundRules(1, 2, 3, S, S),
        "minCohort must be >= 3 (SecAgg+ needs three devices), was 2");
    refused(
        () -> new RoundRules(1, 4, 3, S, S), "maxCohort must be in [minCohort = 4, 100000], was 3");
    refused(
        () -> new RoundRules(1, 3, 100_001, S, S),
        "maxCohort must be in [minCohort = 3, 100000], was 100001");
    refused(
        () -> new RoundRules(1, 3, 3, Duration.ZERO, S),
        "recruitWindow must be positive, was PT0S");
    refused(
        () -> new RoundRules(1, 3, 3, S.negated(), S), "recruitWindow must be positive, was PT-1S");
    refused(() -> new RoundRules(1, 3, 3, null, S), "recruitWindow must be positive, was null");
    refused(
        () -> new RoundRules(1, 3, 3, S, Duration.ZERO), "phaseTimeout must be positive, was PT0S");
    refused(
        () -> new RoundRules(1, 3, 3, S, S.negated()), "phaseTimeout must be positive, was PT-1S");
    refused(() -> new RoundRules(1, 3, 3, S, null), "phaseTimeout must be positive, was null");
    RoundRules rules = new RoundRules(1, 3, 3, S, S);
    refused(() -> rules.withQuorum(0, S), "quorum must be in (0, 1], was 0.0");
    refused(() -> rules.withQuorum(1.01, S), "quorum must be in (0, 1], was 1.01");
    refused(() -> rules.withQuorum(1, Duration.ZERO), "idleGap must be positive, was PT0S");
    refused(() -> rules.withQuorum(1, S.negated()), "idleGap must be positive, was PT-1S");
    refused(() -> rules.withQuorum(1, null), "idleGap must be positive, was null");
  }
}
