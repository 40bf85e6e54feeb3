package dev.tacit.privacy.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.tacit.privacy.accounting.Accountant;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.PrivacyGuarantee;
import dev.tacit.protocol.Purpose;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BudgetLedgerTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final PrivacyEvent ROUND = PrivacyEvent.sampledGaussian(0.01, 1.0, 100);
  private static final Map<Purpose, PrivacyBudget> BUDGETS =
      Map.of(
          Purpose.TRAINING,
          new PrivacyBudget(3.0, 1e-5),
          Purpose.ANALYTICS,
          new PrivacyBudget(1.0, 1e-6));

  /** How many ROUND spends fit in ε = 3, computed with the accountant directly. */
  private static int roundsThatFit() {
    Accountant a = Accountant.rdp();
    int n = 0;
    while (a.copy().compose(ROUND).guarantee(1e-5).epsilon() <= 3.0) {
      a.compose(ROUND);
      n++;
    }
    return n;
  }

  @Test
  void trySpend_withinBudget_recordsSpend() {
    LedgerStore store = LedgerStore.inMemory();
    BudgetLedger ledger = BudgetLedger.open(store, BUDGETS, CLOCK);

    SpendDecision d = ledger.trySpend(Purpose.TRAINING, ROUND, "round 1");

    assertThat(d.accepted()).isTrue();
    assertThat(d.spend())
        .get()
        .extracting(Spend::sequence, Spend::recordedAt, Spend::description)
        .containsExactly(1L, CLOCK.instant(), "round 1");
    assertThat(store.readAll()).containsExactly(d.spend().get());
    assertThat(ledger.spent(Purpose.TRAINING).epsilon()).isEqualTo(d.epsilonAfter()).isPositive();
    assertThat(ledger.spent(Purpose.ANALYTICS).epsilon()).isZero();
  }

  @Test
  void epsilonIfSpent_isWhatTrySpendWouldRecord_andRecordsNothing() {
    LedgerStore store = LedgerStore.inMemory();
    BudgetLedger ledger = BudgetLedger.open(store, BUDGETS, CLOCK);
    ledger.trySpend(Purpose.TRAINING, ROUND, "first");

    double predicted = ledger.epsilonIfSpent(Purpose.TRAINING, ROUND);

    assertThat(ledger.spends()).hasSize(1);
    assertThat(store.readAll()).hasSize(1);
    assertThat(predicted).isGreaterThan(ledger.spent(Purpose.TRAINING).epsilon());
    assertThat(ledger.trySpend(Purpose.TRAINING, ROUND, "second").epsilonAfter())
        .isEqualTo(predicted);
  }

  @Test
  void trySpend_thatWouldExceedBudget_isRefusedAndChangesNothing() {
    LedgerStore store = LedgerStore.inMemory();
    BudgetLedger ledger = BudgetLedger.open(store, BUDGETS, CLOCK);
    int fit = roundsThatFit();
    for (int i = 0; i < fit; i++) {
      assertThat(ledger.trySpend(Purpose.TRAINING, ROUND, "r" + i).accepted()).isTrue();
    }
    PrivacyGuarantee before = ledger.spent(Purpose.TRAINING);

    SpendDecision refused = ledger.trySpend(Purpose.TRAINING, ROUND, "one too many");

    assertThat(refused.accepted()).isFalse();
    assertThat(refused.epsilonRequested()).isGreaterThan(3.0);
    assertThat(refused.epsilonAfter()).isEqualTo(before.epsilon());
    assertThat(ledger.spent(Purpose.TRAINING)).isEqualTo(before);
    assertThat(store.readAll()).hasSize(fit);
    assertThat(ledger.spends()).hasSize(fit);
    assertThat(before.epsilon()).isLessThanOrEqualTo(3.0);
  }

  @Test
  void trySpend_whenRefusedForOnePurpose_stillAcceptsAnother() {
    BudgetLedger ledger = BudgetLedger.open(LedgerStore.inMemory(), BUDGETS, CLOCK);
    assertThat(
            ledger
                .trySpend(Purpose.ANALYTICS, PrivacyEvent.laplace(0.5, 1, 1), "too much")
                .accepted())
        .isFalse();
    assertThat(ledger.trySpend(Purpose.ANALYTICS, PrivacyEvent.laplace(10, 1, 1), "ok").accepted())
        .isTrue();
  }

  @Test
  void trySpend_underConcurrentCallers_neverExceedsBudget() throws Exception {
    LedgerStore store = LedgerStore.inMemory();
    BudgetLedger ledger = BudgetLedger.open(store, BUDGETS, CLOCK);
    int fit = roundsThatFit();
    int threads = 8;
    int attemptsPerThread = fit;
    AtomicInteger accepted = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < attemptsPerThread; i++) {
                    if (ledger.trySpend(Purpose.TRAINING, ROUND, "concurrent").accepted()) {
                      accepted.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(accepted.get()).isEqualTo(fit);
    assertThat(store.readAll()).hasSize(fit);
    assertThat(store.readAll()).extracting(Spend::sequence).doesNotHaveDuplicates();
    assertThat(ledger.spent(Purpose.TRAINING).epsilon()).isLessThanOrEqualTo(3.0);
  }

  @Test
  void trySpend_whenStoreFails_recordsNothing() {
    LedgerStore failing =
        new LedgerStore() {
          @Override
          public void append(Spend spend) {
            throw new IllegalStateException("disk full");
          }

          @Override
          public List<Spend> readAll() {
            return List.of();
          }
        };
    BudgetLedger ledger = BudgetLedger.open(failing, BUDGETS, CLOCK);

    assertThatThrownBy(() -> ledger.trySpend(Purpose.TRAINING, ROUND, "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk full");
    assertThat(ledger.spent(Purpose.TRAINING).epsilon()).isZero();
    assertThat(ledger.spends()).isEmpty();
  }

  @Test
  void open_replaysStoredSpends() {
    LedgerStore store = LedgerStore.inMemory();
    BudgetLedger first = BudgetLedger.open(store, BUDGETS, CLOCK);
    first.trySpend(Purpose.TRAINING, ROUND, "a");
    first.trySpend(Purpose.TRAINING, ROUND, "b");
    first.trySpend(Purpose.ANALYTICS, PrivacyEvent.laplace(5, 1, 1), "c");

    BudgetLedger reopened = BudgetLedger.open(store, BUDGETS, CLOCK);

    assertThat(reopened.spent(Purpose.TRAINING)).isEqualTo(first.spent(Purpose.TRAINING));
    assertThat(reopened.spent(Purpose.ANALYTICS)).isEqualTo(first.spent(Purpose.ANALYTICS));
    assertThat(reopened.trySpend(Purpose.TRAINING, ROUND, "d").spend())
        .get()
        .extracting(Spend::sequence)
        .isEqualTo(4L);
  }

  @Test
  void trySpend_afterReplayOfSparseSequence_continuesAfterHighestSequence() {
    LedgerStore store = LedgerStore.inMemory();
    store.append(new Spend(5, Purpose.TRAINING, ROUND, CLOCK.instant(), "imported"));
    BudgetLedger ledger = BudgetLedger.open(store, BUDGETS, CLOCK);

    SpendDecision d = ledger.trySpend(Purpose.TRAINING, ROUND, "next");

    assertThat(d.spend()).get().extracting(Spend::sequence).isEqualTo(6L);
  }

  @Test
  void replay_recomputesEpsilonFromStore() {
    LedgerStore store = LedgerStore.inMemory();
    BudgetLedger ledger = BudgetLedger.open(store, BUDGETS, CLOCK);
    ledger.trySpend(Purpose.TRAINING, ROUND, "a");
    ledger.trySpend(Purpose.TRAINING, PrivacyEvent.laplace(20, 1, 2), "b");

    Map<Purpose, PrivacyGuarantee> replayed = BudgetLedger.replay(store, BUDGETS);

    double expected =
        Accountant.rdp()
            .compose(ROUND)
            .compose(PrivacyEvent.laplace(20, 1, 2))
            .guarantee(1e-5)
            .epsilon();
    assertThat(replayed.get(Purpose.TRAINING).epsilon())
        .isCloseTo(expected, withinPercentage(1e-9));
    assertThat(replayed.get(Purpose.ANALYTICS).epsilon()).isZero();
  }

  @Test
  void remainingEpsilon_decreasesWithSpends() {
    BudgetLedger ledger = BudgetLedger.open(LedgerStore.inMemory(), BUDGETS, CLOCK);
    assertThat(ledger.remainingEpsilon(Purpose.TRAINING)).isEqualTo(3.0);
    ledger.trySpend(Purpose.TRAINING, ROUND, "a");
    assertThat(ledger.remainingEpsilon(Purpose.TRAINING)).isLessThan(3.0).isPositive();
  }

  @Test
  void trySpend_forPurposeWithoutBudget_fails() {
    BudgetLedger ledger = BudgetLedger.open(LedgerStore.inMemory(), BUDGETS, CLOCK);
    assertThatThrownBy(() -> ledger.trySpend(Purpose.EVALUATION, ROUND, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no budget for purpose EVALUATION");
  }

  /**
   * PERSONALIZATION is the one purpose without a budget ({@link Purpose#budgeted()}): a ledger with
   * a budget for every budgeted purpose takes no spend under it, neither directly nor replayed from
   * its store, so no release can be booked there to stay off the other purposes' budgets.
   */
  @Test
  void personalization_inALedgerOfEveryBudgetedPurpose_takesNoSpend() {
    Map<Purpose, PrivacyBudget> everyBudgeted = new EnumMap<>(Purpose.class);
    for (Purpose p : Purpose.values()) {
      if (p.budgeted()) {
        everyBudgeted.put(p, new PrivacyBudget(3.0, 1e-5));
      }
    }
    assertThat(everyBudgeted).doesNotContainKey(Purpose.PERSONALIZATION).hasSize(3);
    LedgerStore store = LedgerStore.inMemory();
    BudgetLedger ledger = BudgetLedger.open(store, everyBudgeted, CLOCK);

    assertThatThrownBy(() -> ledger.trySpend(Purpose.PERSONALIZATION, ROUND, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no budget for purpose PERSONALIZATION");
    assertThatThrownBy(() -> ledger.epsilonIfSpent(Purpose.PERSONALIZATION, ROUND))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.readAll()).isEmpty();
    assertThat(ledger.spends()).isEmpty();

    store.append(new Spend(1, Purpose.PERSONALIZATION, ROUND, CLOCK.instant(), "smuggled"));
    assertThatThrownBy(() -> BudgetLedger.open(store, everyBudgeted, CLOCK))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no budget for purpose PERSONALIZATION");
    assertThatThrownBy(() -> BudgetLedger.replay(store, everyBudgeted))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no budget for purpose PERSONALIZATION");
  }

  @Test
  void budget_withNonPositiveEpsilon_fails() {
    assertThatThrownBy(() -> new PrivacyBudget(0, 1e-5))
        .hasMessage("epsilon must be > 0 and finite, was 0.0");
  }

  @Test
  void raiseBudget_letsSpendsUpToTheNewBudget_andStillRefusesBeyondIt() {
    BudgetLedger ledger = BudgetLedger.open(LedgerStore.inMemory(), BUDGETS, CLOCK);
    int fit = roundsThatFit();
    for (int i = 0; i < fit; i++) {
      assertThat(ledger.trySpend(Purpose.TRAINING, ROUND, "round").accepted()).isTrue();
    }
    assertThat(ledger.trySpend(Purpose.TRAINING, ROUND, "one too many").accepted()).isFalse();
    List<PrivacyBudget> recorded = new ArrayList<>();

    PrivacyBudget raised = ledger.raiseBudget(Purpose.TRAINING, 3.5, recorded::add);

    assertThat(raised).isEqualTo(new PrivacyBudget(3.5, 1e-5));
    assertThat(recorded).containsExactly(raised);
    assertThat(ledger.budget(Purpose.TRAINING)).isEqualTo(raised);
    assertThat(ledger.budget(Purpose.ANALYTICS)).isEqualTo(BUDGETS.get(Purpose.ANALYTICS));
    assertThat(ledger.remainingEpsilon(Purpose.TRAINING))
        .isCloseTo(3.5 - ledger.spent(Purpose.TRAINING).epsilon(), withinPercentage(1e-9));
    int more = 0;
    while (ledger.trySpend(Purpose.TRAINING, ROUND, "after the raise").accepted()) {
      more++;
    }
    assertThat(more).isPositive();
    assertThat(ledger.spent(Purpose.TRAINING).epsilon()).isLessThanOrEqualTo(3.5);
    assertThat(ledger.epsilonIfSpent(Purpose.TRAINING, ROUND)).isGreaterThan(3.5);
    assertThat(ledger.toString()).contains("epsilon=3.5");
  }

  @Test
  void raiseBudget_toTheSameOrALowerEpsilon_isRefused_andChangesNothing() {
    BudgetLedger ledger = BudgetLedger.open(LedgerStore.inMemory(), BUDGETS, CLOCK);
    List<PrivacyBudget> recorded = new ArrayList<>();
    for (double bad : new double[] {3.0, 2.999, 0.5, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> ledger.raiseBudget(Purpose.TRAINING, bad, recorded::add))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("training budget can only be raised")
          .hasMessageContaining("current budget 3.0");
    }
    assertThat(recorded).isEmpty();
    assertThat(ledger.budget(Purpose.TRAINING)).isEqualTo(BUDGETS.get(Purpose.TRAINING));
  }

  @Test
  void raiseBudget_whenTheRecordFails_keepsTheOldBudget() {
    BudgetLedger ledger = BudgetLedger.open(LedgerStore.inMemory(), BUDGETS, CLOCK);

    assertThatThrownBy(
            () ->
                ledger.raiseBudget(
                    Purpose.ANALYTICS,
                    2.0,
                    b -> {
                      throw new IllegalStateException("disk full");
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("disk full");

    assertThat(ledger.budget(Purpose.ANALYTICS)).isEqualTo(BUDGETS.get(Purpose.ANALYTICS));
  }

  @Test
  void raiseBudget_ofAPurposeWithoutBudget_isRefused() {
    BudgetLedger ledger = BudgetLedger.open(LedgerStore.inMemory(), BUDGETS, CLOCK);

    assertThatThrownBy(() -> ledger.raiseBudget(Purpose.EVALUATION, 5, b -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no budget for purpose EVALUATION");
  }
}
