package dev.tacit.federated.server.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The dropout accounting of a phase and the devices of a round, on their own. */
class AttendanceAndRecruitmentTest {
  private static final RoundRules RULES =
      new RoundRules(1.0, 3, 100, Duration.ofSeconds(5), Duration.ofSeconds(5));

  @Test
  void aPhase_expectsItsSendersButTheWithdrawn_andIsCompleteWhenAllSent() {
    Attendance a = new Attendance();
    a.open(Set.of(1, 2, 3, 4), List.of(4));
    assertThat(a.expects(1)).isTrue();
    assertThat(a.expects(4)).as("withdrawn").isFalse();
    assertThat(a.reached(0.5)).isFalse();
    a.sent(1);
    assertThat(a.reached(0.5)).as("1 of 3 < ceil(1.5)").isFalse();
    a.sent(2);
    assertThat(a.reached(0.5)).as("2 of 3 >= ceil(1.5)").isTrue();
    assertThat(a.reached(1.0)).isFalse();
    assertThat(a.hasSent(2)).isTrue();
    assertThat(a.complete()).isFalse();
    a.sent(3);
    assertThat(a.complete()).isTrue();
    a.unsend(3);
    assertThat(a.hasSent(3)).isFalse();
    a.end();
    assertThat(a.expects(1)).isFalse();
  }

  @Test
  void excusingTheLastSilentClient_completesThePhase_butNotOneThatSentOrWasNotExpected() {
    Attendance a = new Attendance();
    a.open(Set.of(1, 2), List.of());
    a.sent(1);
    assertThat(a.excuse(1)).as("it sent").isFalse();
    assertThat(a.excuse(9)).as("not expected").isFalse();
    assertThat(a.excuse(2)).isTrue();
    assertThat(a.expects(2)).isFalse();
    Attendance empty = new Attendance();
    empty.open(Set.of(5), List.of());
    assertThat(empty.excuse(5)).as("nobody left to close for").isFalse();
  }

  @Test
  void recruitment_numbersTheCohortFromOne_andNamesTheWithdrawnMembersIds() {
    Recruitment r = new Recruitment(RULES, new SecureRandom(), () -> 3);
    r.decide("a", true);
    r.decide("b", false);
    r.decide("c", true);
    assertThat(r.decided()).isEqualTo(3);
    assertThat(r.cohortSize()).isEqualTo(2);
    assertThat(r.decision("b")).isFalse();
    assertThat(r.decision("z")).isNull();
    r.assignClientIds();
    assertThat(Set.of(r.clientId("a"), r.clientId("c"))).containsExactlyInAnyOrder(1, 2);
    assertThat(r.clientId("b")).isNull();
    assertThat(r.withdrawnIds()).isEmpty();
    assertThat(r.withdraw("a", false)).isTrue();
    assertThat(r.withdraw("a", false)).as("once").isFalse();
    assertThat(r.withdraw("stranger", false)).isTrue();
    assertThat(r.withdrawn("a")).isTrue();
    assertThat(r.withdrawnIds()).containsExactly(r.clientId("a"));
    assertThat(r.membersAmong(List.of(r.clientId("c")))).containsOnlyKeys("c");
  }

  @Test
  void aDeviceWithdrawingWhileRecruiting_leavesTheCohort() {
    Recruitment r = new Recruitment(RULES, new SecureRandom(), () -> 3);
    r.decide("a", true);
    r.decide("b", true);
    assertThat(r.withdraw("a", true)).isTrue();
    assertThat(r.cohortSize()).isEqualTo(1);
  }
}
