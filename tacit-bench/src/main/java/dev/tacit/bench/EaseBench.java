package dev.tacit.bench;

import dev.tacit.core.data.Interactions;
import dev.tacit.core.model.Ease;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EASE's training time against numpy/OpenBLAS doing the same Gram-and-inverse on the same machine,
 * as a ratio. For each size {@code items:users:interactions} it trains EASE on a synthetic binary
 * matrix of that shape (each user has {@code interactions / users} distinct items drawn uniformly),
 * then runs {@code tacit-bench/scripts/ease_numpy.py} on the same shape and prints both, in wall
 * time and in CPU time (the machine may be shared: CPU time is what the same work costs whatever
 * else runs). Run from the repository root:
 *
 * <pre>
 * ./mvnw -q -pl tacit-bench -am package -DskipTests
 * java -Xmx8g -cp tacit-bench/target/benchmarks.jar dev.tacit.bench.EaseBench \
 *     10000:610:100836 17632:1892:92834
 * </pre>
 *
 * <p>{@code --no-numpy} skips the reference; {@code --threads N} sets EASE's threads (default: all
 * processors; numpy's OpenBLAS uses all of them too).
 */
public final class EaseBench {
  private static final Pattern NUMPY =
      Pattern.compile(
          "numpy items=(\\d+) .*gram ([0-9.]+) s, inverse ([0-9.]+) s, weights ([0-9.]+) s,"
              + " total ([0-9.]+) s, cpu ([0-9.]+) s");

  private EaseBench() {}

  /** Runs the comparison; see the class comment for the arguments. */
  public static void main(String[] args) throws IOException, InterruptedException {
    List<String> sizes = new ArrayList<>();
    boolean numpy = true;
    int threads = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--no-numpy" -> numpy = false;
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> sizes.add(args[i]);
      }
    }
    if (sizes.isEmpty()) {
      sizes = List.of("10000:610:100836", "17632:1892:92834");
    }
    System.out.printf(
        Locale.ROOT,
        "java %s, %d threads, %d processors, max heap %.1f GB%n",
        System.getProperty("java.version"),
        threads,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / 1e9);
    for (String size : sizes) {
      String[] f = size.split(":");
      int items = Integer.parseInt(f[0]);
      int users = Integer.parseInt(f[1]);
      int nnz = Integer.parseInt(f[2]);
      Interactions data = synthetic(items, users, nnz, 42);
      Ease trainer = Ease.trainer(new Ease.Config(Ease.Config.DEFAULT_LAMBDA, threads));
      Ease.Estimate estimate = trainer.estimate(data);
      System.gc();
      Map<String, Long> stepStart = new LinkedHashMap<>();
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      trainer.fit(data, (step, done, total) -> stepStart.putIfAbsent(step, System.nanoTime()));
      long t1 = System.nanoTime();
      double cpu = (processCpuNanos() - cpu0) / 1e9;
      double wall = (t1 - t0) / 1e9;
      double gram = (stepStart.get("inverse") - t0) / 1e9;
      double inverse = (stepStart.get("weights") - stepStart.get("inverse")) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "tacit items=%d users=%d nnz=%d: gram %.2f s, inverse %.2f s, weights %.2f s, total"
              + " %.2f s, cpu %.2f s (estimated %.0f s; inverse at %.1f GFLOPS)%n",
          items,
          users,
          data.size(),
          gram,
          inverse,
          (t1 - stepStart.get("weights")) / 1e9,
          wall,
          cpu,
          estimate.seconds(),
          (double) items * items * items / inverse / 1e9);
      if (numpy) {
        double[] np = numpy(size);
        if (np != null) {
          System.out.printf(
              Locale.ROOT,
              "ratio tacit/numpy at %d items: total %.2f (wall), %.2f (cpu); inverse %.2f (wall)%n",
              items,
              wall / np[4],
              cpu / np[5],
              inverse / np[2]);
        }
      }
    }
  }

  /** Each user gets {@code nnz / users} distinct items, uniformly at random. */
  static Interactions synthetic(int items, int users, int nnz, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int perUser = Math.max(1, nnz / users);
    Interactions.Builder b = Interactions.builder(users, items);
    for (int u = 0; u < users; u++) {
      java.util.BitSet chosen = new java.util.BitSet(items);
      while (chosen.cardinality() < perUser) {
        chosen.set(rnd.nextInt(items));
      }
      for (int i = chosen.nextSetBit(0); i >= 0; i = chosen.nextSetBit(i + 1)) {
        b.add(u, i, 1, 0);
      }
    }
    return b.build();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** numpy's gram, inverse, weights, total (wall) and cpu seconds, or null without python. */
  private static double[] numpy(String size) throws IOException, InterruptedException {
    Path script = Path.of("tacit-bench", "scripts", "ease_numpy.py");
    if (!Files.exists(script)) {
      System.out.println("numpy: " + script + " not found (run from the repository root)");
      return null;
    }
    Process p =
        new ProcessBuilder("python3", script.toString(), size).redirectErrorStream(true).start();
    double[] result = null;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        System.out.println(line);
        Matcher m = NUMPY.matcher(line);
        if (m.find()) {
          result = new double[6]; // items, gram, inverse, weights, total, cpu
          for (int g = 0; g < 6; g++) {
            result[g] = Double.parseDouble(m.group(g + 1));
          }
        }
      }
    }
    p.waitFor();
    return result;
  }
}
