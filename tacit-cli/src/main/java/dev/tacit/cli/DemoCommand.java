package dev.tacit.cli;

import dev.tacit.core.data.Dataset;
import dev.tacit.core.io.MovieLens100k;
import dev.tacit.core.io.ReadOptions;
import dev.tacit.core.split.Split;
import dev.tacit.core.split.Splits;
import dev.tacit.core.synth.SyntheticConfig;
import dev.tacit.core.synth.SyntheticGenerator;
import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.privacy.accounting.NoiseCalibrator;
import dev.tacit.server.rounds.TrainingSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tacit demo}: the whole system on one machine. It starts a Tacit server on embedded SQLite
 * in a temporary data directory, creates one real {@code TacitClient} per user (with its own
 * encrypted store, talking HTTP on loopback), runs federated rounds with SecAgg+ and distributed DP
 * until the round count or the privacy budget stops it, printing each round as it goes, then
 * compares the federated model with central training on raw data, runs one differentially private
 * analytics query, and says where to look.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Tacit end to end on one machine: a server on embedded SQLite, one real client per"
          + " user talking HTTP on loopback, federated rounds with SecAgg+ and distributed"
          + " differential privacy, federated evaluation, one private analytics query, and the"
          + " federated model against central training on raw data.",
      "Uses MovieLens 100K from ../shared/datasets/ml-100k when present (or --data), else a"
          + " synthetic population."
    })
final class DemoCommand implements Callable<Integer> {
  static final Path DEFAULT_DATA = Path.of("..", "shared", "datasets", "ml-100k");
  private static final double DELTA = 1e-5;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      description = "A MovieLens 100K folder (default ../shared/datasets/ml-100k when present).")
  Path data;

  @Option(names = "--synthetic", description = "Use a synthetic population even if data exists.")
  boolean synthetic;

  @Option(names = "--users", defaultValue = "1000", description = "Synthetic users (default 1000).")
  int users;

  @Option(names = "--items", defaultValue = "500", description = "Synthetic items (default 500).")
  int items;

  @Option(names = "--epsilon", defaultValue = "8", description = "Training budget ε (default 8).")
  double epsilon;

  @Option(
      names = "--model",
      defaultValue = "cooccurrence",
      description =
          "The private model: 'cooccurrence' (default: two releases, the popularity of every item"
              + " and the co-occurrence of the most popular ones, each device in both, EASE on the"
              + " device) or 'ials' (federated iALS over --rounds sampled rounds).")
  String model;

  @Option(
      names = "--rounds",
      defaultValue = "20",
      description = "Federated iALS rounds (default 20; --model ials only).")
  int rounds;

  @Option(
      names = "--sampling-rate",
      defaultValue = "0.2",
      description =
          "Each device is selected for an iALS round with this probability (default 0.2; the"
              + " co-occurrence model takes every device in both releases).")
  double samplingRate;

  @Option(
      names = "--dropout",
      defaultValue = "0.05",
      description = "Probability that a device loses its network mid-round (default 0.05).")
  double dropout;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "The server's port on 127.0.0.1 (default: a free one).")
  int port;

  @Option(
      names = "--device-epsilon",
      description =
          "The epsilon each device may reach against the server (its own rounds, without"
              + " amplification); 'Infinity' for no limit (default twice --epsilon, as tacit serve).")
  Double deviceEpsilon;

  @Option(
      names = "--stay",
      negatable = true,
      description =
          "Keep the server running after the demo, for the dashboard and the privacy center,"
              + " until Ctrl-C (default: yes when run in a terminal, no otherwise; --no-stay"
              + " ends the demo when it has printed its results).")
  Boolean stay;

  @Option(
      names = "--keep-data",
      description =
          "Keep the demo's data directory (server database, devices' encrypted stores, about"
              + " 340 MB with MovieLens) after it ends and say where it is (default: removed).")
  boolean keepData;

  /** Where the temporary data directory is created; tests point it at their own folder. */
  @Option(names = "--temp-root", hidden = true)
  Path tempRoot;

  @Option(
      names = "--colluding-fraction",
      defaultValue = "0.2",
      description =
          "Fraction kappa of the devices counted in a round that may add no noise (collude with"
              + " the server) while epsilon still holds (default 0.2).")
  double colludingFraction;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of data, split and dropouts.")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    validate();
    // The demo prints its own progress; the server's per-request log would drown it (set
    // org.slf4j.simpleLogger.defaultLogLevel=info to see it).
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }
    long t0 = System.nanoTime();
    Dataset ds;
    Split split;
    Path source = data != null ? data : (synthetic ? null : DEFAULT_DATA);
    if (source != null && Files.exists(source.resolve("u1.base"))) {
      ds = MovieLens100k.read(source, ReadOptions.STRICT).dataset();
      split = MovieLens100k.folds(ds, source, ReadOptions.STRICT, 1).get(0);
      o.println("tacit demo: MovieLens 100K, fold u1 (" + source + ")");
    } else {
      if (data != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--data must be a MovieLens 100K folder with u1.base, was " + data);
      }
      ds = SyntheticGenerator.generate(SyntheticConfig.of(users, items, seed));
      split = Splits.randomHoldout(ds.interactions(), 0.2, seed);
      o.println("tacit demo: a SYNTHETIC population (no real data; MovieLens 100K not found)");
    }
    DemoData population = DemoData.of(ds, split);
    TrainingSettings training = training(population.population());
    Path dataDir =
        tempRoot == null
            ? Files.createTempDirectory("tacit-demo-")
            : Files.createTempDirectory(tempRoot, "tacit-demo-");
    // Ctrl-C ends a staying demo without returning here: the hook removes the data then.
    Thread cleanup = new Thread(() -> deleteTree(dataDir), "tacit-demo-cleanup");
    if (!keepData) {
      Runtime.getRuntime().addShutdownHook(cleanup);
    }
    try {
      DemoSession.Options options =
          new DemoSession.Options(
              cooccurrence(),
              rounds,
              epsilon,
              DELTA,
              dropout,
              colludingFraction,
              port,
              deviceEpsilon,
              seed,
              stay != null ? stay : System.console() != null,
              keepData,
              why(training));
      return new DemoSession(options, population, training, dataDir).run(o, t0);
    } finally {
      if (!keepData) {
        try {
          Runtime.getRuntime().removeShutdownHook(cleanup);
          deleteTree(dataDir);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs, or has run
        }
      }
    }
  }

  private TrainingSettings training(int population) {
    return cooccurrence()
        ? TrainingSettings.cooccurrence(
            CooccurrenceConfig.defaults(),
            PrivacySettings.distributed(
                    1.0, NoiseCalibrator.noiseMultiplier(epsilon, DELTA, 1, 1) * (1 + 1e-9), 0.8)
                .withColludingFraction(colludingFraction),
            // Every device is in each release's one SecAgg+ session: phases wait longer.
            new RoundRules(1, 10, 100_000, Duration.ofSeconds(120), Duration.ofSeconds(600))
                .withQuorum(0.8, Duration.ofMillis(500)),
            population)
        : new TrainingSettings(
            FederatedConfig.defaults(),
            PrivacySettings.distributed(5.0, ialsNoiseMultiplier(), 0.8)
                .withColludingFraction(colludingFraction),
            new RoundRules(
                    samplingRate, 10, 100_000, Duration.ofSeconds(60), Duration.ofSeconds(60))
                .withQuorum(0.8, Duration.ofMillis(500)),
            population);
  }

  /** The noise multiplier of federated iALS's rounds (two more than --rounds) within ε. */
  private double ialsNoiseMultiplier() {
    return NoiseCalibrator.noiseMultiplier(epsilon, DELTA, samplingRate, rounds + 2L);
  }

  private boolean cooccurrence() {
    return model.equals("cooccurrence");
  }

  /**
   * Why the demo trains the model it does, from the noise each needs for this budget: the
   * co-occurrence model's two releases against federated iALS's rounds.
   */
  private String why(TrainingSettings training) {
    if (!cooccurrence()) {
      return String.format(
          Locale.ROOT,
          "model: federated iALS (--model ials), %d rounds at q = %s, noise multiplier %.3f each",
          rounds,
          samplingRate,
          training.privacy().noiseMultiplier());
    }
    CooccurrenceConfig.Releases r = training.releases();
    return String.format(
        Locale.ROOT,
        "model: private item co-occurrence (the default; --model ials for federated iALS): two"
            + " releases in which every device takes part, popularity at noise multiplier %.3f"
            + " (%.0f%% of the budget) and co-occurrence at %.3f, where federated iALS needs %.3f"
            + " in each of %d sampled rounds for the same ε = %s; with that little noise it ranks"
            + " better in simulation (tacit simulate --model cooccurrence,ials)",
        r.popularity().noiseMultiplier(),
        100 * training.cooccurrence().popularityShare(),
        r.cooccurrence().noiseMultiplier(),
        ialsNoiseMultiplier(),
        rounds,
        epsilon);
  }

  /** Deletes a directory tree, best effort: what cannot be deleted is named. */
  static synchronized void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      System.err.println("tacit demo: could not remove " + root + ": " + e.getMessage());
    }
  }

  private void validate() {
    CommandLine cl = spec.commandLine();
    if (users < 20 || items < 10) {
      throw new CommandLine.ParameterException(
          cl, "--users must be >= 20 and --items >= 10, were " + users + " and " + items);
    }
    if (!(epsilon > 0 && Double.isFinite(epsilon))) {
      throw new CommandLine.ParameterException(cl, "--epsilon must be > 0, was " + epsilon);
    }
    if (rounds < 1 || rounds > 10_000) {
      throw new CommandLine.ParameterException(cl, "--rounds must be in [1, 10000], was " + rounds);
    }
    if (!(samplingRate > 0 && samplingRate <= 1)) {
      throw new CommandLine.ParameterException(
          cl, "--sampling-rate must be in (0, 1], was " + samplingRate);
    }
    if (!(dropout >= 0 && dropout < 0.5)) {
      throw new CommandLine.ParameterException(cl, "--dropout must be in [0, 0.5), was " + dropout);
    }
    if (port < 0 || port > 65535) {
      throw new CommandLine.ParameterException(cl, "--port must be in [0, 65535], was " + port);
    }
    if (deviceEpsilon != null && !(deviceEpsilon > 0)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--device-epsilon must be > 0 (or Infinity for no limit), was " + deviceEpsilon);
    }
    if (!model.equals("cooccurrence") && !model.equals("ials")) {
      throw new CommandLine.ParameterException(
          cl, "--model must be cooccurrence or ials, was " + model);
    }
    if (!(colludingFraction >= 0 && colludingFraction < 1)) {
      throw new CommandLine.ParameterException(
          cl, "--colluding-fraction must be in [0, 1), was " + colludingFraction);
    }
  }
}
