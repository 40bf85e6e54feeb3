package dev.tacit.core.eval;

import dev.tacit.core.model.TrainingProgress;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a trainer's progress inside one training run on the evaluation's {@link Progress}: the
 * step, its percentage, and the time it has left, extrapolated from its own pace so far.
 */
final class TrainingSteps implements TrainingProgress {
  private final Progress progress;
  private final String label;
  private final int done;
  private final int total;
  private final LongSupplier nanoTime;
  private String step;
  private long stepStart;

  TrainingSteps(Progress progress, String label, int done, int total, LongSupplier nanoTime) {
    this.progress = progress;
    this.label = label;
    this.done = done;
    this.total = total;
    this.nanoTime = nanoTime;
  }

  @Override
  public void update(String step, long stepDone, long stepTotal) {
    long now = nanoTime.getAsLong();
    if (!step.equals(this.step)) {
      this.step = step;
      this.stepStart = now;
    }
    StringBuilder what = new StringBuilder(label).append(": ").append(step);
    if (stepTotal > 0) {
      what.append(String.format(Locale.ROOT, " %d%%", stepDone * 100 / stepTotal));
      if (stepDone > 0 && stepDone < stepTotal) {
        double left = (now - stepStart) / 1e9 * (stepTotal - stepDone) / stepDone;
        what.append(String.format(Locale.ROOT, ", about %s left", seconds(left)));
      }
    }
    progress.update(what.toString(), done, total);
  }

  private static String seconds(double s) {
    return s < 120
        ? String.format(Locale.ROOT, "%.0f s", Math.ceil(s))
        : String.format(Locale.ROOT, "%d min", (long) Math.ceil(s / 60));
  }
}
