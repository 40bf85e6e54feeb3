package dev.tacit.cli;

import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.budget.Purpose;
import dev.tacit.server.ServerConfig;
import dev.tacit.server.TacitServer;
import java.io.PrintWriter;
import java.nio.file.Path;
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

  @Option(names = "--port", defaultValue = "8080", description = "Port (0 for a random one).")
  int port;

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to bind.")
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
      description = "Data directory (SQLite file, admin token, generated keys).")
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
      description = "Version of the privacy policy shown to users.")
  String policyVersion;

  @Option(
      names = "--epsilon",
      paramLabel = "PURPOSE=EPS",
      description = "Epsilon budget of a purpose (training, evaluation, analytics); repeatable.")
  Map<String, Double> epsilons = new LinkedHashMap<>();

  @Option(names = "--delta", defaultValue = "1e-6", description = "Delta of every budget.")
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
      description = "NDCG@10 gap between user groups above which the dashboard warns.")
  double fairnessGapThreshold;

  @Option(names = "--exit-after-start", hidden = true, description = "Start, print, stop (tests).")
  boolean exitAfterStart;

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
            .fairnessGapThreshold(fairnessGapThreshold);
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
    TacitServer server = TacitServer.create(b.build()).start();
    out.println("tacit server listening on " + server.baseUri());
    out.flush();
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
      Purpose p;
      try {
        p = Purpose.valueOf(e.getKey().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException ex) {
        throw new ParameterException(
            spec.commandLine(),
            "--epsilon purpose must be training, evaluation or analytics, was " + e.getKey());
      }
      budgets.put(p, new PrivacyBudget(e.getValue(), delta));
    }
    return budgets;
  }
}
