package dev.tacit.privacy.budget;

import java.util.Collection;
import java.util.List;

/** Durable storage of a {@link BudgetLedger}'s spends; the server backs it with its database. */
public interface LedgerStore {

  /**
   * Durably appends {@code spend}. If this throws, the spend must not have been stored.
   *
   * @throws RuntimeException if the spend could not be stored
   */
  void append(Spend spend);

  /**
   * Durably appends {@code spend} together with the participants counted in it (the devices whose
   * inputs the released aggregate holds), in one transaction: either both are stored or neither.
   * The default keeps no per-participant record and refuses participants.
   *
   * @throws UnsupportedOperationException if {@code participants} is not empty and this store keeps
   *     no per-participant records
   * @throws RuntimeException if the spend could not be stored
   */
  default void append(Spend spend, Collection<String> participants) {
    if (!participants.isEmpty()) {
      throw new UnsupportedOperationException(
          "this ledger store keeps no per-participant records: " + this);
    }
    append(spend);
  }

  /**
   * The stored spends {@code participant} was counted in, in sequence order.
   *
   * @throws UnsupportedOperationException if this store keeps no per-participant records
   */
  default List<Spend> spendsOf(String participant) {
    throw new UnsupportedOperationException(
        "this ledger store keeps no per-participant records: " + this);
  }

  /** Every stored spend in sequence order. */
  List<Spend> readAll();

  /** A store that keeps the spends in memory, for tests and embedded use. Thread-safe. */
  static LedgerStore inMemory() {
    return new InMemoryLedgerStore();
  }
}
