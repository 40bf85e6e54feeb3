package dev.tacit.core.internal;

import dev.tacit.check.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of worker threads that runs a loop over {@code [0, n)} in chunks.
 *
 * <p>The calling thread is worker 0 and takes part; each worker has a stable index in {@code [0,
 * threads)} so that a loop body can reuse per-worker buffers. Which worker runs which chunk varies
 * from run to run, so results are deterministic only when each index is computed independently of
 * the others (as in every use inside tacit-core).
 */
public final class Parallel implements AutoCloseable {
  /** The body of a parallel loop: handles indices {@code [from, to)} on worker {@code worker}. */
  @FunctionalInterface
  public interface RangeBody {
    /** Processes indices {@code from} (inclusive) to {@code to} (exclusive). */
    void run(int worker, int from, int to);
  }

  private final int threads;
  private final ExecutorService pool;

  private Parallel(int threads) {
    this.threads = threads;
    this.pool =
        threads == 1
            ? null
            : Executors.newFixedThreadPool(
                threads - 1,
                r -> {
                  Thread t = new Thread(r, "tacit-worker");
                  t.setDaemon(true);
                  return t;
                });
  }

  /**
   * A pool of {@code threads} workers (the caller counts as one).
   *
   * @throws IllegalArgumentException if {@code threads < 1}
   */
  public static Parallel create(int threads) {
    Preconditions.checkPositive(threads, "threads");
    return new Parallel(threads);
  }

  /** The number of workers, including the calling thread. */
  public int threads() {
    return threads;
  }

  /**
   * Runs {@code body} over {@code [0, n)} in chunks of {@code grain} indices, returning when all
   * are done; an exception thrown by the body is rethrown here.
   */
  public void forRange(int n, int grain, RangeBody body) {
    Preconditions.checkNonNegative(n, "n");
    Preconditions.checkPositive(grain, "grain");
    if (n == 0) {
      return;
    }
    int chunks = (n + grain - 1) / grain;
    int workers = Math.min(threads, chunks);
    if (workers == 1) {
      body.run(0, 0, n);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>(workers - 1);
    for (int w = 1; w < workers; w++) {
      int worker = w;
      futures.add(pool.submit(() -> drain(worker, n, grain, next, body)));
    }
    Throwable failure = null;
    try {
      drain(0, n, grain, next, body);
    } catch (RuntimeException | Error e) {
      failure = e;
      next.set(n); // stop handing out chunks
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (failure == null) {
          failure = e;
        }
      }
    }
    if (failure instanceof RuntimeException re) {
      throw re;
    }
    if (failure instanceof Error err) {
      throw err;
    }
    if (failure != null) {
      throw new IllegalStateException("parallel loop failed", failure);
    }
  }

  private static void drain(int worker, int n, int grain, AtomicInteger next, RangeBody body) {
    while (true) {
      int from = next.getAndAdd(grain);
      if (from >= n) {
        return;
      }
      body.run(worker, from, Math.min(n, from + grain));
    }
  }

  /** Stops the worker threads. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
