package dev.tacit.core.eval;

/** Receives progress of long work; the CLI draws it as a bar. */
@FunctionalInterface
public interface Progress {
  /** {@code done} of {@code total} steps are finished; {@code what} names the current one. */
  void update(String what, int done, int total);

  /** Progress that is not shown. */
  static Progress none() {
    return (what, done, total) -> {};
  }
}
