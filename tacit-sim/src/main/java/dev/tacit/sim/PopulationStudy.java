package dev.tacit.sim;

import dev.tacit.core.data.Dataset;
import dev.tacit.core.data.UserAttributes;
import dev.tacit.core.eval.Progress;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.split.Split;
import dev.tacit.core.split.Splits;
import dev.tacit.core.synth.SyntheticConfig;
import dev.tacit.core.synth.SyntheticGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * How quality at a fixed ε grows with the number of users: the same synthetic world ({@link
 * SyntheticGenerator}) at several population sizes, federated at ε beside central iALS on the same
 * data. More users means less noise per user's share of the signal, so it answers the operator's
 * question "how many users do I need for this ε at this quality?".
 */
public final class PopulationStudy {
  private static final int STEPS = 100; // progress steps per point, whatever its rounds

  private PopulationStudy() {}

  /**
   * One population size.
   *
   * @param users the number of users (devices)
   * @param samplingRate the Poisson sampling rate of a round
   * @param noiseMultiplier the calibrated noise multiplier
   * @param epsilon ε spent
   * @param federatedNdcg NDCG@10 of the federated model
   * @param centralNdcg NDCG@10 of central iALS of the same k
   * @param popularNdcg NDCG@10 of MostPopular
   * @param seconds the wall time of the federated run
   */
  public record Point(
      int users,
      double samplingRate,
      double noiseMultiplier,
      double epsilon,
      double federatedNdcg,
      double centralNdcg,
      double popularNdcg,
      double seconds) {
    /** Federated NDCG@10 over central NDCG@10. */
    public double ratio() {
      return federatedNdcg / centralNdcg;
    }
  }

  /**
   * The study's points, smallest population first.
   *
   * @param epsilon the target ε of every run
   * @param target the quality asked for, as a fraction of central
   */
  public record Result(double epsilon, double target, List<Point> points) {
    /** Copies the list. */
    public Result {
      points = List.copyOf(points);
    }

    /** The smallest population whose federated model reaches {@code target × central}, or -1. */
    public int usersNeeded() {
      return points.stream()
          .filter(p -> p.ratio() >= target)
          .mapToInt(Point::users)
          .min()
          .orElse(-1);
    }

    /** The answer in one sentence. */
    public String answer() {
      int n = usersNeeded();
      String eps = EpsilonSweep.label(epsilon);
      if (n < 0) {
        Point last = points.get(points.size() - 1);
        return String.format(
            Locale.ROOT,
            "at ε = %s, quality does not reach %.2f × central with up to %d users (%.2f × at %d)",
            eps,
            target,
            last.users(),
            last.ratio(),
            last.users());
      }
      Point p = points.stream().filter(q -> q.users() == n).findFirst().orElseThrow();
      return String.format(
          Locale.ROOT,
          "at ε = %s, quality reaches %.2f × central (target %.2f) from %d users",
          eps,
          p.ratio(),
          target,
          n);
    }

    /** A Markdown table of the points. */
    public String toMarkdown() {
      StringBuilder sb = new StringBuilder();
      sb.append(
          "| users | q | noise multiplier | ε spent | federated NDCG@10 | central NDCG@10 |"
              + " ratio | MostPopular | seconds |\n");
      sb.append("|---|---|---|---|---|---|---|---|---|\n");
      for (Point p : points) {
        sb.append(
            String.format(
                Locale.ROOT,
                "| %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.3f | %.4f | %.1f |%n",
                p.users(),
                p.samplingRate(),
                p.noiseMultiplier(),
                p.epsilon(),
                p.federatedNdcg(),
                p.centralNdcg(),
                p.ratio(),
                p.popularNdcg(),
                p.seconds()));
      }
      return sb.toString();
    }
  }

  /**
   * Runs the study.
   *
   * @param populations the population sizes
   * @param items the number of items of every synthetic dataset
   * @param configFor the simulation settings for a population size (its ε, sampler, rounds)
   * @param target the quality asked for, as a fraction of central NDCG@10
   */
  public static Result run(
      List<Integer> populations,
      int items,
      IntFunction<SimulationConfig> configFor,
      double target,
      long seed,
      Progress progress) {
    if (populations.isEmpty()) {
      throw new IllegalArgumentException("need at least one population size");
    }
    List<Point> points = new ArrayList<>();
    double epsilon = Double.NaN;
    List<Integer> sorted = populations.stream().sorted().toList();
    for (int i = 0; i < sorted.size(); i++) {
      int users = sorted.get(i);
      int index = i;
      Progress p =
          (what, done, total) ->
              progress.update(
                  users + " users: " + what,
                  index * STEPS + done * STEPS / Math.max(1, total),
                  sorted.size() * STEPS);
      Dataset ds = SyntheticGenerator.generate(SyntheticConfig.of(users, items, seed));
      Split split = Splits.randomHoldout(ds.interactions(), 0.2, seed);
      SimulationConfig config = configFor.apply(users);
      epsilon = config.epsilon();
      List<FederatedRun> runs = new ArrayList<>();
      ModelReport fed =
          Experiment.federated(List.of(split), UserAttributes.none(), config, p, runs);
      List<ModelReport> refs =
          Experiment.references(
              List.of(split), UserAttributes.none(), config.federated(), seed, Progress.none());
      FederatedRun run = runs.get(0);
      points.add(
          new Point(
              users,
              config.sampler().accountingRate(users),
              run.noiseMultiplier(),
              run.epsilon(),
              fed.metrics().get("ndcg@10").mean(),
              refs.get(0).metrics().get("ndcg@10").mean(),
              refs.get(1).metrics().get("ndcg@10").mean(),
              run.wallSeconds()));
    }
    return new Result(epsilon, target, points);
  }
}
