package dev.tacit.cli.load;

import dev.tacit.protocol.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The load test's figures: the table it prints and the JSON it writes. */
public final class LoadReport {
  private LoadReport() {}

  /**
   * What a load test ran.
   *
   * @param devices the concurrent simulated devices
   * @param seconds the measured seconds of each phase
   * @param warmup the seconds of warm-up before each phase
   * @param rateLimit the per-device and registration rate limits, per second
   */
  public record Settings(int devices, int seconds, int warmup, int rateLimit) {}

  /** Prints the figures of each phase, one row each. */
  public static void printTable(PrintWriter out, List<PhaseStats> phases) {
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

  /** The machine the test ran on: cores, JDK, operating system, heap. */
  public static Map<String, Object> machine() {
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

  /**
   * Writes the figures as JSON.
   *
   * @param run what was run: devices, seconds, warm-up, rate limit
   */
  public static void writeJson(
      Path file,
      Settings run,
      Map<String, Object> machine,
      String database,
      int[] shape,
      int frameBytes,
      int gzipBytes,
      List<PhaseStats> phases)
      throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("devices", run.devices());
    doc.put("seconds", run.seconds());
    doc.put("warmupSeconds", run.warmup());
    doc.put("database", database);
    doc.put("machine", machine);
    doc.put(
        "method",
        "client and server share one JVM on loopback; one virtual thread per device, one shared"
            + " HttpClient (HTTP/1.1), each device sends its next request when the last one is"
            + " answered; the devices start one after another over the first half of the warm-up;"
            + " counted: the requests that finished inside the measured window; per-device rate"
            + " limit raised to "
            + run.rateLimit()
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
}
