package dev.tacit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.client.store.Durability;
import dev.tacit.client.store.EncryptedStore;
import dev.tacit.client.store.StoreCorruptedException;
import dev.tacit.protocol.Json;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transparency log's two steps: a record logged before its call, settled when it ends. */
class LocalStateTest {
  @TempDir Path dir;
  final Fixtures.MutableClock clock = new Fixtures.MutableClock(Fixtures.T0);

  private EncryptedStore store() {
    return EncryptedStore.open(
        dir.resolve("store"), Fixtures.keys(), Durability.WRITE, new SecureRandom());
  }

  private LocalState open() {
    return LocalState.open(store(), clock, Policy.defaults());
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

  @Test
  void aJournalThatRewritesACostOnReopening_isRefusedAsCorrupt() throws Exception {
    LocalState s = open();
    s.log(update(0, "pending"));
    s.close();
    // A settled entry written by something other than settle (a bug, an old version, a tampered
    // store): it would lower the device's epsilon against the server from 1.5 to 9.
    EncryptedStore raw = store();
    raw.append(
        Json.mapper()
            .writeValueAsBytes(
                new JournalEntry(
                    null,
                    new OutboundRecord(
                        Fixtures.T0, "training", "POST /masked-input", 812, "sent", 9.0, null),
                    0)));
    raw.close();
    assertThatThrownBy(this::open)
        .isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining("keep the time, purpose, endpoint and cost");
  }

  @Test
  void aJournalEntry_holdsExactlyOneThing_andSettlesOnlyAnOutboundRecordAtAPosition() {
    Event e = Event.of("item-1", Signal.VIEW, Fixtures.T0);
    assertThatThrownBy(() -> new JournalEntry(null, null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> new JournalEntry(e, update(1, "d"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> new JournalEntry(e, null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("settles an outbound record");
    assertThatThrownBy(() -> new JournalEntry(null, update(1, "d"), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at a position >= 0, was -1");
    assertThat(new JournalEntry(null, update(1, "d"), 0).settles()).isZero();
  }

  @Test
  void anOutboundRecord_needsEveryFieldAndNoNegativeSize() {
    assertThatThrownBy(() -> new OutboundRecord(null, "training", "POST /x", 1, "d", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("every field");
    assertThatThrownBy(() -> new OutboundRecord(Fixtures.T0, "training", "POST /x", 1, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("every field");
    assertThatThrownBy(() -> new OutboundRecord(Fixtures.T0, "training", "POST /x", -1, "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bytes must be >= 0, was -1");
    assertThat(new OutboundRecord(Fixtures.T0, "training", "POST /x", 0, "d").bytes()).isZero();
    assertThat(new OutboundRecord(Fixtures.T0, "training", "POST /x", 1, "d", 0.0, null))
        .extracting(OutboundRecord::roundNoiseMultiplier)
        .isEqualTo(0.0); // z = 0: no noise of the device's own, which the budget reads as ε = ∞
  }

  @Test
  void theRegistration_isKeptAcrossReopening_andDestroyForgetsEverythingInMemory() {
    LocalState s = open();
    s.register("device-1", "secret-token");
    s.record(Event.of("item-1", Signal.VIEW, Fixtures.T0));
    s.addConsent(
        new dev.tacit.client.consent.ConsentRecord(
            dev.tacit.protocol.Purpose.TRAINING, true, "1", Fixtures.T0));
    s.log(update(10, "sent"));
    s.close();
    LocalState again = open();
    assertThat(again.deviceId()).isEqualTo("device-1");
    assertThat(again.token()).isEqualTo("secret-token");
    assertThat(again.consentHistory()).hasSize(1);
    again.destroy();
    assertThat(again.events()).isEmpty();
    assertThat(again.consentHistory()).isEmpty();
    assertThat(again.outbound()).isEmpty();
    assertThat(again.roundNoiseMultipliers()).isEmpty();
    assertThat(again.deviceId()).isNull();
    assertThat(again.token()).isNull();
    assertThatThrownBy(again::requireOpen)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("deleted");
  }

  @Test
  void pastItsCap_theHistoryDropsItsOldestTenthAndMore_andPastRetentionEventsAreGone() {
    Policy capped = Policy.defaults().withMaxEvents(20);
    LocalState s = LocalState.open(store(), clock, capped);
    List<Instant> times = new ArrayList<>();
    for (int i = 0; i < 21; i++) {
      times.add(Fixtures.T0.minus(Duration.ofHours(i)));
    }
    List<Instant> shuffled = new ArrayList<>(times);
    Collections.shuffle(shuffled, new Random(7));
    long revision = s.eventsRevision();
    for (Instant t : shuffled) {
      s.record(Event.of("item-" + t.getEpochSecond(), Signal.VIEW, t));
    }
    // 21 > 20: the oldest 21 - 20 + 20 / 10 = 3 go, the 18 newest stay
    List<Instant> kept = times.subList(0, 18);
    assertThat(s.eventsByTime()).extracting(Event::time).containsExactlyInAnyOrderElementsOf(kept);
    assertThat(s.eventsRevision()).isGreaterThan(revision + 21); // 21 records and the trim
    s.close();
    LocalState again = LocalState.open(store(), clock, capped);
    assertThat(again.eventsByTime())
        .extracting(Event::time)
        .containsExactlyInAnyOrderElementsOf(kept);

    // 90 days less five and a half hours on, only the six newest are within retention
    clock.advance(Duration.ofDays(90).minusMinutes(330));
    again.record(Event.of("item-new", Signal.VIEW, clock.instant()));
    assertThat(again.eventsByTime())
        .extracting(Event::itemId)
        .containsExactly(
            "item-" + times.get(5).getEpochSecond(),
            "item-" + times.get(4).getEpochSecond(),
            "item-" + times.get(3).getEpochSecond(),
            "item-" + times.get(2).getEpochSecond(),
            "item-" + times.get(1).getEpochSecond(),
            "item-" + times.get(0).getEpochSecond(),
            "item-new");
    again.close();
    LocalState reopened = LocalState.open(store(), clock, capped);
    assertThat(reopened.events()).hasSize(7);
    reopened.close();
  }
}
