package dev.tacit.sim.secagg;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.Phase;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;

/**
 * Which clients drop out of a simulated session, and when: a client dropped at phase P sends
 * nothing in P or later (dropped at {@link Phase#SHARE_KEYS} means "after advertising keys", at
 * {@link Phase#UNMASK} "after sending its masked input, before answering the unmask request").
 */
public record DropoutPlan(Map<Phase, Set<Integer>> dropouts) {

  /** Validates the plan: positive ids, each client dropped at most once; copies the sets. */
  public DropoutPlan {
    Preconditions.checkNotNull(dropouts, "dropouts");
    Map<Phase, Set<Integer>> copy = new EnumMap<>(Phase.class);
    Set<Integer> all = new TreeSet<>();
    for (Map.Entry<Phase, Set<Integer>> entry : dropouts.entrySet()) {
      Preconditions.checkNotNull(entry.getKey(), "phase");
      for (int id : entry.getValue()) {
        Preconditions.checkArgument(id >= 1, "client id must be >= 1, was %d", id);
        Preconditions.checkArgument(all.add(id), "client %d is dropped at two phases", id);
      }
      copy.put(entry.getKey(), Collections.unmodifiableSet(new TreeSet<>(entry.getValue())));
    }
    dropouts = Collections.unmodifiableMap(copy);
  }

  /** No client drops out. */
  public static DropoutPlan none() {
    return new DropoutPlan(Map.of());
  }

  /** The given clients drop out at {@code phase}. */
  public static DropoutPlan of(Phase phase, Collection<Integer> clients) {
    Preconditions.checkNotNull(phase, "phase");
    return new DropoutPlan(Map.of(phase, new TreeSet<>(clients)));
  }

  /**
   * For each phase, a random {@code fraction} (rounded down) of all n clients, disjoint from those
   * dropped earlier.
   *
   * @throws IllegalArgumentException if a fraction is not in [0, 1] or the fractions add up to more
   *     than 1
   */
  public static DropoutPlan random(
      int numClients, Map<Phase, Double> fractions, IntUnaryOperator random) {
    Preconditions.checkArgument(numClients >= 1, "numClients must be >= 1, was %d", numClients);
    Preconditions.checkNotNull(fractions, "fractions");
    Preconditions.checkNotNull(random, "random");
    List<Integer> pool = new ArrayList<>();
    for (int i = 1; i <= numClients; i++) {
      pool.add(i);
    }
    for (int i = pool.size() - 1; i > 0; i--) {
      Collections.swap(pool, i, random.applyAsInt(i + 1));
    }
    Map<Phase, Set<Integer>> plan = new EnumMap<>(Phase.class);
    int next = 0;
    for (Phase phase : Phase.values()) {
      double fraction = fractions.getOrDefault(phase, 0.0);
      Preconditions.checkArgument(
          fraction >= 0 && fraction <= 1,
          "fraction for %s must be in [0, 1], was %s",
          phase,
          fraction);
      int count = (int) Math.floor(fraction * numClients);
      Preconditions.checkArgument(
          next + count <= numClients, "dropout fractions add up to more than 1");
      plan.put(phase, new TreeSet<>(pool.subList(next, next + count)));
      next += count;
    }
    return new DropoutPlan(plan);
  }

  /** Whether {@code clientId} still takes part in {@code phase} (has not dropped by then). */
  public boolean takesPart(int clientId, Phase phase) {
    for (Phase p : Phase.values()) {
      if (p.ordinal() > phase.ordinal()) {
        break;
      }
      if (dropouts.getOrDefault(p, Set.of()).contains(clientId)) {
        return false;
      }
    }
    return true;
  }

  /** The clients dropped at {@code phase}. */
  public Set<Integer> droppedAt(Phase phase) {
    return dropouts.getOrDefault(phase, Set.of());
  }
}
