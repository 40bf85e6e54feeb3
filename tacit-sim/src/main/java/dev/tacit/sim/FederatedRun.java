package dev.tacit.sim;

import dev.tacit.federated.ModelSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one simulated run.
 *
 * @param config the settings
 * @param model the final model
 * @param rounds every round attempted, aborted ones included
 * @param epsilon ε spent (∞ without noise)
 * @param delta the δ of ε
 * @param noiseMultiplier the noise multiplier used (0 without noise)
 * @param stoppedAtBudget whether the run stopped because the next round would exceed the budget
 * @param wallSeconds the wall time of the whole run
 */
public record FederatedRun(
    SimulationConfig config,
    ModelSnapshot model,
    List<RoundStats> rounds,
    double epsilon,
    double delta,
    double noiseMultiplier,
    boolean stoppedAtBudget,
    double wallSeconds) {
  /** Copies the list. */
  public FederatedRun {
    rounds = List.copyOf(rounds);
  }

  /** The number of rounds that finished (were not aborted). */
  public int completedRounds() {
    return (int) rounds.stream().filter(r -> !r.aborted()).count();
  }

  /** The number of aborted rounds. */
  public int abortedRounds() {
    return rounds.size() - completedRounds();
  }

  /** The most bytes one device sent in one round. */
  public long bytesPerDevicePerRound() {
    return rounds.stream().mapToLong(RoundStats::bytesPerDevice).max().orElse(0);
  }

  /** The mean wall time of a round, in seconds. */
  public double meanRoundSeconds() {
    return rounds.stream().mapToDouble(RoundStats::seconds).average().orElse(0);
  }

  /** The rounds as maps, for JSON reports. */
  public List<Map<String, Object>> history() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (RoundStats r : rounds) {
      out.add(r.toMap());
    }
    return out;
  }
}
