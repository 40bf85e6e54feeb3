package dev.tacit.cli;

import dev.tacit.core.eval.Progress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Draws progress on stderr: a redrawn bar on a terminal; otherwise (a file, a pipe, CI) one line at
 * the first step, then at most one every {@link #QUIET_INTERVAL_NANOS} (5 s), and one when the work
 * is done, so a log stays a few lines long however many steps there are.
 */
final class ProgressBar implements Progress {
  static final long QUIET_INTERVAL_NANOS = 5_000_000_000L;

  private final PrintStream err;
  private final boolean terminal;
  private final LongSupplier clock;
  private final long start;
  private long lastPrinted = Long.MIN_VALUE;
  private String last = "";

  ProgressBar(PrintStream err) {
    this(err, System.console() != null, System::nanoTime);
  }

  ProgressBar(PrintStream err, boolean terminal, LongSupplier clock) {
    this.err = err;
    this.terminal = terminal;
    this.clock = clock;
    this.start = clock.getAsLong();
  }

  @Override
  public void update(String what, int done, int total) {
    long now = clock.getAsLong();
    int width = 30;
    int filled = total == 0 ? width : (int) ((long) done * width / total);
    String line =
        String.format(
            Locale.ROOT,
            "[%s%s] %d/%d %s (%.1f s)",
            "#".repeat(filled),
            ".".repeat(width - filled),
            done,
            total,
            what,
            (now - start) / 1e9);
    if (terminal) {
      err.print("\r" + line + " ".repeat(Math.max(0, last.length() - line.length())));
      if (done == total) {
        err.println();
      }
    } else if (lastPrinted == Long.MIN_VALUE
        || now - lastPrinted >= QUIET_INTERVAL_NANOS
        || done == total) {
      err.println(line);
      lastPrinted = now;
    }
    err.flush();
    last = line;
  }
}
