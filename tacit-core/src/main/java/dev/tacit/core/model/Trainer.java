package dev.tacit.core.model;

import dev.tacit.core.data.Interactions;

/** Trains a {@link Recommender} from interactions. */
@FunctionalInterface
public interface Trainer {
  /** Trains on {@code train}; user attributes are never an input. */
  Recommender fit(Interactions train);

  /**
   * Trains on {@code train}, reporting progress inside long steps to {@code progress}; trainers
   * whose steps are short report nothing.
   */
  default Recommender fit(Interactions train, TrainingProgress progress) {
    return fit(train);
  }
}
