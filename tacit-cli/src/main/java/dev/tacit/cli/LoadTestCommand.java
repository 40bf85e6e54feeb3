package dev.tacit.cli;

import dev.tacit.cli.load.PhaseStats;
import dev.tacit.federated.round.RoundRules;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckIn;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Protocol;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.ServerConfig;
import dev.tacit.server.TacitServer;
import dev.tacit.server.rounds.RoundRoutes;
import dev.tacit.server.rounds.TrainingSettings;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
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
 * HttpClient}: model downloads ({@code GET /v1/models/0} with gzip) and check-ins ({@code POST
 * /v1/devices/{id}/check-in?wait=0}).
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
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final int SETUP_CONCURRENCY = 32;
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

  /** One registered device. */
  private record Device(String id, String token) {}

  /** What a phase sends and how it checks an answer. */
  private interface Workload {
    HttpRequest request(Device device);

    /**
     * Checks a response; returns null when it is right, else the kind of error. {@code sample} asks
     * for the expensive checks; {@code answers} counts the kinds of right answers.
     */
    String check(HttpResponse<byte[]> response, boolean sample, Map<String, Long> answers);
  }

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
        HttpClient client =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(clientThreads)
                .build()) {
      URI base = server.baseUri();
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
              : server.storage().dialect().name().toLowerCase(Locale.ROOT) + " (--db)";
      Map<String, Object> machine = machine();
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
      String catalogue = publishCatalogue(client, base, admin);
      byte[] frame = fetch(client, base, "/v1/models/0", false);
      int[] shape = TensorFrame.decode(frame).shape();
      byte[] gzipped = fetch(client, base, "/v1/models/0", true);
      if (!Arrays.equals(gunzip(gzipped), frame)) {
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
      List<Device> all = register(client, base, config.policyVersion());
      out.printf(
          Locale.ROOT,
          "setup: %d devices registered with training consent in %.1f s (not measured)%n%n",
          all.size(),
          (System.nanoTime() - setupStart) / 1e9);
      out.flush();

      // ---- the two phases
      PhaseStats models =
          phase(
              client, all, "model downloads", new ModelDownloads(base, frame), clientThreads, out);
      PhaseStats checkIns = phase(client, all, "check-ins", new CheckIns(base), clientThreads, out);
      List<PhaseStats> phases = List.of(models, checkIns);
      printTable(out, phases);
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
        writeJson(outFile, machine, database, shape, frame.length, gzipped.length, phases);
        out.println("wrote " + outFile);
      }
      out.flush();
      return errors == 0 ? 0 : 1;
    }
  }

  // ------------------------------------------------------------------ setup

  private String publishCatalogue(HttpClient client, URI base, Secret admin)
      throws IOException, InterruptedException {
    List<CatalogueItem> list = new ArrayList<>(items);
    for (int i = 1; i <= items; i++) {
      list.add(new CatalogueItem("i" + i, List.of("c" + (i % 19)), 1.0 / i));
    }
    HttpResponse<byte[]> r =
        client.send(
            HttpRequest.newBuilder(base.resolve("/v1/admin/catalogue"))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + admin.reveal())
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofByteArray(
                        Json.writeBytes(new RoundRoutes.CatalogueUpload(list))))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() == 201) {
      return items + " catalogue items published";
    }
    if (r.statusCode() == 409) {
      return "the database's existing catalogue (--items ignored)";
    }
    throw unexpected("PUT /v1/admin/catalogue", r);
  }

  private static byte[] fetch(HttpClient client, URI base, String path, boolean gzip)
      throws IOException, InterruptedException {
    HttpRequest.Builder rb = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
    if (gzip) {
      rb.header("Accept-Encoding", "gzip");
    }
    HttpResponse<byte[]> r = client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw unexpected("GET " + path, r);
    }
    if (gzip && !r.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
      throw new IllegalStateException("GET " + path + " did not answer gzip");
    }
    return r.body();
  }

  private List<Device> register(HttpClient client, URI base, String policyVersion)
      throws InterruptedException {
    Device[] registered = new Device[devices];
    List<RuntimeException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    Semaphore slots = new Semaphore(SETUP_CONCURRENCY);
    List<Thread> threads = new ArrayList<>(devices);
    for (int i = 0; i < devices; i++) {
      int index = i;
      slots.acquire();
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      registered[index] = registerOne(client, base, policyVersion);
                    } catch (IOException e) {
                      failures.add(new UncheckedIOException(e));
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                      failures.add(e);
                    } finally {
                      slots.release();
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          "setup failed for " + failures.size() + " devices: " + failures.get(0).getMessage(),
          failures.get(0));
    }
    return List.of(registered);
  }

  private static Device registerOne(HttpClient client, URI base, String policyVersion)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        client.send(
            post(
                base.resolve("/v1/devices"), null, new RegistrationRequest(Protocol.VERSION, "lt")),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 201) {
      throw unexpected("POST /v1/devices", r);
    }
    RegistrationResponse reg = Json.read(r.body(), RegistrationResponse.class);
    Device d = new Device(reg.deviceId(), reg.token());
    HttpResponse<byte[]> c =
        client.send(
            post(
                base.resolve("/v1/devices/" + d.id() + "/consent"),
                d.token(),
                new ConsentUpdate(d.id(), Purpose.TRAINING, true, policyVersion, Instant.now())),
            HttpResponse.BodyHandlers.ofByteArray());
    if (c.statusCode() != 201) {
      throw unexpected("POST /v1/devices/{id}/consent", c);
    }
    return d;
  }

  private static HttpRequest post(URI uri, String token, Object body) {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.writeBytes(body)));
    if (token != null) {
      rb.header("Authorization", "Bearer " + token);
    }
    return rb.build();
  }

  private static IllegalStateException unexpected(String what, HttpResponse<byte[]> r) {
    String body = new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    return new IllegalStateException(
        what
            + " answered "
            + r.statusCode()
            + ": "
            + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
  }

  // ------------------------------------------------------------------ workloads

  /** {@code GET /v1/models/0} with gzip. */
  private record ModelDownloads(URI base, byte[] frame) implements Workload {
    @Override
    public HttpRequest request(Device device) {
      return HttpRequest.newBuilder(base.resolve("/v1/models/0"))
          .timeout(REQUEST_TIMEOUT)
          .header("Accept-Encoding", "gzip")
          .GET()
          .build();
    }

    @Override
    public String check(HttpResponse<byte[]> r, boolean sample, Map<String, Long> answers) {
      if (r.statusCode() != 200) {
        return "HTTP " + r.statusCode();
      }
      if (!r.headers().firstValue("Content-Encoding").orElse("").equals("gzip")) {
        return "answer not gzipped";
      }
      if (sample) {
        try {
          byte[] plain = gunzip(r.body());
          TensorFrame.decode(plain);
          if (!Arrays.equals(plain, frame)) {
            return "frame differs from the model";
          }
        } catch (RuntimeException e) {
          return "frame does not decode";
        }
      }
      answers.merge("200 gzip", 1L, Long::sum);
      return null;
    }
  }

  /** {@code POST /v1/devices/{id}/check-in?wait=0}. */
  private record CheckIns(URI base) implements Workload {
    @Override
    public HttpRequest request(Device device) {
      return post(
          base.resolve("/v1/devices/" + device.id() + "/check-in?wait=0"),
          device.token(),
          new CheckIn(device.id(), 0));
    }

    @Override
    public String check(HttpResponse<byte[]> r, boolean sample, Map<String, Long> answers) {
      if (r.statusCode() != 200) {
        return "HTTP " + r.statusCode();
      }
      CheckInResponse answer;
      try {
        answer = Json.read(r.body(), CheckInResponse.class);
      } catch (RuntimeException e) {
        return "answer does not parse";
      }
      String kind =
          answer.assignment() != null
              ? "assigned"
              : "retry after " + answer.retryAfterSeconds() + " s";
      answers.merge(kind, 1L, Long::sum);
      return null;
    }
  }

  // ------------------------------------------------------------------ phases

  /** What one device saw in a phase. */
  private static final class Recorder {
    long[] latencies = new long[256];
    int count;
    final Map<String, Long> errors = new HashMap<>();
    final Map<String, Long> warmupErrors = new HashMap<>();
    final Map<String, Long> answers = new HashMap<>();

    void add(long nanos) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = nanos;
    }
  }

  private PhaseStats phase(
      HttpClient client,
      List<Device> all,
      String name,
      Workload work,
      ExecutorService threads,
      PrintWriter out)
      throws InterruptedException {
    out.printf(Locale.ROOT, "%s: %d s warm-up, %d s measured ...%n", name, warmup, seconds);
    out.flush();
    long phaseStart = System.nanoTime();
    long warmupNanos = Duration.ofSeconds(warmup).toNanos();
    long measureFrom = phaseStart + warmupNanos;
    long until = measureFrom + Duration.ofSeconds(seconds).toNanos();
    Recorder[] recorders = new Recorder[all.size()];
    List<java.util.concurrent.Future<?>> running = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      Recorder rec = new Recorder();
      recorders[i] = rec;
      Device device = all.get(i);
      // The devices start one after another over the first half of the warm-up, so that their
      // connections are not all opened in the same instant.
      long startAt = phaseStart + warmupNanos / 2 * i / all.size();
      running.add(
          threads.submit(
              () -> {
                sleepUntil(startAt);
                loop(client, device, work, rec, measureFrom, until);
              }));
    }
    for (java.util.concurrent.Future<?> f : running) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("a simulated device failed: " + e.getCause(), e);
      }
    }
    int total = 0;
    for (Recorder r : recorders) {
      total += r.count;
    }
    long[] latencies = new long[total];
    Map<String, Long> errors = new LinkedHashMap<>();
    Map<String, Long> answers = new LinkedHashMap<>();
    int at = 0;
    for (Recorder r : recorders) {
      System.arraycopy(r.latencies, 0, latencies, at, r.count);
      at += r.count;
      r.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
      r.warmupErrors.forEach((k, v) -> errors.merge("warm-up " + k, v, Long::sum));
      r.answers.forEach((k, v) -> answers.merge(k, v, Long::sum));
    }
    return PhaseStats.of(name, latencies, until - measureFrom, errors, answers);
  }

  private static void sleepUntil(long nanoTime) {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      try {
        Thread.sleep(Duration.ofNanos(wait));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void loop(
      HttpClient client, Device device, Workload work, Recorder rec, long measureFrom, long until) {
    boolean first = true;
    Map<String, Long> ignored = new HashMap<>();
    while (true) {
      long start = System.nanoTime();
      if (start >= until) {
        return;
      }
      String problem;
      HttpResponse<byte[]> response = null;
      try {
        response = client.send(work.request(device), HttpResponse.BodyHandlers.ofByteArray());
        problem = null;
      } catch (IOException e) {
        problem = e.getClass().getSimpleName();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      long end = System.nanoTime();
      // Counted: the requests that finish inside the measured window (a closed loop's
      // throughput); those still in flight when it ends are finished but not counted.
      boolean counted = end >= measureFrom && end <= until;
      if (response != null) {
        problem = work.check(response, first, counted ? rec.answers : ignored);
      }
      first = false;
      if (counted) {
        rec.add(end - start);
        if (problem != null) {
          rec.errors.merge(problem, 1L, Long::sum);
        }
      } else if (problem != null && end < measureFrom) {
        rec.warmupErrors.merge(problem, 1L, Long::sum);
      } else if (problem != null) {
        rec.errors.merge("after the window " + problem, 1L, Long::sum);
      }
    }
  }

  // ------------------------------------------------------------------ output

  private static void printTable(PrintWriter out, List<PhaseStats> phases) {
    out.println();
    out.printf(
        Locale.ROOT,
        "%-16s %10s %9s %9s %9s %9s %9s  %s%n",
        "phase",
        "requests",
        "req/s",
        "p50 ms",
        "p90 ms",
        "p99 ms",
        "max ms",
        "errors");
    for (PhaseStats p : phases) {
      out.printf(
          Locale.ROOT,
          "%-16s %10d %9.1f %9.1f %9.1f %9.1f %9.1f  %s%n",
          p.name(),
          p.requests(),
          p.requestsPerSecond(),
          p.p50Millis(),
          p.p90Millis(),
          p.p99Millis(),
          p.maxMillis(),
          p.errors().isEmpty() ? "0" : p.errorCount() + " " + p.errors());
    }
  }

  private static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("jdk", System.getProperty("java.runtime.version"));
    m.put("jdkVendor", System.getProperty("java.vendor"));
    m.put(
        "os",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    return m;
  }

  private void writeJson(
      Path file,
      Map<String, Object> machine,
      String database,
      int[] shape,
      int frameBytes,
      int gzipBytes,
      List<PhaseStats> phases)
      throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("devices", devices);
    doc.put("seconds", seconds);
    doc.put("warmupSeconds", warmup);
    doc.put("database", database);
    doc.put("machine", machine);
    doc.put(
        "method",
        "client and server share one JVM on loopback; one virtual thread per device, one shared"
            + " HttpClient (HTTP/1.1), each device sends its next request when the last one is"
            + " answered; the devices start one after another over the first half of the warm-up;"
            + " counted: the requests that finished inside the measured window; per-device rate"
            + " limit raised to "
            + RATE_LIMIT
            + "/s");
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("shape", shape);
    model.put("bytes", frameBytes);
    model.put("gzipBytes", gzipBytes);
    doc.put("model", model);
    List<Map<String, Object>> list = new ArrayList<>();
    for (PhaseStats p : phases) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("requests", p.requests());
      m.put("seconds", p.seconds());
      m.put("requestsPerSecond", p.requestsPerSecond());
      Map<String, Object> latency = new LinkedHashMap<>();
      latency.put("p50", p.p50Millis());
      latency.put("p90", p.p90Millis());
      latency.put("p99", p.p99Millis());
      latency.put("max", p.maxMillis());
      m.put("latencyMs", latency);
      m.put("errors", p.errors());
      m.put("answers", p.answers());
      list.add(m);
    }
    doc.put("phases", list);
    Files.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
  }

  // ------------------------------------------------------------------ files

  private static byte[] gunzip(byte[] gz) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("not gzip", e);
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
