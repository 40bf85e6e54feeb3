package dev.tacit.cli;

import dev.tacit.cli.load.LoadClient;
import dev.tacit.cli.load.LoadReport;
import dev.tacit.cli.load.PhaseRunner;
import dev.tacit.cli.load.PhaseStats;
import dev.tacit.cli.load.Workload;
import dev.tacit.client.jdk.JdkHttpTransport;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.TacitServer;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.rounds.RoundRoutes;
import dev.tacit.server.rounds.TrainingSettings;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import dev.tacit.server.store.Storage;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tacit loadtest}: a load benchmark of the server over loopback. It starts a server (on
 * SQLite in a temporary directory, or {@code --db}), publishes a catalogue, registers the devices
 * and grants their training consent (setup, not measured), then measures two phases with every
 * device looping request after request on its own virtual thread through one shared {@link
 * HttpClient}, by the SDK's {@link JdkHttpTransport}: model downloads ({@code GET /v1/models/0}
 * with gzip) and check-ins ({@code POST /v1/devices/{id}/check-in?wait=0}).
 */
@Command(
    name = "loadtest",
    mixinStandardHelpOptions = true,
    description = {
      "Load benchmark over loopback: model downloads and check-ins per second from concurrent"
          + " simulated devices, with p50, p90, p99 and max latency.",
      "Client and server run in this one JVM and share its cores. Exit code 0 when every request"
          + " succeeded, 1 when any failed (the figures are printed either way), 2 for bad"
          + " arguments."
    })
public final class LoadTestCommand implements Callable<Integer> {
  private static final String API_LOGGER = "org.slf4j.simpleLogger.log.dev.tacit.server.http.Api";
  private static final int RATE_LIMIT = 1_000_000;

  @Spec CommandSpec spec;

  @Option(
      names = "--devices",
      defaultValue = "1000",
      description = "Concurrent simulated devices, 1 to 10000 (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--seconds",
      defaultValue = "15",
      description = "Measured seconds of each phase, 1 to 3600 (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description =
          "Seconds of the same load before each phase, not counted, 0 to 600; the devices start"
              + " one after another over its first half (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--items",
      defaultValue = "1682",
      description =
          "Catalogue items, i.e. rows of the model (k = 32 factors each), 1 to 10000 (default:"
              + " ${DEFAULT-VALUE}, as MovieLens 100K).")
  int items;

  @Option(
      names = "--db",
      paramLabel = "URL",
      description = "JDBC URL (default: SQLite in a temporary directory, deleted afterwards).")
  String db;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path outFile;

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    boolean quietRequestLog = System.getProperty(API_LOGGER) == null;
    if (quietRequestLog) {
      System.setProperty(API_LOGGER, "warn");
    }
    Path dir = Files.createTempDirectory("tacit-loadtest-");
    try {
      return run(out, dir, quietRequestLog);
    } finally {
      deleteTree(dir);
    }
  }

  private void validate() {
    requireIn("--devices", devices, 1, 10_000);
    requireIn("--seconds", seconds, 1, 3600);
    requireIn("--warmup", warmup, 0, 600);
    requireIn("--items", items, 1, 10_000);
    if (outFile != null && outFile.getParent() != null && !Files.isDirectory(outFile.getParent())) {
      throw new ParameterException(
          spec.commandLine(), "--out: no such directory " + outFile.getParent());
    }
  }

  private void requireIn(String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ParameterException(
          spec.commandLine(), option + " must be in [" + min + ", " + max + "], was " + value);
    }
  }

  private int run(PrintWriter out, Path dir, boolean quietRequestLog) throws Exception {
    SecureRandom random = new SecureRandom();
    Secret admin = Tokens.newToken(random);
    ServerConfig.Builder b =
        ServerConfig.builder()
            .host("127.0.0.1")
            .port(0)
            .dataDir(dir)
            .adminToken(admin)
            .rateLimit(new ServerConfig.RateLimit(RATE_LIMIT, RATE_LIMIT))
            // Every simulated device registers from loopback, one address.
            .registrationLimit(new ServerConfig.RateLimit(RATE_LIMIT, RATE_LIMIT));
    if (db != null) {
      b.databaseUrl(db);
    }
    ServerConfig config = b.build();
    PrivacyBudget budget = config.budgets().get(Purpose.TRAINING);
    // One round recruits for the whole run: minCohort above any --devices keeps recruiting open
    // (it closes early only once every eligible device has checked in), and the window outlasts
    // the run, so every check-in takes the recruiting path and no round reaches SecAgg+.
    TrainingSettings training =
        TrainingSettings.defaults(budget.epsilon(), budget.delta())
            .withRules(
                new RoundRules(
                    RoundRules.defaults().samplingRate(),
                    100_000,
                    100_000,
                    Duration.ofHours(2),
                    RoundRules.defaults().phaseTimeout()));
    try (TacitServer server = TacitServer.create(config).withTraining(training).start();
        ExecutorService clientThreads = Executors.newVirtualThreadPerTaskExecutor();
        HttpClient http =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(clientThreads)
                .build()) {
      URI base = server.baseUri();
      LoadClient client = new LoadClient(JdkHttpTransport.of(http), base);
      out.printf(
          Locale.ROOT,
          "tacit loadtest: %d devices on loopback (%s), %d s per phase after %d s of warm-up"
              + " (devices start one after another over its first half)%n",
          devices,
          base,
          seconds,
          warmup);
      String database =
          db == null
              ? "SQLite (embedded, temporary directory)"
              : Storage.dialectOf(db).name().toLowerCase(Locale.ROOT) + " (--db)";
      Map<String, Object> machine = LoadReport.machine();
      out.printf(
          Locale.ROOT,
          "machine: %s cores, JDK %s (%s), %s; client and server share this JVM; database %s%n",
          machine.get("cores"),
          machine.get("jdk"),
          machine.get("jdkVendor"),
          machine.get("os"),
          database);
      out.printf(
          Locale.ROOT,
          "per-device and registration rate limits raised to %,d/s so that no answer is a 429%s%n",
          RATE_LIMIT,
          quietRequestLog ? "; per-request log of the server off (WARN)" : "");
      out.flush();

      // ---- setup, not measured
      String catalogue =
          client.publishCatalogue(
              items, admin.reveal(), new RoundRoutes.CatalogueUpload(LoadClient.catalogue(items)));
      byte[] frame = client.fetch("/v1/models/0", false);
      int[] shape = TensorFrame.decode(frame).shape();
      byte[] gzipped = client.fetch("/v1/models/0", true);
      if (!Arrays.equals(LoadClient.gunzip(gzipped), frame)) {
        throw new IllegalStateException("the gzipped model differs from the plain one");
      }
      out.printf(
          Locale.ROOT,
          "model v0: %s, %d x %d floats, %,d bytes (%,d gzipped)%n",
          catalogue,
          shape[0],
          shape.length > 1 ? shape[1] : 1,
          frame.length,
          gzipped.length);
      long setupStart = System.nanoTime();
      List<LoadClient.Device> all = client.register(devices, config.policyVersion());
      out.printf(
          Locale.ROOT,
          "setup: %d devices registered with training consent in %.1f s (not measured)%n%n",
          all.size(),
          (System.nanoTime() - setupStart) / 1e9);
      out.flush();

      // ---- the two phases
      PhaseRunner phase = new PhaseRunner(client, warmup, seconds, out);
      PhaseStats models =
          phase.run(all, "model downloads", Workload.modelDownloads(client, frame), clientThreads);
      PhaseStats checkIns = phase.run(all, "check-ins", Workload.checkIns(client), clientThreads);
      List<PhaseStats> phases = List.of(models, checkIns);
      LoadReport.printTable(out, phases);
      out.println();
      out.println(
          "counted: the requests that finished inside the measured window (req/s = counted /"
              + " window); latency from sending the request to the last byte of the answer.");
      out.println(
          "model downloads: GET /v1/models/0 with Accept-Encoding: gzip; every answer must be 200"
              + " and gzip, and each device's first one is gunzipped, decoded as a TensorFrame"
              + " and compared with the model.");
      out.println(
          "check-ins: POST /v1/devices/{id}/check-in?wait=0 with training consent; one round"
              + " recruits for the whole run (q = "
              + training.rules().samplingRate()
              + ", recruiting never closes), so this measures the recruiting path:"
              + " authentication, consent lookup, the round's sampling decision; answers: "
              + (checkIns.answers().isEmpty() ? "none" : checkIns.answers())
              + ".");
      long errors = models.errorCount() + checkIns.errorCount();
      out.println(errors == 0 ? "errors: none" : "errors: " + errors + " (see the table)");
      if (outFile != null) {
        LoadReport.writeJson(
            outFile,
            new LoadReport.Settings(devices, seconds, warmup, RATE_LIMIT),
            machine,
            database,
            shape,
            frame.length,
            gzipped.length,
            phases);
        out.println("wrote " + outFile);
      }
      out.flush();
      return errors == 0 ? 0 : 1;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
