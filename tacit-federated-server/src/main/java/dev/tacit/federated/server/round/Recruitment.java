package dev.tacit.federated.server.round;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * A round's devices: which checked in and whether each was selected (with the rules' probability
 * q), the cohort and whether it is complete, the client id each member got in the SecAgg+ session,
 * and which withdrew. Not thread-safe: the session calls it under its lock.
 */
final class Recruitment {
  private final RoundRules rules;
  private final SecureRandom random;
  private final IntSupplier eligible;
  private final Map<String, Boolean> decisions = new HashMap<>();
  private final List<String> cohort = new ArrayList<>();
  private final Map<String, Integer> clientOf = new HashMap<>();
  private final Set<String> withdrawn = new HashSet<>();

  /**
   * The recruitment of one round by {@code rules}, sampling and numbering the cohort with {@code
   * random}.
   *
   * @param eligible how many devices may check in: once that many have decided, recruiting can
   *     close
   */
  Recruitment(RoundRules rules, SecureRandom random, IntSupplier eligible) {
    this.rules = rules;
    this.random = random;
    this.eligible = eligible;
  }

  /**
   * The answer {@code device} was given already: {@link CheckInDecision#CLOSED} once it withdrew,
   * its decision once it checked in, else null.
   */
  CheckInDecision answered(String device) {
    if (withdrawn(device)) {
      return CheckInDecision.CLOSED;
    }
    Boolean decided = decisions.get(device);
    if (decided == null) {
      return null;
    }
    return decided ? CheckInDecision.SELECTED : CheckInDecision.NOT_SELECTED;
  }

  /** Decides, with probability q, whether {@code device}, checking in for the first time, joins. */
  CheckInDecision select(String device) {
    boolean selected = random.nextDouble() < rules.samplingRate();
    decide(device, selected);
    return selected ? CheckInDecision.SELECTED : CheckInDecision.NOT_SELECTED;
  }

  /**
   * Records that {@code device}, which checked in, may not join: it decided, never selected.
   *
   * @return whether every eligible device has now decided; false for a device that had decided
   */
  boolean decline(String device) {
    if (decisions.containsKey(device)) {
      return false;
    }
    decide(device, false);
    return decided() >= eligible.getAsInt();
  }

  /**
   * Whether recruiting can close: the cohort is at its maximum, or every eligible device decided.
   */
  boolean full() {
    return cohort.size() >= rules.maxCohort() || decided() >= eligible.getAsInt();
  }

  /**
   * The size of the cohort recruiting closed with.
   *
   * @throws AbortRoundException if it is smaller than the rules' minimum
   */
  int closedCohort() throws AbortRoundException {
    int n = cohort.size();
    int least = rules.minCohort();
    if (n < least) {
      throw new AbortRoundException(
          "only " + n + " devices were recruited, fewer than the " + least + " a round needs");
    }
    return n;
  }

  /** How many devices have decided. */
  int decided() {
    return decisions.size();
  }

  /** Whether {@code device} was selected, or null if it has not checked in. */
  Boolean decision(String device) {
    return decisions.get(device);
  }

  /** Records the device's decision; a selected device joins the cohort. */
  void decide(String device, boolean selected) {
    decisions.put(device, selected);
    if (selected) {
      cohort.add(device);
    }
  }

  /** How many devices are in the cohort. */
  int cohortSize() {
    return cohort.size();
  }

  /** Gives the cohort's members the client ids 1..n in a random order. */
  void assignClientIds() {
    List<String> order = new ArrayList<>(cohort);
    Collections.shuffle(order, random);
    for (int i = 0; i < order.size(); i++) {
      clientOf.put(order.get(i), i + 1);
    }
  }

  /** The device's client id, or null if it is not in the session. */
  Integer clientId(String device) {
    return clientOf.get(device);
  }

  /** The members whose client id is in {@code ids}, with their ids. */
  Map<String, Integer> membersAmong(Collection<Integer> ids) {
    Set<Integer> wanted = new HashSet<>(ids);
    Map<String, Integer> out = new HashMap<>();
    for (Map.Entry<String, Integer> e : clientOf.entrySet()) {
      if (wanted.contains(e.getValue())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  /** Whether the device withdrew. */
  boolean withdrawn(String device) {
    return withdrawn.contains(device);
  }

  /**
   * Records that the device withdrew; while recruiting it also leaves the cohort.
   *
   * @return false if it had withdrawn already
   */
  boolean withdraw(String device, boolean recruiting) {
    if (!withdrawn.add(device)) {
      return false;
    }
    if (recruiting) {
      cohort.remove(device);
    }
    return true;
  }

  /** The client ids of the members that withdrew. */
  List<Integer> withdrawnIds() {
    List<Integer> ids = new ArrayList<>();
    for (String device : withdrawn) {
      Integer id = clientOf.get(device);
      if (id != null) {
        ids.add(id);
      }
    }
    return ids;
  }
}
