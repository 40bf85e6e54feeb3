package dev.tacit.bench;

import com.google.crypto.tink.subtle.AesGcmJce;
import dev.tacit.client.Event;
import dev.tacit.client.Filter;
import dev.tacit.client.Recommendations;
import dev.tacit.client.Signal;
import dev.tacit.client.TacitClient;
import dev.tacit.client.store.Durability;
import dev.tacit.client.store.KeyProvider;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.TensorFrame;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The client SDK on the device, with a catalogue of 100,000 items and k = 64 factors:
 *
 * <ul>
 *   <li>{@code recommend10}: {@code recommend(10)} for a user with 50 past items (user factor
 *       cached, as between two events);
 *   <li>{@code readModelOnce}: summing the model's 6.4 M floats once, the memory-bound floor that
 *       {@code recommend} is compared with;
 *   <li>{@code record}: one event, validated, encrypted (AES-256-GCM) and appended to the store,
 *       with {@link Durability#WRITE} (to the OS) and {@link Durability#SYNC} (fdatasync each).
 * </ul>
 *
 * <p>Sample-time mode gives the median. Run {@code java -cp tacit-bench/target/benchmarks.jar
 * dev.tacit.bench.ClientBenchmark} to get the medians, the fastest times and the ratios of {@code
 * recommend10} to {@code readModelOnce} printed, or the usual {@code java -jar benchmarks.jar
 * ClientBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ClientBenchmark {
  static final int ITEMS = 100_000;
  static final int FACTORS = 64;
  static final String[] CATEGORIES = {"drama", "comedy", "news", "sport", "music", "kids"};

  static KeyProvider key() {
    try {
      byte[] k = new byte[32];
      Arrays.fill(k, (byte) 3);
      return KeyProvider.of(new AesGcmJce(k), "benchmark key");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** A client with a 100,000 x 64 model and 50 past items. */
  @State(Scope.Benchmark)
  public static class Model {
    Path dir;
    TacitClient client;
    float[] factors;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      SplittableRandom r = new SplittableRandom(42);
      factors = new float[ITEMS * FACTORS];
      for (int i = 0; i < factors.length; i++) {
        factors[i] = (float) (r.nextDouble() - 0.5) * 0.2f;
      }
      List<CatalogueItem> items = new ArrayList<>(ITEMS);
      for (int i = 0; i < ITEMS; i++) {
        items.add(
            new CatalogueItem("item-" + i, List.of(CATEGORIES[i % CATEGORIES.length]), ITEMS - i));
      }
      dir = Files.createTempDirectory("tacit-bench-client");
      client = TacitClient.builder().storageDirectory(dir).keyProvider(key()).build();
      client.consent().grant(Purpose.PERSONALIZATION);
      byte[] frame = TensorFrame.ofFloats(new int[] {ITEMS, FACTORS}, factors).encode();
      client.installModel(ModelMetadata.ofFrame(1, ITEMS, FACTORS, 1.0, 20.0, frame), frame, items);
      Instant now = Instant.now();
      for (int i = 0; i < 50; i++) {
        client.record(Event.of("item-" + r.nextInt(ITEMS), Signal.PURCHASE, now));
      }
      Recommendations first = client.recommend(10, Filter.none());
      if (first.source() != Recommendations.Source.PERSONALIZED) {
        throw new IllegalStateException("the benchmark must measure personalized recommendations");
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      client.close();
      deleteTree(dir);
    }
  }

  /** An empty client that records events. */
  @State(Scope.Benchmark)
  public static class Recorder {
    @Param({"WRITE", "SYNC"})
    public String durability;

    Path dir;
    TacitClient client;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      dir = Files.createTempDirectory("tacit-bench-record");
      client =
          TacitClient.builder()
              .storageDirectory(dir)
              .keyProvider(key())
              .durability(Durability.valueOf(durability))
              .build();
      client.consent().grant(Purpose.PERSONALIZATION);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      client.close();
      deleteTree(dir);
    }
  }

  @Benchmark
  public Recommendations recommend10(Model m) {
    return m.client.recommend(10, Filter.none());
  }

  @Benchmark
  public float readModelOnce(Model m) {
    float[] y = m.factors;
    // eight independent sums, so that the loop is bound by memory, not by the latency of adds
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    float s4 = 0;
    float s5 = 0;
    float s6 = 0;
    float s7 = 0;
    for (int i = 0; i < y.length; i += 8) {
      s0 += y[i];
      s1 += y[i + 1];
      s2 += y[i + 2];
      s3 += y[i + 3];
      s4 += y[i + 4];
      s5 += y[i + 5];
      s6 += y[i + 6];
      s7 += y[i + 7];
    }
    return s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
  }

  @Benchmark
  public void record(Recorder r) {
    r.client.record(Event.of("item-" + (r.next++ % ITEMS), Signal.VIEW, Instant.now()));
  }

  /**
   * Runs the three benchmarks and prints the medians and fastest times, the ratios recommend /
   * read, and the machine's load average (on a busy machine the fastest times tell the floor).
   */
  public static void main(String[] args) throws RunnerException {
    Options opts = new OptionsBuilder().include(ClientBenchmark.class.getName() + "\\.").build();
    Collection<RunResult> results = new Runner(opts).run();
    double[] recommend = {Double.NaN, Double.NaN};
    double[] read = {Double.NaN, Double.NaN};
    System.out.println();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      String durability = r.getParams().getParam("durability");
      double median = r.getPrimaryResult().getStatistics().getPercentile(50);
      double fastest = r.getPrimaryResult().getStatistics().getMin();
      System.out.printf(
          Locale.ROOT,
          "%-60s median %10.1f us, fastest %10.1f us%n",
          name + (durability == null ? "" : " [" + durability + "]"),
          median,
          fastest);
      if (name.endsWith("recommend10")) {
        recommend = new double[] {median, fastest};
      } else if (name.endsWith("readModelOnce")) {
        read = new double[] {median, fastest};
      }
    }
    System.out.printf(
        Locale.ROOT,
        "recommend(10) / read model once = %.2f at the median, %.2f at the fastest (bound: 1.5);"
            + " recommend median %.3f ms%n",
        recommend[0] / read[0],
        recommend[1] / read[1],
        recommend[0] / 1000);
    System.out.printf(
        Locale.ROOT,
        "load average %.1f on %d cores at the end of the run%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        Runtime.getRuntime().availableProcessors());
  }
}
