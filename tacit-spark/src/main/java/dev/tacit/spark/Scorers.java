package dev.tacit.spark;

import dev.tacit.federated.cooccurrence.CooccurrenceModel;

/** The scorers of the job's models, shipped to the executors. */
final class Scorers {
  private Scorers() {}

  /** The co-occurrence model, scored as a device scores it, from the user's own training items. */
  static UserScorer.Factory cooccurrence(CooccurrenceModel model) {
    WireModel wire = WireModel.of(model);
    return () -> {
      CooccurrenceModel m = wire.model();
      return (user, vector, out) -> m.scoreAll(user.train(), out);
    };
  }

  /** A factor model: the user's factor (given with it) against every item's. */
  static UserScorer.Factory factors(float[] itemFactors, int rank) {
    return () ->
        (user, vector, out) -> {
          for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int k = 0; k < rank; k++) {
              s += vector[k] * itemFactors[i * rank + k];
            }
            out[i] = (float) s;
          }
        };
  }
}
