package dev.tacit.privacy.budget;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A thread-safe list of spends, with the participants counted in each. */
final class InMemoryLedgerStore implements LedgerStore {
  private final List<Spend> spends = new ArrayList<>();
  private final Map<String, List<Spend>> byParticipant = new HashMap<>();

  @Override
  public void append(Spend spend) {
    append(spend, List.of());
  }

  @Override
  public synchronized void append(Spend spend, Collection<String> participants) {
    if (spend == null || participants == null) {
      throw new NullPointerException("spend and participants must not be null");
    }
    for (String p : participants) {
      if (p == null) {
        throw new NullPointerException("a participant must not be null");
      }
    }
    spends.add(spend);
    for (String p : participants) {
      byParticipant.computeIfAbsent(p, k -> new ArrayList<>()).add(spend);
    }
  }

  @Override
  public synchronized List<Spend> spendsOf(String participant) {
    return List.copyOf(byParticipant.getOrDefault(participant, List.of()));
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
