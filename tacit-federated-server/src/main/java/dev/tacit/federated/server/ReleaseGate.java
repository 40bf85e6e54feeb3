package dev.tacit.federated.server;

/**
 * Charges a {@link Release} to a privacy budget, or refuses it; the server's durable ledger is one.
 * A charge is atomic: it happens entirely or not at all.
 */
@FunctionalInterface
public interface ReleaseGate {
  /**
   * Charges {@code release}.
   *
   * @throws BudgetExceededException if the budget refuses it: nothing is charged, and the aggregate
   *     must not be released
   * @throws RuntimeException if the ledger fails: nothing is charged either
   */
  void charge(Release release);

  /**
   * A gate that charges nothing beyond the {@link FederatedServer}'s own accountant, for
   * simulations and tests that keep no ledger.
   */
  static ReleaseGate none() {
    return release -> {};
  }
}
