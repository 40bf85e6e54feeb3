package dev.tacit.privacy.budget;

import java.util.ArrayList;
import java.util.List;

/** A thread-safe list of spends. */
final class InMemoryLedgerStore implements LedgerStore {
  private final List<Spend> spends = new ArrayList<>();

  @Override
  public synchronized void append(Spend spend) {
    if (spend == null) {
      throw new NullPointerException("spend must not be null");
    }
    spends.add(spend);
  }

  @Override
  public synchronized List<Spend> readAll() {
    return List.copyOf(spends);
  }

  @Override
  public synchronized String toString() {
    return "LedgerStore[in memory, " + spends.size() + " spends]";
  }
}
