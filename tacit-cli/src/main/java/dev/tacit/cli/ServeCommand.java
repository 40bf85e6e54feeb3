package dev.tacit.cli;

import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.TacitServer;
import dev.tacit.server.config.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
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

  @CommandLine.Mixin TrainingOptions training = new TrainingOptions();

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
    training.validate(spec.commandLine());
    if (training.deviceEpsilon != null) {
      b.deviceEpsilon(training.deviceEpsilon);
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
        TacitServer.create(config)
            .withTraining(training.settings(config, spec.commandLine()))
            .withEvaluation(evaluation);
    if (auditKey != null) {
      created.withAuditKeyFile(auditKey);
    }
    TacitServer server = created.start();
    out.println("tacit server listening on " + server.baseUri());
    out.println("training: " + server.rounds().algorithm());
    out.flush();
    if (training.refresh > 0 && training.model.equals("cooccurrence")) {
      java.util.concurrent.ScheduledExecutorService refresher =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "tacit-model-refresh");
                t.setDaemon(true);
                return t;
              });
      long every = (long) (training.refresh * 1000);
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
