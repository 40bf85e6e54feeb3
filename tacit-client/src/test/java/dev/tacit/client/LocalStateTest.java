package dev.tacit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.client.store.Durability;
import dev.tacit.client.store.EncryptedStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transparency log's two steps: a record logged before its call, settled when it ends. */
class LocalStateTest {
  @TempDir Path dir;
  final Fixtures.MutableClock clock = new Fixtures.MutableClock(Fixtures.T0);

  private LocalState open() {
    return LocalState.open(
        EncryptedStore.open(
            dir.resolve("store"), Fixtures.keys(), Durability.WRITE, new SecureRandom()),
        clock,
        Policy.defaults());
  }

  private static OutboundRecord update(long bytes, String description) {
    return new OutboundRecord(
        Fixtures.T0, "training", "POST /masked-input", bytes, description, 1.5, null);
  }

  private static OutboundRecord report(long bytes, double epsilon) {
    return new OutboundRecord(
        Fixtures.T0, "analytics", "POST /reports", bytes, "a report", null, epsilon);
  }

  @Test
  void aSettledRecord_replacesTheOneLoggedBeforeItsCall_andItsCostCountsOnce() {
    LocalState s = open();
    int first = s.log(update(0, "pending"));
    int second = s.log(report(0, 0.5));
    s.settle(first, update(812, "sent"));
    s.settle(second, report(96, 0.5));
    s.log(report(0, 0.25)); // still on the wire when the device stopped
    s.close();

    LocalState again = open();
    assertThat(again.outbound())
        .extracting(OutboundRecord::bytes, OutboundRecord::description)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(812L, "sent"),
            org.assertj.core.groups.Tuple.tuple(96L, "a report"),
            org.assertj.core.groups.Tuple.tuple(0L, "a report"));
    assertThat(again.roundNoiseMultipliers()).containsExactly(1.5);
    assertThat(again.reportEpsilonSpent()).isEqualTo(0.75);
    // compacted into a snapshot, the same
    again.snapshot();
    again.close();
    LocalState compacted = open();
    assertThat(compacted.outbound())
        .extracting(OutboundRecord::bytes)
        .containsExactly(812L, 96L, 0L);
    assertThat(compacted.reportEpsilonSpent()).isEqualTo(0.75);
    compacted.close();
  }

  @Test
  void aSettledRecord_thatChangesTheCostOrNamesNoRecord_isRefusedAndChangesNothing() {
    LocalState s = open();
    int at = s.log(update(0, "pending"));
    assertThatThrownBy(
            () ->
                s.settle(
                    at,
                    new OutboundRecord(
                        Fixtures.T0, "training", "POST /masked-input", 812, "sent", 3.0, null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keep the time, purpose, endpoint and cost");
    assertThatThrownBy(() -> s.settle(at, report(10, 0.5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.settle(at + 1, update(812, "sent")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("position in the log (< 1), was 1");
    assertThat(s.outbound()).containsExactly(update(0, "pending"));
    assertThat(s.roundNoiseMultipliers()).containsExactly(1.5);
    s.close();
    LocalState again = open();
    assertThat(again.outbound()).containsExactly(update(0, "pending"));
    again.close();
  }

  @Test
  void settlingAfterEverythingWasDeleted_writesNothing() {
    LocalState s = open();
    int at = s.log(report(0, 0.5));
    s.destroy();
    s.settle(at, report(96, 0.5));
    assertThat(s.outbound()).isEmpty();
    assertThat(s.reportEpsilonSpent()).isZero();
    assertThat(dir.resolve("store")).doesNotExist();
  }
}
