package dev.tacit.core.model;

/**
 * Receives progress from inside a long training step, such as EASE's Gram matrix and inverse. It is
 * called on the thread that called {@link Trainer#fit(dev.tacit.core.data.Interactions,
 * TrainingProgress)}.
 */
@FunctionalInterface
public interface TrainingProgress {
  /**
   * {@code done} of {@code total} units of the step named {@code step} are finished; the units of a
   * step take about equal time.
   */
  void update(String step, long done, long total);

  /** Progress that is not shown. */
  static TrainingProgress none() {
    return (step, done, total) -> {};
  }
}
