package dev.tacit.cli.load;

import dev.tacit.client.transport.HttpTransport;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Runs the measured phases of a load test: a closed loop per device (each device sends its next
 * request when the last one is answered), a warm-up that is not counted, then the measured window.
 */
public final class PhaseRunner {
  private final LoadClient client;
  private final int warmup;
  private final int seconds;
  private final PrintWriter out;

  /**
   * A runner of phases of {@code warmup} seconds not counted, then {@code seconds} measured, that
   * says on {@code out} when each starts.
   */
  public PhaseRunner(LoadClient client, int warmup, int seconds, PrintWriter out) {
    this.client = client;
    this.warmup = warmup;
    this.seconds = seconds;
    this.out = out;
  }

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

  /**
   * Runs one phase: every device of {@code all} loops request after request on its own thread of
   * {@code threads}, starting one after another over the first half of the warm-up; returns the
   * figures of the requests that finished inside the measured window.
   */
  public PhaseStats run(
      List<LoadClient.Device> all, String name, Workload work, ExecutorService threads)
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
      LoadClient.Device device = all.get(i);
      // The devices start one after another over the first half of the warm-up, so that their
      // connections are not all opened in the same instant.
      long startAt = phaseStart + warmupNanos / 2 * i / all.size();
      running.add(
          threads.submit(
              () -> {
                sleepUntil(startAt);
                loop(device, work, rec, measureFrom, until);
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

  private void loop(
      LoadClient.Device device, Workload work, Recorder rec, long measureFrom, long until) {
    boolean first = true;
    Map<String, Long> ignored = new HashMap<>();
    while (true) {
      long start = System.nanoTime();
      if (start >= until) {
        return;
      }
      String problem;
      HttpTransport.Response response = null;
      try {
        response = client.send(work.request(device));
        problem = null;
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        problem = e.getClass().getSimpleName();
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
}
