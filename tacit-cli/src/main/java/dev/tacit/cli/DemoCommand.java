package dev.tacit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Dataset;
import dev.tacit.core.data.ItemMetadata;
import dev.tacit.core.eval.FoldResult;
import dev.tacit.core.io.MovieLens100k;
import dev.tacit.core.io.ReadOptions;
import dev.tacit.core.report.EvaluationReport;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.split.Split;
import dev.tacit.core.split.Splits;
import dev.tacit.core.synth.SyntheticConfig;
import dev.tacit.core.synth.SyntheticGenerator;
import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.cooccurrence.CooccurrenceFrame;
import dev.tacit.federated.round.RoundRules;
import dev.tacit.federated.round.RoundSession;
import dev.tacit.privacy.accounting.NoiseCalibrator;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.participant.ParticipantBudget;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.ServerConfig;
import dev.tacit.server.TacitServer;
import dev.tacit.server.rounds.TrainingSettings;
import dev.tacit.server.store.DeviceEpsilons;
import dev.tacit.server.store.RoundRow;
import dev.tacit.server.store.RoundStore;
import dev.tacit.server.store.SqlLedgerStore;
import dev.tacit.sim.CooccurrenceEvaluation;
import dev.tacit.sim.Experiment;
import dev.tacit.sim.FederatedEvaluation;
import dev.tacit.sim.fleet.DeviceFleet;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    int population = split.train().numUsers();
    List<CatalogueItem> catalogue = catalogue(ds);
    List<List<String>> histories = new ArrayList<>();
    List<List<String>> heldBack = new ArrayList<>();
    Csr train = split.train().byUser();
    Csr test = split.test().byUser();
    for (int u = 0; u < population; u++) {
      histories.add(ids(ds, train.row(u)));
      heldBack.add(ids(ds, test.row(u)));
    }

    double z = NoiseCalibrator.noiseMultiplier(epsilon, DELTA, samplingRate, rounds + 2L);
    FederatedConfig federated = FederatedConfig.defaults();
    TrainingSettings training =
        cooccurrence()
            ? TrainingSettings.cooccurrence(
                CooccurrenceConfig.defaults(),
                PrivacySettings.distributed(
                        1.0,
                        NoiseCalibrator.noiseMultiplier(epsilon, DELTA, 1, 1) * (1 + 1e-9),
                        0.8)
                    .withColludingFraction(colludingFraction),
                // Every device is in each release's one SecAgg+ session: phases wait longer.
                new RoundRules(1, 10, 100_000, Duration.ofSeconds(120), Duration.ofSeconds(600))
                    .withQuorum(0.8, Duration.ofMillis(500)),
                population)
            : new TrainingSettings(
                federated,
                PrivacySettings.distributed(5.0, z, 0.8).withColludingFraction(colludingFraction),
                new RoundRules(
                        samplingRate, 10, 100_000, Duration.ofSeconds(60), Duration.ofSeconds(60))
                    .withQuorum(0.8, Duration.ofMillis(500)),
                population);
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
      return run(o, t0, ds, split, population, catalogue, histories, heldBack, training, dataDir);
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

  private boolean cooccurrence() {
    return model.equals("cooccurrence");
  }

  /**
   * Why the demo trains the model it does, from the noise each needs for this budget: the
   * co-occurrence model's two releases against federated iALS's rounds.
   */
  private String why(TrainingSettings training) {
    double zIals = NoiseCalibrator.noiseMultiplier(epsilon, DELTA, samplingRate, rounds + 2L);
    if (!cooccurrence()) {
      return String.format(
          Locale.ROOT,
          "model: federated iALS (--model ials), %d rounds at q = %s, noise multiplier %.3f each",
          rounds,
          samplingRate,
          zIals);
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
        zIals,
        rounds,
        epsilon);
  }

  private int run(
      PrintWriter o,
      long t0,
      Dataset ds,
      Split split,
      int population,
      List<CatalogueItem> catalogue,
      List<List<String>> histories,
      List<List<String>> heldBack,
      TrainingSettings training,
      Path dataDir)
      throws Exception {
    double delta = DELTA;
    FederatedConfig federated = training.federated();
    double z = training.privacy().noiseMultiplier();
    Map<Purpose, PrivacyBudget> budgets = new EnumMap<>(ServerConfig.defaultBudgets());
    budgets.put(Purpose.TRAINING, new PrivacyBudget(epsilon, delta));
    ServerConfig.Builder configBuilder =
        ServerConfig.builder()
            .host("127.0.0.1")
            .port(port)
            .dataDir(dataDir)
            .budgets(budgets)
            // Every device of the demo registers from loopback, one address.
            .registrationLimit(new ServerConfig.RateLimit(population, population));
    if (deviceEpsilon != null) {
      configBuilder.deviceEpsilon(deviceEpsilon);
    }
    ServerConfig config = configBuilder.build();
    // Federated evaluation is released once per model version, when three quarters of the
    // devices that hold back items have reported on it, with the default noise (30 releases fit
    // in its budget).
    long evaluators = heldBack.stream().filter(h -> !h.isEmpty()).count();
    dev.tacit.server.evaluation.EvaluationSettings evaluation =
        new dev.tacit.server.evaluation.EvaluationSettings(
            (int) Math.max(1, evaluators * 3 / 4),
            dev.tacit.server.evaluation.EvaluationSettings.DEFAULT_NOISE_MULTIPLIER);
    try (TacitServer server =
        TacitServer.create(config).withTraining(training).withEvaluation(evaluation).start()) {
      URI base = server.baseUri();
      String admin = Files.readString(dataDir.resolve("admin-token")).trim();
      server.rounds().publishCatalogue(catalogue);
      new dev.tacit.server.store.ItemTitles(server.storage()).replace(titles(ds));
      o.printf(
          Locale.ROOT,
          "server: %s on SQLite in %s%ndashboard: %s/admin (admin token in %s)%n",
          base,
          dataDir,
          base,
          dataDir.resolve("admin-token"));
      o.println(why(training));
      o.printf(
          Locale.ROOT,
          "%d devices (one per user, each a real TacitClient with an encrypted store), %d items;"
              + " q = %s, %.0f%% dropouts, ε budget %s at δ %s, %s, κ = %s (ε holds if at most"
              + " that fraction of a round's devices add no noise)%n",
          population,
          catalogue.size(),
          training.rules().samplingRate(),
          dropout * 100,
          epsilon,
          Wording.sci(delta),
          cooccurrence()
              ? "clip 1 per release"
              : String.format(Locale.ROOT, "noise multiplier %.3f, clip 5", z),
          colludingFraction);
      o.flush();
      Set<Purpose> grants =
          Set.of(Purpose.PERSONALIZATION, Purpose.TRAINING, Purpose.EVALUATION, Purpose.ANALYTICS);
      long tf = System.nanoTime();
      Optional<String> privacyCenter = Optional.empty();
      try (DeviceFleet fleet =
          DeviceFleet.create(
              dataDir.resolve("devices"),
              base,
              histories,
              heldBack,
              grants,
              seed,
              // The devices state their own ε at the demo's δ; the server enforces the budget.
              ParticipantBudget.unlimited(delta))) {
        privacyCenter = fleet.members().get(0).client().privacyCenterFragment();
        o.printf(
            Locale.ROOT,
            "devices ready in %.1f s (registered, consent sent, histories recorded on device)%n%n",
            (System.nanoTime() - tf) / 1e9);
        o.printf(
            Locale.ROOT,
            "fed-ndcg@10 and fed-hit@10: the devices' own evaluation of each new model version,"
                + " released once %d devices have reported, with Gaussian noise (sd %.4f on each"
                + " mean) charged to the evaluation budget%n",
            evaluation.minReports(),
            evaluation.sigma() / evaluation.minReports());
        o.println(
            "round  status     cohort  counted  dropouts  epsilon  fed-ndcg@10  fed-hit@10  s");
        o.flush();
        RoundStore store = server.rounds().store();
        Random random = new Random(seed);
        int planned = cooccurrence() ? 2 : rounds;
        // A release that aborts (too many dropouts, a machine too busy) is run again, at most
        // four times in all.
        int limit = cooccurrence() ? planned + 4 : rounds;
        int every = Math.max(1, planned / 4);
        for (int r = 1; r <= limit; r++) {
          DeviceFleet.RoundResult res = fleet.runRound(dropout, random);
          boolean complete =
              cooccurrence() && latestStage(store) == CooccurrenceFrame.Stage.COMPLETE;
          String quality = "";
          if (cooccurrence() ? complete : r % every == 0 || r == rounds) {
            quality = federatedEvaluation(fleet, store);
          }
          printRound(o, store, res, quality);
          Optional<String> paused = server.rounds().paused();
          if (paused.isPresent()) {
            o.println("stopped: " + paused.get());
            break;
          }
          if (complete) {
            break;
          }
        }
        o.println();
        long version = store.models().latestVersion().orElseThrow();
        FoldResult fed =
            cooccurrence()
                ? CooccurrenceEvaluation.evaluate(
                    CooccurrenceFrame.decode(
                            TensorFrame.decode(store.models().get(version).orElseThrow().frame()))
                        .model(),
                    split,
                    ds.userAttributes())
                : FederatedEvaluation.evaluate(
                    latestModel(store, catalogue.size(), federated), split, ds.userAttributes());
        List<ModelReport> refs =
            Experiment.references(
                List.of(split), ds.userAttributes(), federated, seed, (what, done, total) -> {});
        RoundRow last = lastCompleted(store);
        o.printf(
            Locale.ROOT,
            "federated model v%d (%s; SecAgg+, distributed DP, over HTTP): NDCG@10 %.4f,"
                + " Recall@20 %.4f at ε = %.3f (δ %s), %s%n",
            version,
            cooccurrence() ? "private co-occurrence" : "federated iALS",
            fed.metrics().get("ndcg@10"),
            fed.metrics().get("recall@20"),
            server.ledger().spent(Purpose.TRAINING).epsilon(),
            Wording.sci(delta),
            Wording.count(
                last == null
                    ? 0
                    : store.rounds().stream()
                        .filter(x -> x.status() == RoundSession.Status.COMPLETED)
                        .count(),
                cooccurrence() ? "completed release" : "completed round"));
        epsilons(o, server, fleet, training.rules().samplingRate(), delta);
        for (ModelReport ref : refs) {
          o.printf(
              Locale.ROOT,
              "central %-6s (raw data, no privacy):  NDCG@10 %.4f%n",
              ref.name(),
              ref.metrics().get("ndcg@10").mean());
        }
        uploadReport(base, admin, ds, version, fed, split, refs);
        double centralIals =
            refs.stream()
                .filter(x -> x.name().equalsIgnoreCase("ials"))
                .mapToDouble(x -> x.metrics().get("ndcg@10").mean())
                .findFirst()
                .orElse(Double.NaN);
        if (Double.isFinite(centralIals) && centralIals > 0) {
          o.printf(
              Locale.ROOT,
              "the private model reaches %.2fx central iALS's NDCG@10%n",
              fed.metrics().get("ndcg@10") / centralIals);
        }
        o.println();
        analytics(o, base, admin, fleet, histories, catalogue, analyticsLabels(ds.itemMetadata()));
      }
      o.println();
      o.printf(Locale.ROOT, "demo finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      boolean staying = stay != null ? stay : System.console() != null;
      if (staying) {
        o.println();
        o.println("The server is still running; look at:");
        o.println("  start page      " + base + "/");
        o.println(
            "  dashboard       "
                + base
                + "/admin  (admin token in "
                + dataDir.resolve("admin-token")
                + ")");
        privacyCenter.ifPresent(
            f -> o.println("  privacy center  " + base + "/privacy#" + f + "  (one demo device)"));
        o.println("  privacy notice  " + base + "/v1/privacy/notice");
        o.println("  privacy ledger  " + base + "/v1/privacy/ledger");
        o.println("  API reference   " + base + "/swagger");
        o.println(
            "Ctrl-C stops it"
                + (keepData
                    ? "; its data stays in " + dataDir + ".\n" + offline(dataDir)
                    : " and removes its temporary data (--keep-data keeps it)."));
        o.flush();
        try {
          Thread.currentThread().join();
        } catch (InterruptedException stop) {
          // Asked to stop (a test, an embedding program): the interrupt is the request itself,
          // handled here by closing the server below, which needs an uninterrupted thread.
        }
      } else {
        o.println(
            "The server has stopped (run with --stay to keep the dashboard and privacy center"
                + " up until Ctrl-C).");
        o.println(
            keepData
                ? "Its data is kept in " + dataDir + ".\n" + offline(dataDir)
                : "Its temporary data was removed (--keep-data keeps it).");
        o.flush();
      }
    }
    return 0;
  }

  private static String offline(Path dataDir) {
    return "Read it offline with `./tacit audit verify --data-dir "
        + dataDir
        + "` and `./tacit report --data-dir "
        + dataDir
        + "`.";
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

  private static List<String> ids(Dataset ds, int[] rows) {
    List<String> out = new ArrayList<>(rows.length);
    for (int i : rows) {
      out.add(itemId(ds, i));
    }
    return out;
  }

  private static String itemId(Dataset ds, int i) {
    return clean(ds.items().externalId(i));
  }

  private static String clean(String s) {
    String c = s.replaceAll("[^A-Za-z0-9._:-]", "_");
    return c.isEmpty() ? "_" : c.length() > 64 ? c.substring(0, 64) : c;
  }

  /**
   * The readable analytics label of each catalogue category: the catalogue carries categories as
   * identifiers ("Children_s"), an analytics query may carry up to 128 printable characters
   * ("Children's"). The first name wins where two clean to the same identifier.
   */
  static Map<String, String> analyticsLabels(ItemMetadata meta) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : meta.categoryNames()) {
      String readable = name.replaceAll("\\p{Cntrl}", " ").strip();
      if (readable.length() > 128) {
        readable = readable.substring(0, 128).strip();
      }
      out.putIfAbsent(clean(name), readable.isEmpty() ? clean(name) : readable);
    }
    return out;
  }

  /**
   * Each item's title, where the dataset has one, for the model explorer (one line, cut at 256).
   */
  static Map<String, String> titles(Dataset ds) {
    ItemMetadata meta = ds.itemMetadata();
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(meta.size(), ds.interactions().numItems()); i++) {
      String t = meta.title(i);
      String title = t == null ? "" : t.replaceAll("\\p{Cntrl}", " ").strip();
      if (!title.isEmpty()) {
        out.put(itemId(ds, i), title.substring(0, Math.min(title.length(), 256)));
      }
    }
    return out;
  }

  static List<CatalogueItem> catalogue(Dataset ds) {
    ItemMetadata meta = ds.itemMetadata();
    int[] counts = ds.interactions().itemCounts();
    List<CatalogueItem> out = new ArrayList<>();
    for (int i = 0; i < ds.interactions().numItems(); i++) {
      List<String> cats = new ArrayList<>();
      if (i < meta.size()) {
        for (int c : meta.categoriesOf(i)) {
          cats.add(clean(meta.categoryNames().get(c)));
        }
      }
      out.add(new CatalogueItem(itemId(ds, i), cats, counts[i]));
    }
    return out;
  }

  private static String federatedEvaluation(DeviceFleet fleet, RoundStore store)
      throws InterruptedException {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Long>> synced = new ArrayList<>();
      for (DeviceFleet.Member m : fleet.members()) {
        synced.add(pool.submit(() -> m.client().syncModel()));
      }
      for (Future<Long> f : synced) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          // a device that cannot sync evaluates the version it holds
        }
      }
    }
    fleet.reportEvaluations();
    long latest = store.models().latestVersion().orElse(0L);
    return store.evaluations().stream()
        .filter(e -> e.modelVersion() == latest)
        .findFirst()
        .map(e -> String.format(Locale.ROOT, "%11.4f  %10.4f", e.ndcgAt10(), e.hitAt10()))
        .orElse("");
  }

  private static void printRound(
      PrintWriter o, RoundStore store, DeviceFleet.RoundResult res, String quality) {
    RoundRow row = store.round(res.round()).orElse(null);
    if (res.late() > 0) {
      o.printf(
          Locale.ROOT,
          "       (%d devices answered after a phase had closed: counted as dropouts)%n",
          res.late());
    }
    if (res.failed() > 0) {
      o.printf(
          Locale.ROOT, "       (%d devices failed, e.g.: %s)%n", res.failed(), res.firstFailure());
    }
    if (row == null) {
      o.printf(Locale.ROOT, "    -  no round (%s)%n", res.status());
    } else {
      o.printf(
          Locale.ROOT,
          "%5d  %-9s  %6d  %7d  %8d  %7.3f  %-23s  %.1f%s%n",
          row.round(),
          row.status().wireName(),
          row.cohort(),
          row.survivors(),
          row.cohort() - row.survivors(),
          row.epsilonAfter(),
          quality.isEmpty() ? "" : quality,
          res.seconds(),
          row.status() == RoundSession.Status.ABORTED
                  || row.status() == RoundSession.Status.REJECTED
              ? "  (" + row.note() + ")"
              : "");
    }
    o.flush();
  }

  private static RoundRow lastCompleted(RoundStore store) {
    RoundRow last = null;
    for (RoundRow r : store.rounds()) {
      if (r.status() == RoundSession.Status.COMPLETED) {
        last = r;
      }
    }
    return last;
  }

  private static CooccurrenceFrame.Stage latestStage(RoundStore store) {
    long v = store.models().latestVersion().orElseThrow();
    return CooccurrenceFrame.decode(TensorFrame.decode(store.models().get(v).orElseThrow().frame()))
        .stage();
  }

  private static ModelSnapshot latestModel(
      RoundStore store, int numItems, FederatedConfig federated) {
    long v = store.models().latestVersion().orElseThrow();
    float[] factors = TensorFrame.decode(store.models().get(v).orElseThrow().frame()).floats();
    return ModelSnapshot.of(
        v, numItems, federated.factors(), factors, federated.alpha(), federated.lambda());
  }

  private static HttpResponse<String> call(String method, URI uri, String admin, String body)
      throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpRequest.Builder r =
          HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + admin);
      if (body != null) {
        r.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
      } else {
        r.method(method, HttpRequest.BodyPublishers.noBody());
      }
      return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  /** Gives the dashboard its reference line and fairness audit: this run's models, central too. */
  private static void uploadReport(
      URI base,
      String admin,
      Dataset ds,
      long version,
      FoldResult fed,
      Split split,
      List<ModelReport> refs)
      throws IOException, InterruptedException {
    List<ModelReport> models = new ArrayList<>();
    models.add(
        dev.tacit.core.eval.Evaluation.summarize(
            "federated",
            Map.of("model_version", version),
            List.of(fed),
            new double[] {0},
            new double[] {fed.scoreSeconds()},
            Map.of()));
    models.addAll(refs);
    Map<String, Object> protocol = new LinkedHashMap<>();
    protocol.put("split", split.name());
    protocol.put("source", "tacit demo");
    String json = new EvaluationReport(ds.name(), protocol, models).toJson();
    HttpResponse<String> r = call("POST", base.resolve("/v1/admin/simulation-report"), admin, json);
    if (r.statusCode() >= 300) {
      throw new IllegalStateException("the server refused the demo's report: " + r.body());
    }
  }

  /** One differentially private analytics query: which category each device views most. */
  private static void analytics(
      PrintWriter o,
      URI base,
      String admin,
      DeviceFleet fleet,
      List<List<String>> histories,
      List<CatalogueItem> catalogue,
      Map<String, String> readable)
      throws IOException, InterruptedException {
    List<String> labels = new ArrayList<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    for (CatalogueItem it : catalogue) {
      for (String c : it.categories()) {
        if (!index.containsKey(c)) {
          index.put(c, labels.size());
          labels.add(readable.getOrDefault(c, c));
        }
      }
    }
    if (labels.size() < 2 || new java.util.HashSet<>(labels).size() != labels.size()) {
      o.println("analytics: the catalogue has fewer than two distinct categories; no query run");
      return;
    }
    double eps = 1.0;
    String title = "Most viewed category";
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("metric", "top_category");
    q.put("title", title);
    q.put("labels", labels);
    q.put("epsilon", eps);
    q.put("description", "The category each device viewed most.");
    HttpResponse<String> created =
        call("POST", base.resolve("/v1/admin/analytics/queries"), admin, Json.write(q));
    if (created.statusCode() != 201) {
      o.println("analytics: the query was refused: " + created.body());
      return;
    }
    String id = Json.mapper().readTree(created.body()).path("id").asText();
    Map<String, CatalogueItem> byId = new LinkedHashMap<>();
    for (CatalogueItem it : catalogue) {
      byId.put(it.itemId(), it);
    }
    int sent = 0;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> fs = new ArrayList<>();
      for (int d = 0; d < fleet.size(); d++) {
        DeviceFleet.Member m = fleet.members().get(d);
        // What the app computes on the device, from the device's own history.
        int[] count = new int[labels.size()];
        for (String item : histories.get(d)) {
          CatalogueItem it = byId.get(item);
          if (it != null) {
            for (String c : it.categories()) {
              count[index.get(c)]++;
            }
          }
        }
        int top = 0;
        for (int c = 1; c < count.length; c++) {
          if (count[c] > count[top]) {
            top = c;
          }
        }
        String label = labels.get(top);
        // The device finds the open query itself and answers it by label: the SDK takes ε and the
        // domain from the query, so the answer cannot disagree with it.
        fs.add(
            pool.submit(
                () ->
                    m.client().analyticsQueries().stream()
                        .filter(query -> query.id().equals(id))
                        .findFirst()
                        .map(query -> m.client().answer(query, label))
                        .orElse(false)));
      }
      for (Future<Boolean> f : fs) {
        try {
          sent += f.get() ? 1 : 0;
        } catch (java.util.concurrent.ExecutionException e) {
          // a device whose report failed is simply not counted
        }
      }
    }
    HttpResponse<String> answer =
        call("GET", base.resolve("/v1/admin/analytics/queries/" + id), admin, null);
    JsonNode view = Json.mapper().readTree(answer.body().getBytes(StandardCharsets.UTF_8));
    // Served highest consistent estimate first.
    List<JsonNode> estimates = new ArrayList<>();
    view.path("estimates").forEach(estimates::add);
    o.printf(
        Locale.ROOT,
        "analytics query \"%s\" (top_category; local DP, ε = %s per device, %s): %d reports;"
            + " the server sees only randomized answers.%n"
            + "  Top estimates of devices per category (consistent: never negative, summing to the"
            + " reports), with the unbiased estimate and its 95%% CI:%n",
        title,
        new java.math.BigDecimal(Double.toString(eps)).stripTrailingZeros().toPlainString(),
        "olh".equals(view.path("mechanism").asText())
            ? "optimized local hashing, as the server chose for this many categories"
            : "generalized randomized response, as the server chose for this few categories",
        sent);
    int width = 8;
    for (int i = 0; i < Math.min(5, estimates.size()); i++) {
      width = Math.max(width, estimates.get(i).path("label").asText().length());
    }
    for (int i = 0; i < Math.min(5, estimates.size()); i++) {
      JsonNode e = estimates.get(i);
      o.printf(
          Locale.ROOT,
          "  %-" + width + "s %7.1f   (unbiased %.1f [%.1f, %.1f])%n",
          e.path("label").asText(),
          e.path("estimate").asDouble(),
          e.path("rawEstimate").asDouble(),
          e.path("ciLow").asDouble(),
          e.path("ciHigh").asDouble());
    }
  }

  /**
   * Prints the training ε against each adversary: the ledger's, amplified by sampling, against
   * those who see only the published models; and each device's own against the server, from the
   * server's per-device record and from the devices themselves.
   */
  private static void epsilons(
      PrintWriter o, TacitServer server, DeviceFleet fleet, double samplingRate, double delta) {
    DeviceEpsilons.Summary perDevice =
        new DeviceEpsilons(
                new SqlLedgerStore(server.storage(), server.config().budgets()),
                server.config().deviceBudget())
            .summary();
    double onDevices = 0;
    for (DeviceFleet.Member m : fleet.members()) {
      onDevices = Math.max(onDevices, m.client().epsilonAgainstServer().epsilon());
    }
    ParticipantBudget budget = server.config().deviceBudget();
    o.printf(
        Locale.ROOT,
        "ε against observers of published models (%s): %.3f (δ %s)%n"
            + "ε against the server, per device (its own rounds, no amplification): max %.3f,"
            + " median %.3f over %d devices counted (at most %d rounds each); per-device budget %s%n"
            + "  the devices' own logs, which also count updates sent but lost on the way (so"
            + " never less), give max %.3f%n",
        samplingRate >= 1
            ? "no sampling: every device takes part in every release, so the same against the"
                + " server"
            : "amplified by sampling at q = " + samplingRate,
        server.ledger().spent(Purpose.TRAINING).epsilon(),
        Wording.sci(delta),
        perDevice.maxEpsilon(),
        perDevice.medianEpsilon(),
        perDevice.devicesCounted(),
        perDevice.maxReleases(),
        budget.limited() ? String.format(Locale.ROOT, "%.3f", budget.epsilon()) : "none",
        onDevices);
  }
}
