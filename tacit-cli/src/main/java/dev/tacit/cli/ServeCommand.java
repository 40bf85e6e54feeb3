package dev.tacit.cli;

import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.round.RoundRules;
import dev.tacit.privacy.accounting.NoiseCalibrator;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.ServerConfig;
import dev.tacit.server.TacitServer;
import dev.tacit.server.rounds.RoundPacing;
import dev.tacit.server.rounds.TrainingSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tacit serve}: runs the coordinator. With no option it serves plain HTTP on port 8080 with
 * an embedded SQLite database in {@code ./tacit-data}, and writes a generated admin token there.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Runs the Tacit server (devices, consent and privacy ledgers, models, audit log), with"
            + " the operator dashboard at /admin and the privacy center at /privacy.")
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port (0 for a random one; default 8080).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "Address to bind (default 0.0.0.0, every interface).")
  String host;

  @Option(
      names = "--db",
      paramLabel = "URL",
      description = "JDBC URL, e.g. jdbc:postgresql://host/db (default: SQLite in the data dir).")
  String db;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "tacit-data",
      description =
          "Data directory (SQLite file, admin token, generated keys; default ./tacit-data).")
  Path dataDir;

  @Option(
      names = "--tls-self-signed",
      description = "Serve HTTPS with a self-signed certificate generated at start (development).")
  boolean tlsSelfSigned;

  @Option(
      names = "--tls-keystore",
      paramLabel = "PATH",
      description = "Serve HTTPS with this PKCS#12 keystore.")
  Path tlsKeystore;

  @Option(
      names = "--tls-password",
      paramLabel = "PASSWORD",
      description = "Keystore password (default: the TACIT_TLS_PASSWORD environment variable).")
  String tlsPassword;

  @Option(
      names = "--policy-version",
      defaultValue = "1",
      description = "Version of the privacy policy shown to users (default 1).")
  String policyVersion;

  @Option(
      names = "--epsilon",
      paramLabel = "PURPOSE=EPS",
      description =
          "Epsilon budget of a purpose (training, evaluation, analytics); repeatable (defaults:"
              + " training=8, evaluation=4, analytics=2).")
  Map<String, Double> epsilons = new LinkedHashMap<>();

  @Option(
      names = "--delta",
      defaultValue = "1e-6",
      description = "Delta of every budget (default 1e-6).")
  double delta;

  @Option(
      names = "--simulation-report",
      paramLabel = "FILE",
      description =
          "JSON report of `tacit simulate --out` or `tacit evaluate --out` for the dashboard's"
              + " fairness audit and central baseline (/admin); kept in the database.")
  Path simulationReport;

  @Option(
      names = "--fairness-gap-threshold",
      paramLabel = "GAP",
      defaultValue = "0.05",
      description =
          "NDCG@10 gap between user groups above which the dashboard warns (default 0.05).")
  double fairnessGapThreshold;

  @Option(
      names = "--public-metrics",
      description =
          "Serve /metrics without the admin token (default: it needs the token), for a scraper"
              + " on a network you trust.")
  boolean publicMetrics;

  @Option(
      names = "--registration-burst",
      defaultValue = "60",
      paramLabel = "N",
      description = "Registrations one address (IPv4, or IPv6 /64) may make at once (default 60).")
  int registrationBurst;

  @Option(
      names = "--registration-rate",
      defaultValue = "1",
      paramLabel = "PER_SECOND",
      description = "Registrations one address may make per second after the burst (default 1).")
  double registrationRate;

  @Option(
      names = "--attestation",
      defaultValue = "none",
      paramLabel = "NAME",
      description =
          "The device attestation a registration must pass: none (default), or the name of a"
              + " dev.tacit.server.attestation.RegistrationAttestation on the class path (Play"
              + " Integrity, App Attest; see the README's threat model).")
  String attestation;

  @Option(
      names = "--evaluation-min-reports",
      paramLabel = "N",
      defaultValue = "500",
      description =
          "Federated evaluation: a model version's figures are released once, when N devices"
              + " have reported on it (default 500); one report per device per version.")
  int evaluationMinReports;

  @Option(
      names = "--evaluation-noise-multiplier",
      paramLabel = "Z",
      defaultValue = "7",
      description =
          "Federated evaluation: Gaussian noise multiplier of each release, charged to the"
              + " evaluation budget (default 7: 30 releases fit in epsilon = 4 at delta = 1e-6).")
  double evaluationNoiseMultiplier;

  @Option(
      names = "--audit-key",
      paramLabel = "FILE",
      description =
          "The key of the audit log's chain (HMAC-SHA256), created owner-only when absent"
              + " (default: <data-dir>/audit-key). Keep it apart from the database, e.g. off the"
              + " database host; every server on one database needs the same key.")
  Path auditKey;

  @Option(names = "--exit-after-start", hidden = true, description = "Start, print, stop (tests).")
  boolean exitAfterStart;

  @Option(
      names = "--model",
      defaultValue = "ials",
      description =
          "Training: the private model, 'ials' (default: federated iALS in sampled rounds) or"
              + " 'cooccurrence' (two releases, the popularity of every item then the co-occurrence"
              + " of the most popular ones, in which every device with training consent takes"
              + " part: q = 1, so the epsilon against the server is the published one).")
  String model;

  @Option(
      names = "--popularity-share",
      defaultValue = "0.05",
      description =
          "Training, --model cooccurrence: the share of the training budget's RDP spent on the"
              + " popularity release, in (0, 1) (default 0.05); the co-occurrence release gets the"
              + " rest.")
  double popularityShare;

  @Option(
      names = "--refresh",
      defaultValue = "0",
      description =
          "Training, --model cooccurrence: seconds between retrainings of the model, each two more"
              + " releases charged to the same training budget, which bounds them all; 0 (default)"
              + " trains it once.")
  double refresh;

  @Option(
      names = "--sampling-rate",
      defaultValue = "0.1",
      description =
          "Training: probability q that a checking-in device joins a round (default 0.1).")
  double samplingRate;

  @Option(
      names = "--min-cohort",
      defaultValue = "10",
      description = "Training: fewest devices a round runs with, >= 3 (default 10).")
  int minCohort;

  @Option(
      names = "--max-cohort",
      defaultValue = "10000",
      description = "Training: most devices a round recruits (default 10000).")
  int maxCohort;

  @Option(
      names = "--recruit-window",
      defaultValue = "60",
      description = "Training: seconds a round recruits (default 60).")
  double recruitWindow;

  @Option(
      names = "--phase-timeout",
      defaultValue = "60",
      description = "Training: seconds each SecAgg+ phase waits for devices (default 60).")
  double phaseTimeout;

  @Option(
      names = "--quorum",
      defaultValue = "1",
      description =
          "Training: a phase closes early once this fraction of its devices has sent, nothing"
              + " arrived for --idle-gap, half as long again as the quorum took has passed, and"
              + " every device keeps the SecAgg+ threshold of neighbours (default 1: wait for all"
              + " or the timeout).")
  double quorum;

  @Option(
      names = "--idle-gap",
      defaultValue = "1",
      description = "Training: seconds of quiet after which a quorate phase closes (default 1).")
  double idleGap;

  @Option(
      names = "--noise-multiplier",
      description =
          "Training: noise multiplier z (default: the one that fits 20 rounds in the training"
              + " budget at the sampling rate; with --model cooccurrence, the z of one release"
              + " with the privacy of both, by default the one that spends the whole budget).")
  Double noiseMultiplier;

  @Option(
      names = "--clip",
      defaultValue = "5",
      description = "Training: L2 clip norm of each update (default 5).")
  double clip;

  @Option(
      names = "--colluding-fraction",
      defaultValue = "0.2",
      description =
          "Training: fraction kappa of the devices counted in a round that may add no noise"
              + " (collude with the server) while epsilon still holds; each device's noise grows"
              + " by about sqrt(1/(1-kappa)); stated next to epsilon in the privacy notice, the"
              + " dashboard and the model card (default 0.2).")
  double colludingFraction;

  @Option(
      names = "--device-epsilon",
      description =
          "Training: the epsilon each device may reach against the server, which sees who takes"
              + " part: the rounds the device was counted in, composed without amplification by"
              + " sampling, at the training delta. A device whose next round would pass it is not"
              + " admitted to the round. 'Infinity' for no limit (default twice the training epsilon:"
              + " a device sampled into its expected share of rounds reaches 1.3 to 1.4 times it,"
              + " so twice stops only devices sampled far more often than the rest).")
  Double deviceEpsilon;

  @Option(
      names = "--round-interval",
      defaultValue = "2",
      description =
          "Training: least seconds between two round openings (default 2; a device told to wait"
              + " up to 2 s checks in again by itself).")
  double roundInterval;

  @Option(
      names = "--shortfall-backoff",
      defaultValue = "30",
      description =
          "Training: seconds before the next round after one aborted for lack of devices, doubled"
              + " after each such round in a row, up to --max-backoff (default 30).")
  double shortfallBackoff;

  @Option(
      names = "--max-backoff",
      defaultValue = "3600",
      description = "Training: the longest back-off after rounds short of devices (default 3600).")
  double maxBackoff;

  @Option(
      names = "--population",
      defaultValue = "1000",
      description =
          "Training: devices expected over time, for the item regularization (default 1000).")
  int population;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ServerConfig.Builder b =
        ServerConfig.builder()
            .host(host)
            .port(port)
            .dataDir(dataDir)
            .policyVersion(policyVersion)
            .budgets(budgets())
            .fairnessGapThreshold(fairnessGapThreshold)
            .publicMetrics(publicMetrics);
    if (registrationBurst < 1) {
      throw new ParameterException(
          spec.commandLine(), "--registration-burst must be >= 1, was " + registrationBurst);
    }
    if (!(registrationRate > 0) || !Double.isFinite(registrationRate)) {
      throw new ParameterException(
          spec.commandLine(),
          "--registration-rate must be > 0 and finite, was " + registrationRate);
    }
    b.registrationLimit(new ServerConfig.RateLimit(registrationBurst, registrationRate));
    try {
      b.attestation(dev.tacit.server.attestation.RegistrationAttestation.load(attestation));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--attestation: " + e.getMessage());
    }
    if (deviceEpsilon != null) {
      if (!(deviceEpsilon > 0)) {
        throw new ParameterException(
            spec.commandLine(),
            "--device-epsilon must be > 0 (or Infinity for no limit), was " + deviceEpsilon);
      }
      b.deviceEpsilon(deviceEpsilon);
    }
    if (simulationReport != null) {
      if (!java.nio.file.Files.isRegularFile(simulationReport)) {
        throw new ParameterException(
            spec.commandLine(), "--simulation-report: no such file " + simulationReport);
      }
      b.simulationReport(simulationReport);
    }
    if (db != null) {
      b.databaseUrl(db);
    }
    if (tlsSelfSigned && tlsKeystore != null) {
      throw new ParameterException(
          spec.commandLine(), "--tls-self-signed and --tls-keystore exclude each other");
    }
    if (tlsSelfSigned) {
      b.tls(ServerConfig.TlsConfig.selfSigned());
    } else if (tlsKeystore != null) {
      String password = tlsPassword != null ? tlsPassword : System.getenv("TACIT_TLS_PASSWORD");
      if (password == null) {
        throw new ParameterException(
            spec.commandLine(), "--tls-keystore needs --tls-password or TACIT_TLS_PASSWORD");
      }
      b.tls(ServerConfig.TlsConfig.keystore(tlsKeystore, password));
    }
    ServerConfig config = b.build();
    dev.tacit.server.evaluation.EvaluationSettings evaluation;
    try {
      evaluation =
          new dev.tacit.server.evaluation.EvaluationSettings(
              evaluationMinReports, evaluationNoiseMultiplier);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--evaluation-*: " + e.getMessage());
    }
    TacitServer created =
        TacitServer.create(config).withTraining(training(config)).withEvaluation(evaluation);
    if (auditKey != null) {
      created.withAuditKeyFile(auditKey);
    }
    TacitServer server = created.start();
    out.println("tacit server listening on " + server.baseUri());
    out.println("training: " + server.rounds().algorithm());
    out.flush();
    if (!(refresh >= 0 && Double.isFinite(refresh))) {
      throw new ParameterException(
          spec.commandLine(), "--refresh must be >= 0 seconds, was " + refresh);
    }
    if (refresh > 0 && model.equals("cooccurrence")) {
      java.util.concurrent.ScheduledExecutorService refresher =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "tacit-model-refresh");
                t.setDaemon(true);
                return t;
              });
      long every = (long) (refresh * 1000);
      refresher.scheduleWithFixedDelay(
          () -> {
            try {
              if (server.rounds().ready() && server.rounds().refreshCooccurrence()) {
                out.println("training: another pair of releases of the co-occurrence model");
                out.flush();
              }
            } catch (RuntimeException e) {
              out.println("training: no refresh: " + e.getMessage());
              out.flush();
            }
          },
          every,
          every,
          java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    if (exitAfterStart) {
      server.close();
      return 0;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "tacit-serve-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      server.close();
    }
    return 0;
  }

  private TrainingSettings training(ServerConfig config) {
    PrivacyBudget budget = config.budgets().get(Purpose.TRAINING);
    double z;
    try {
      if (!model.equals("ials") && !model.equals("cooccurrence")) {
        throw new IllegalArgumentException("--model must be ials or cooccurrence, was " + model);
      }
      if (model.equals("cooccurrence")) {
        double combined =
            noiseMultiplier != null
                ? noiseMultiplier
                : NoiseCalibrator.noiseMultiplier(budget.epsilon(), budget.delta(), 1, 1)
                    * (1 + 1e-9);
        return TrainingSettings.cooccurrence(
                CooccurrenceConfig.defaults().withPopularityShare(popularityShare),
                PrivacySettings.distributed(1.0, combined, 0.8)
                    .withColludingFraction(colludingFraction),
                new RoundRules(
                        1,
                        minCohort,
                        maxCohort,
                        Duration.ofMillis((long) (recruitWindow * 1000)),
                        Duration.ofMillis((long) (phaseTimeout * 1000)))
                    .withQuorum(quorum, Duration.ofMillis((long) (idleGap * 1000))),
                population)
            .withPacing(
                new RoundPacing(
                    seconds(roundInterval, "--round-interval"),
                    seconds(shortfallBackoff, "--shortfall-backoff"),
                    seconds(maxBackoff, "--max-backoff")));
      }
      if (!(samplingRate > 0 && samplingRate <= 1)) {
        throw new IllegalArgumentException(
            "--sampling-rate must be in (0, 1], was " + samplingRate);
      }
      z =
          noiseMultiplier != null
              ? noiseMultiplier
              : NoiseCalibrator.noiseMultiplier(
                  budget.epsilon(), budget.delta(), samplingRate, TrainingSettings.DEFAULT_ROUNDS);
      return new TrainingSettings(
          FederatedConfig.defaults(),
          PrivacySettings.distributed(clip, z, 0.8).withColludingFraction(colludingFraction),
          new RoundRules(
                  samplingRate,
                  minCohort,
                  maxCohort,
                  Duration.ofMillis((long) (recruitWindow * 1000)),
                  Duration.ofMillis((long) (phaseTimeout * 1000)))
              .withQuorum(quorum, Duration.ofMillis((long) (idleGap * 1000))),
          population,
          new RoundPacing(
              seconds(roundInterval, "--round-interval"),
              seconds(shortfallBackoff, "--shortfall-backoff"),
              seconds(maxBackoff, "--max-backoff")));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private static Duration seconds(double value, String option) {
    if (!(value >= 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(option + " must be >= 0 seconds, was " + value);
    }
    return Duration.ofMillis((long) (value * 1000));
  }

  private Map<Purpose, PrivacyBudget> budgets() {
    Map<Purpose, PrivacyBudget> budgets = new EnumMap<>(Purpose.class);
    ServerConfig.defaultBudgets()
        .forEach((p, bud) -> budgets.put(p, new PrivacyBudget(bud.epsilon(), delta)));
    for (Map.Entry<String, Double> e : epsilons.entrySet()) {
      Purpose p = null;
      for (Purpose q : Purpose.values()) {
        if (q.budgeted() && q.name().equalsIgnoreCase(e.getKey())) {
          p = q;
        }
      }
      if (p == null) {
        throw new ParameterException(
            spec.commandLine(),
            "--epsilon purpose must be training, evaluation or analytics, was " + e.getKey());
      }
      budgets.put(p, new PrivacyBudget(e.getValue(), delta));
    }
    return budgets;
  }
}
