package dev.tacit.privacy.budget;

import java.util.List;

/** Durable storage of a {@link BudgetLedger}'s spends; the server backs it with its database. */
public interface LedgerStore {

  /**
   * Durably appends {@code spend}. If this throws, the spend must not have been stored.
   *
   * @throws RuntimeException if the spend could not be stored
   */
  void append(Spend spend);

  /** Every stored spend in sequence order. */
  List<Spend> readAll();

  /** A store that keeps the spends in memory, for tests and embedded use. Thread-safe. */
  static LedgerStore inMemory() {
    return new InMemoryLedgerStore();
  }
}
