package dev.tacit.privacy.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.tacit.privacy.accounting.Accountant;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.privacy.budget.LedgerStore;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.budget.Spend;
import dev.tacit.protocol.Purpose;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParticipantBudgetTest {
  private static final double Z = 0.987;
  private static final double DELTA = 1e-5;
  private static final PrivacyEvent ROUND = PrivacyEvent.sampledGaussian(0.2, Z, 1);

  /**
   * ε of k Gaussian releases with noise multiplier z, written independently of the accountant: the
   * Gaussian mechanism's RDP is α/(2z²) per release (Mironov 2017, Proposition 7), k releases add
   * (Proposition 1), and the improved conversion is ε = min over α of kα/(2z²) + ln(1 − 1/α) − (ln
   * δ + ln α)/(α − 1) (Canonne, Kamath &amp; Steinke 2020, Proposition 12), here minimized over a
   * fine grid of orders from 1.01 to 1024 rather than the accountant's orders.
   */
  private static double independentEpsilon(int k, double z, double delta) {
    double best = Double.POSITIVE_INFINITY;
    for (double a = 1.01; a <= 1024; a *= 1.0005) {
      double rdp = k * a / (2 * z * z);
      double eps = rdp + Math.log(1 - 1 / a) - (Math.log(delta) + Math.log(a)) / (a - 1);
      best = Math.min(best, eps);
    }
    return Math.max(0, best);
  }

  @Test
  void epsilonAgainstTheServer_ofTheRoundsJoined_matchesAnIndependentRdpComputation() {
    for (int k : new int[] {1, 2, 4, 8}) {
      double own = ParticipantBudget.spent(Collections.nCopies(k, ROUND), DELTA).epsilon();
      // The accountant's orders are coarser than the grid, so it can only be a little higher.
      double expected = independentEpsilon(k, Z, DELTA);
      assertThat(own).as("k = %d", k).isBetween(expected, expected * 1.01);
    }
    // The figures of issue 13, finding 4: about 7.2, 10.9 and 16.8 for 2, 4 and 8 rounds.
    assertThat(ParticipantBudget.spent(Collections.nCopies(2, ROUND), DELTA).epsilon())
        .isCloseTo(7.2, within(0.1));
    assertThat(ParticipantBudget.spent(Collections.nCopies(4, ROUND), DELTA).epsilon())
        .isCloseTo(10.9, within(0.1));
    assertThat(ParticipantBudget.spent(Collections.nCopies(8, ROUND), DELTA).epsilon())
        .isCloseTo(16.8, within(0.1));
  }

  @Test
  void epsilonAgainstTheServer_isNotAmplified_andExceedsTheAmplifiedEpsilonOfTheSameRounds() {
    List<PrivacyEvent> four = Collections.nCopies(4, ROUND);
    double amplified =
        Accountant.rdp()
            .compose(PrivacyEvent.sampledGaussian(0.2, Z, 4))
            .guarantee(DELTA)
            .epsilon();
    double own = ParticipantBudget.spent(four, DELTA).epsilon();
    assertThat(own).isGreaterThan(2 * amplified);
    assertThat(ParticipantBudget.unamplified(ROUND)).isEqualTo(PrivacyEvent.gaussian(Z, 1));
    PrivacyEvent laplace = PrivacyEvent.laplace(1, 1, 1);
    assertThat(ParticipantBudget.unamplified(laplace)).isSameAs(laplace);
    assertThat(ParticipantBudget.spent(List.of(), DELTA).epsilon()).isZero();
  }

  @Test
  void aBudget_admitsTheRoundsThatFit_andRefusesTheFirstThatWouldPassIt() {
    ParticipantBudget budget = new ParticipantBudget(8, DELTA);
    // Two rounds reach about 7.2 and a third about 9.1.
    assertThat(budget.admits(List.of(), ROUND)).isTrue();
    assertThat(budget.admits(List.of(ROUND), ROUND)).isTrue();
    assertThat(budget.admits(List.of(ROUND, ROUND), ROUND)).isFalse();
    assertThat(budget.epsilonIfJoined(List.of(ROUND, ROUND), ROUND))
        .isCloseTo(independentEpsilon(3, Z, DELTA), within(0.05))
        .isGreaterThan(8);
    assertThat(ParticipantBudget.unlimited(DELTA).admits(Collections.nCopies(100, ROUND), ROUND))
        .isTrue();
  }

  @Test
  void invalidBudgets_areRefused_withTheValueAndTheRule() {
    assertThatThrownBy(() -> new ParticipantBudget(0, DELTA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epsilon must be > 0")
        .hasMessageContaining("0.0");
    assertThatThrownBy(() -> new ParticipantBudget(Double.NaN, DELTA))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ParticipantBudget(1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delta");
  }

  @Test
  void theLedger_recordsWhoWasCountedInEachSpend_atomicallyWithIt() {
    LedgerStore store = LedgerStore.inMemory();
    BudgetLedger ledger =
        BudgetLedger.open(
            store,
            Map.of(Purpose.TRAINING, new PrivacyBudget(8, DELTA)),
            Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    ledger.trySpend(Purpose.TRAINING, ROUND, "round 1", List.of("a", "b"));
    ledger.trySpend(Purpose.TRAINING, ROUND, "round 2", List.of("b"));

    assertThat(store.spendsOf("a")).extracting(Spend::description).containsExactly("round 1");
    assertThat(store.spendsOf("b"))
        .extracting(Spend::description)
        .containsExactly("round 1", "round 2");
    assertThat(store.spendsOf("c")).isEmpty();
    double b =
        ParticipantBudget.spent(store.spendsOf("b").stream().map(Spend::event).toList(), DELTA)
            .epsilon();
    assertThat(b).isCloseTo(independentEpsilon(2, Z, DELTA), within(0.05));
  }

  @Test
  void aStoreWithoutParticipantRecords_refusesParticipants_andRecordsNothing() {
    List<Spend> stored = new java.util.ArrayList<>();
    LedgerStore plain =
        new LedgerStore() {
          @Override
          public void append(Spend spend) {
            stored.add(spend);
          }

          @Override
          public List<Spend> readAll() {
            return List.copyOf(stored);
          }
        };
    BudgetLedger ledger =
        BudgetLedger.open(
            plain,
            Map.of(Purpose.TRAINING, new PrivacyBudget(8, DELTA)),
            Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    assertThatThrownBy(() -> ledger.trySpend(Purpose.TRAINING, ROUND, "round 1", List.of("a")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(stored).isEmpty();
    assertThat(ledger.spent(Purpose.TRAINING).epsilon()).isZero();
    assertThatThrownBy(() -> plain.spendsOf("a")).isInstanceOf(UnsupportedOperationException.class);
  }
}
