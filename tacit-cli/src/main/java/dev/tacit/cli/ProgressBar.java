package dev.tacit.cli;

import dev.tacit.core.eval.Progress;
import java.io.PrintStream;
import java.util.Locale;

/** Draws progress on stderr: a redrawn bar on a terminal, one line per step otherwise. */
final class ProgressBar implements Progress {
  private final PrintStream err;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private String last = "";

  ProgressBar(PrintStream err) {
    this.err = err;
    this.terminal = System.console() != null;
  }

  @Override
  public void update(String what, int done, int total) {
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
            (System.nanoTime() - start) / 1e9);
    if (terminal) {
      err.print("\r" + line + " ".repeat(Math.max(0, last.length() - line.length())));
      if (done == total) {
        err.println();
      }
    } else if (!what.equals(lastWhat(last)) || done == total) {
      err.println(line);
    }
    err.flush();
    last = line;
  }

  private static String lastWhat(String line) {
    int a = line.indexOf(' ', line.indexOf(']') + 2);
    int b = line.lastIndexOf(" (");
    return a < 0 || b < a ? "" : line.substring(a + 1, b);
  }
}
