package dev.tacit.cli;

import dev.tacit.core.data.Dataset;
import dev.tacit.core.io.MovieLens100k;
import dev.tacit.core.io.ReadOptions;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.split.Split;
import dev.tacit.core.split.Splits;
import dev.tacit.core.synth.SyntheticConfig;
import dev.tacit.core.synth.SyntheticGenerator;
import dev.tacit.federated.server.CohortSampler;
import dev.tacit.sim.Experiment;
import dev.tacit.sim.FederatedRun;
import dev.tacit.sim.RoundStats;
import dev.tacit.sim.SecAggMode;
import dev.tacit.sim.SimulationConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tacit demo}: Tacit's main job on its embedded defaults. Until the HTTP server runs rounds,
 * it trains the shared model by federated learning in one process: every user is a device that
 * keeps its own items, computes a clipped, noised update and takes part in the real SecAgg+
 * protocol; the server learns only the sum, and the accountant charges every round.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Tacit's main job on its embedded defaults: federated training with SecAgg+ and"
          + " distributed differential privacy, every user a simulated device in this process,"
          + " then the federated model against the central ones.",
      "Uses a synthetic population by default (MovieLens 100K fold u1 with --data). The HTTP"
          + " server and clients over loopback arrive with tacit-server's rounds."
    })
final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", description = "A MovieLens 100K folder instead of synthetic data.")
  Path data;

  @Option(names = "--users", defaultValue = "2000", description = "Synthetic users (default 2000).")
  int users;

  @Option(names = "--items", defaultValue = "500", description = "Synthetic items (default 500).")
  int items;

  @Option(names = "--epsilon", defaultValue = "8", description = "Privacy budget ε (default 8).")
  double epsilon;

  @Option(names = "--rounds", defaultValue = "20", description = "Federated rounds (default 20).")
  int rounds;

  @Option(
      names = "--sampling-rate",
      defaultValue = "0.2",
      description = "Each device takes part in a round with this probability (default 0.2).")
  double samplingRate;

  @Option(
      names = "--dropout",
      defaultValue = "0.05",
      description = "Probability that a device drops out mid-round (default 0.05).")
  double dropout;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of data, split and run.")
  long seed;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    CommandLine cl = spec.commandLine();
    if (users < 20 || items < 10) {
      throw new CommandLine.ParameterException(
          cl, "--users must be >= 20 and --items >= 10, were " + users + " and " + items);
    }
    if (!(epsilon > 0)) {
      throw new CommandLine.ParameterException(cl, "--epsilon must be > 0, was " + epsilon);
    }
    if (rounds < 1) {
      throw new CommandLine.ParameterException(cl, "--rounds must be >= 1, was " + rounds);
    }
    if (!(samplingRate > 0 && samplingRate <= 1)) {
      throw new CommandLine.ParameterException(
          cl, "--sampling-rate must be in (0, 1], was " + samplingRate);
    }
    if (!(dropout >= 0 && dropout < 0.5)) {
      throw new CommandLine.ParameterException(cl, "--dropout must be in [0, 0.5), was " + dropout);
    }
    Dataset ds;
    Split split;
    if (data == null) {
      o.println(
          "tacit demo: federated training on a SYNTHETIC population (no real data), every user a"
              + " device simulated in this process.");
      ds = SyntheticGenerator.generate(SyntheticConfig.of(users, items, seed));
      split = Splits.randomHoldout(ds.interactions(), 0.2, seed);
    } else {
      if (!Files.isDirectory(data) || !Files.exists(data.resolve("u1.base"))) {
        throw new CommandLine.ParameterException(
            cl, "--data must be a MovieLens 100K folder with u1.base, was " + data);
      }
      ds = MovieLens100k.read(data, ReadOptions.STRICT).dataset();
      split = MovieLens100k.folds(ds, data, ReadOptions.STRICT, 1).get(0);
    }
    int population = split.train().numUsers();
    SimulationConfig config =
        SimulationConfig.tunedFor(epsilon)
            .rounds(rounds)
            .sampler(CohortSampler.poisson(samplingRate))
            .dropout(dropout)
            .secAgg(SecAggMode.REAL)
            .evalEvery(Math.max(1, rounds / 5))
            .seed(seed)
            .build();
    o.printf(
        Locale.ROOT,
        "%s: %d devices, %d items, %d interactions; %d rounds, each device sampled with q = %s,"
            + " %.0f%% dropouts, epsilon budget %s at delta %s (noise multiplier %.3f)%n",
        ds.name(),
        population,
        split.train().numItems(),
        ds.interactions().size(),
        rounds,
        samplingRate,
        dropout * 100,
        epsilon,
        config.delta(),
        config.noiseMultiplierFor(population));
    o.flush();
    List<FederatedRun> runs = new ArrayList<>();
    ProgressBar bar = new ProgressBar(System.err);
    ModelReport federated =
        Experiment.federated(List.of(split), ds.userAttributes(), config, bar, runs);
    FederatedRun run = runs.get(0);
    o.println();
    o.println("round  participants  dropouts  epsilon  ndcg@10  seconds");
    for (RoundStats r : run.rounds()) {
      o.printf(
          Locale.ROOT,
          "%5d  %12d  %8d  %7.3f  %7s  %7.2f%s%n",
          r.round(),
          r.cohort(),
          r.cohort() - r.survivors(),
          r.epsilon(),
          Double.isNaN(r.ndcg()) ? "" : String.format(Locale.ROOT, "%.4f", r.ndcg()),
          r.seconds(),
          r.aborted() ? "  (aborted: nothing learned, nothing charged)" : "");
    }
    List<ModelReport> refs =
        Experiment.references(List.of(split), ds.userAttributes(), config.federated(), seed, bar);
    o.println();
    o.printf(
        Locale.ROOT,
        "federated (SecAgg+, distributed DP): NDCG@10 %.4f at epsilon %.3f (delta %s), %d rounds,"
            + " %d bytes per device per round, %.1f s%n",
        federated.metrics().get("ndcg@10").mean(),
        run.epsilon(),
        run.delta(),
        run.completedRounds(),
        run.bytesPerDevicePerRound(),
        run.wallSeconds());
    for (ModelReport r : refs) {
      o.printf(
          Locale.ROOT,
          "central %-6s (raw data, no privacy):  NDCG@10 %.4f%n",
          r.name(),
          r.metrics().get("ndcg@10").mean());
    }
    o.println();
    o.println("More: ./tacit simulate --help, ./tacit evaluate --help, ./tacit serve --help");
    o.flush();
    return 0;
  }
}
