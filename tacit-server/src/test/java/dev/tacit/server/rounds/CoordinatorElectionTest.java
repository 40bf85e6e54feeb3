package dev.tacit.server.rounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The coordinator election on a fake clock and a fake lock: no test waits for the 2 s retry. */
class CoordinatorElectionTest {
  private Instant now = Instant.parse("2026-03-01T00:00:00Z");
  private final AtomicBoolean free = new AtomicBoolean();
  private final AtomicInteger tries = new AtomicInteger();
  private final AtomicInteger elected = new AtomicInteger();
  private final AtomicInteger unlocked = new AtomicInteger();

  private CoordinatorElection election() {
    return election(elected::incrementAndGet);
  }

  private CoordinatorElection election(Runnable onElected) {
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now;
          }
        };
    return new CoordinatorElection(
        () -> {
          tries.incrementAndGet();
          return free.get();
        },
        unlocked::incrementAndGet,
        clock,
        onElected);
  }

  @Test
  void aFreeLock_electsThisProcessAtStart_andItNeverTriesAgain() {
    free.set(true);
    CoordinatorElection e = election();
    e.start();
    assertThat(elected).hasValue(1);
    now = now.plus(Duration.ofHours(1));
    e.retry();
    assertThat(tries).hasValue(1);
    assertThat(elected).hasValue(1);
  }

  @Test
  void aStandbyProcess_triesEveryTwoSecondsOfItsClock_andTakesOverOnceTheLockIsFree() {
    CoordinatorElection e = election();
    e.start();
    assertThat(tries).hasValue(1);
    e.retry(); // the first retry comes at once
    assertThat(tries).hasValue(2);
    free.set(true);
    now = now.plus(CoordinatorElection.RETRY).minusNanos(1);
    e.retry();
    assertThat(tries).as("not before 2 s").hasValue(2);
    assertThat(elected).hasValue(0);
    now = now.plusNanos(1);
    e.retry();
    assertThat(tries).hasValue(3);
    assertThat(elected).hasValue(1);
  }

  @Test
  void aTakeOverThatFails_isTriedAgain_twoSecondsLater() {
    free.set(true);
    AtomicInteger calls = new AtomicInteger();
    CoordinatorElection e =
        election(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("the database is unreachable");
              }
              elected.incrementAndGet();
            });
    assertThatThrownBy(e::start).hasMessageContaining("unreachable");
    assertThat(elected).hasValue(0);
    e.retry(); // the lock was taken but the take-over failed: this process tries again
    assertThat(calls).hasValue(2);
    assertThat(elected).hasValue(1);
    now = now.plus(Duration.ofHours(1));
    e.retry();
    assertThat(calls).as("elected: never again").hasValue(2);
  }

  @Test
  void closing_givesTheLockUp() {
    CoordinatorElection e = election();
    e.close();
    assertThat(unlocked).hasValue(1);
  }
}
