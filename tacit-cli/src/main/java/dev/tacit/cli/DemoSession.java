package dev.tacit.cli;

import dev.tacit.cli.text.Wording;
import dev.tacit.core.eval.FoldResult;
import dev.tacit.core.report.ModelReport;
import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.cooccurrence.CooccurrenceFrame;
import dev.tacit.federated.server.round.SessionStatus;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.participant.ParticipantBudget;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.TacitServer;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.evaluation.EvaluationSettings;
import dev.tacit.server.rounds.TrainingSettings;
import dev.tacit.server.store.DeviceEpsilons;
import dev.tacit.server.store.ModelVersion;
import dev.tacit.server.store.RoundRow;
import dev.tacit.server.store.ServerRecords;
import dev.tacit.sim.CooccurrenceEvaluation;
import dev.tacit.sim.Experiment;
import dev.tacit.sim.FederatedEvaluation;
import dev.tacit.sim.fleet.DeviceFleet;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One run of {@code tacit demo} once its data and settings are chosen: it starts the server,
 * creates the devices, runs the rounds and prints each, compares the private model with central
 * training, runs the analytics query, and keeps the server up or stops it.
 */
final class DemoSession {
  /**
   * The demo's settings from its command line.
   *
   * @param cooccurrence the private co-occurrence model (else federated iALS)
   * @param rounds federated iALS rounds
   * @param epsilon the training budget ε
   * @param delta the training budget δ
   * @param dropout the probability that a device drops out of a round
   * @param colludingFraction κ
   * @param port the server's port (0 for a free one)
   * @param deviceEpsilon the per-device ε against the server, or null for the server's default
   * @param seed the seed of the dropouts
   * @param stay whether the server stays up after the demo
   * @param keepData whether the data directory is kept
   * @param why the sentence that says why the demo trains the model it does
   */
  record Options(
      boolean cooccurrence,
      int rounds,
      double epsilon,
      double delta,
      double dropout,
      double colludingFraction,
      int port,
      Double deviceEpsilon,
      long seed,
      boolean stay,
      boolean keepData,
      String why) {}

  private final Options options;
  private final DemoData data;
  private final TrainingSettings training;
  private final Path dataDir;

  DemoSession(Options options, DemoData data, TrainingSettings training, Path dataDir) {
    this.options = options;
    this.data = data;
    this.training = training;
    this.dataDir = dataDir;
  }

  /** Runs the demo, printing to {@code o}; {@code t0} is when the demo started. */
  int run(PrintWriter o, long t0) throws Exception {
    int population = data.population();
    // Federated evaluation is released once per model version, when three quarters of the
    // devices that hold back items have reported on it, with the default noise (30 releases fit
    // in its budget).
    long evaluators = data.heldBack().stream().filter(h -> !h.isEmpty()).count();
    EvaluationSettings evaluation =
        new EvaluationSettings(
            (int) Math.max(1, evaluators * 3 / 4), EvaluationSettings.DEFAULT_NOISE_MULTIPLIER);
    try (TacitServer server =
        TacitServer.create(config(population))
            .withTraining(training)
            .withEvaluation(evaluation)
            .start()) {
      URI base = server.baseUri();
      String admin = Files.readString(dataDir.resolve("admin-token")).trim();
      server.rounds().publishCatalogue(data.catalogue());
      server.records().replaceItemTitles(DemoData.titles(data.dataset()));
      printSetup(o, base);
      Set<Purpose> grants =
          Set.of(Purpose.PERSONALIZATION, Purpose.TRAINING, Purpose.EVALUATION, Purpose.ANALYTICS);
      long tf = System.nanoTime();
      Optional<String> privacyCenter = Optional.empty();
      try (DeviceFleet fleet =
          DeviceFleet.create(
              dataDir.resolve("devices"),
              base,
              data.histories(),
              data.heldBack(),
              grants,
              options.seed(),
              // The devices state their own ε at the demo's δ; the server enforces the budget.
              ParticipantBudget.unlimited(options.delta()))) {
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
        train(o, server, fleet);
        o.println();
        compare(o, server, fleet, base, admin);
        o.println();
        DemoAdmin.analytics(
            o,
            base,
            admin,
            fleet,
            data.histories(),
            data.catalogue(),
            DemoData.analyticsLabels(data.dataset().itemMetadata()));
      }
      o.println();
      o.printf(Locale.ROOT, "demo finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      stayOrStop(o, base, privacyCenter);
    }
    return 0;
  }

  private ServerConfig config(int population) {
    Map<Purpose, PrivacyBudget> budgets = new EnumMap<>(ServerConfig.defaultBudgets());
    budgets.put(Purpose.TRAINING, new PrivacyBudget(options.epsilon(), options.delta()));
    ServerConfig.Builder configBuilder =
        ServerConfig.builder()
            .host("127.0.0.1")
            .port(options.port())
            .dataDir(dataDir)
            .budgets(budgets)
            // Every device of the demo registers from loopback, one address.
            .registrationLimit(new ServerConfig.RateLimit(population, population));
    if (options.deviceEpsilon() != null) {
      configBuilder.deviceEpsilon(options.deviceEpsilon());
    }
    return configBuilder.build();
  }

  private void printSetup(PrintWriter o, URI base) {
    o.printf(
        Locale.ROOT,
        "server: %s on SQLite in %s%ndashboard: %s/admin (admin token in %s)%n",
        base,
        dataDir,
        base,
        dataDir.resolve("admin-token"));
    o.println(options.why());
    o.printf(
        Locale.ROOT,
        "%d devices (one per user, each a real TacitClient with an encrypted store), %d items;"
            + " q = %s, %.0f%% dropouts, ε budget %s at δ %s, %s, κ = %s (ε holds if at most"
            + " that fraction of a round's devices add no noise)%n",
        data.population(),
        data.catalogue().size(),
        training.rules().samplingRate(),
        options.dropout() * 100,
        options.epsilon(),
        Wording.sci(options.delta()),
        options.cooccurrence()
            ? "clip 1 per release"
            : String.format(
                Locale.ROOT, "noise multiplier %.3f, clip 5", training.privacy().noiseMultiplier()),
        options.colludingFraction());
    o.flush();
  }

  /** The rounds, each printed as it ends, until the plan, the budget or a pause stops them. */
  private void train(PrintWriter o, TacitServer server, DeviceFleet fleet)
      throws InterruptedException {
    ServerRecords records = server.records();
    Random random = new Random(options.seed());
    boolean cooccurrence = options.cooccurrence();
    int rounds = options.rounds();
    int planned = cooccurrence ? 2 : rounds;
    // A release that aborts (too many dropouts, a machine too busy) is run again, at most
    // four times in all.
    int limit = cooccurrence ? planned + 4 : rounds;
    int every = Math.max(1, planned / 4);
    for (int r = 1; r <= limit; r++) {
      DeviceFleet.RoundResult res = fleet.runRound(options.dropout(), random);
      boolean complete = cooccurrence && latestStage(records) == CooccurrenceFrame.Stage.COMPLETE;
      String quality = "";
      if (cooccurrence ? complete : r % every == 0 || r == rounds) {
        quality = federatedEvaluation(fleet, records);
      }
      printRound(o, records, res, quality);
      Optional<String> paused = server.rounds().paused();
      if (paused.isPresent()) {
        o.println("stopped: " + paused.get());
        break;
      }
      if (complete) {
        break;
      }
    }
  }

  /** The private model against central training on raw data, and the ε against each adversary. */
  private void compare(PrintWriter o, TacitServer server, DeviceFleet fleet, URI base, String admin)
      throws Exception {
    ServerRecords records = server.records();
    FederatedConfig federated = training.federated();
    ModelVersion latest = records.latestModel().orElseThrow();
    long version = latest.version();
    FoldResult fed =
        options.cooccurrence()
            ? CooccurrenceEvaluation.evaluate(
                CooccurrenceFrame.decode(TensorFrame.decode(latest.frame())).model(),
                data.split(),
                data.dataset().userAttributes())
            : FederatedEvaluation.evaluate(
                latestModel(records, data.catalogue().size(), federated),
                data.split(),
                data.dataset().userAttributes());
    List<ModelReport> refs =
        Experiment.references(
            List.of(data.split()),
            data.dataset().userAttributes(),
            federated,
            options.seed(),
            (what, done, total) -> {});
    RoundRow last = lastCompleted(records);
    o.printf(
        Locale.ROOT,
        "federated model v%d (%s; SecAgg+, distributed DP, over HTTP): NDCG@10 %.4f,"
            + " Recall@20 %.4f at ε = %.3f (δ %s), %s%n",
        version,
        options.cooccurrence() ? "private co-occurrence" : "federated iALS",
        fed.metrics().get("ndcg@10"),
        fed.metrics().get("recall@20"),
        server.ledger().spent(Purpose.TRAINING).epsilon(),
        Wording.sci(options.delta()),
        Wording.count(
            last == null
                ? 0
                : records.rounds().stream()
                    .filter(x -> x.status() == SessionStatus.COMPLETED)
                    .count(),
            options.cooccurrence() ? "completed release" : "completed round"));
    epsilons(o, server, fleet, training.rules().samplingRate(), options.delta());
    for (ModelReport ref : refs) {
      o.printf(
          Locale.ROOT,
          "central %-6s (raw data, no privacy):  NDCG@10 %.4f%n",
          ref.name(),
          ref.metrics().get("ndcg@10").mean());
    }
    DemoAdmin.uploadReport(base, admin, data.dataset(), version, fed, data.split(), refs);
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
  }

  /** Keeps the server up until Ctrl-C when asked to, and says where to look either way. */
  private void stayOrStop(PrintWriter o, URI base, Optional<String> privacyCenter) {
    boolean keepData = options.keepData();
    if (options.stay()) {
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

  private static String offline(Path dataDir) {
    return "Read it offline with `./tacit audit verify --data-dir "
        + dataDir
        + "` and `./tacit report --data-dir "
        + dataDir
        + "`.";
  }

  private static String federatedEvaluation(DeviceFleet fleet, ServerRecords records)
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
    long latest = records.latestModel().map(ModelVersion::version).orElse(0L);
    return records.evaluations().stream()
        .filter(e -> e.modelVersion() == latest)
        .findFirst()
        .map(e -> String.format(Locale.ROOT, "%11.4f  %10.4f", e.ndcgAt10(), e.hitAt10()))
        .orElse("");
  }

  private static void printRound(
      PrintWriter o, ServerRecords records, DeviceFleet.RoundResult res, String quality) {
    RoundRow row = records.round(res.round()).orElse(null);
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
          row.status() == SessionStatus.ABORTED || row.status() == SessionStatus.REJECTED
              ? "  (" + row.note() + ")"
              : "");
    }
    o.flush();
  }

  private static RoundRow lastCompleted(ServerRecords records) {
    RoundRow last = null;
    for (RoundRow r : records.rounds()) {
      if (r.status() == SessionStatus.COMPLETED) {
        last = r;
      }
    }
    return last;
  }

  private static CooccurrenceFrame.Stage latestStage(ServerRecords records) {
    return CooccurrenceFrame.decode(TensorFrame.decode(records.latestModel().orElseThrow().frame()))
        .stage();
  }

  private static ModelSnapshot latestModel(
      ServerRecords records, int numItems, FederatedConfig federated) {
    ModelVersion v = records.latestModel().orElseThrow();
    float[] factors = TensorFrame.decode(v.frame()).floats();
    return ModelSnapshot.of(
        v.version(), numItems, federated.factors(), factors, federated.alpha(), federated.lambda());
  }

  /**
   * Prints the training ε against each adversary: the ledger's, amplified by sampling, against
   * those who see only the published models; and each device's own against the server, from the
   * server's per-device record and from the devices themselves.
   */
  private static void epsilons(
      PrintWriter o, TacitServer server, DeviceFleet fleet, double samplingRate, double delta) {
    DeviceEpsilons.Summary perDevice =
        server.records().deviceEpsilons(server.config().deviceBudget());
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
