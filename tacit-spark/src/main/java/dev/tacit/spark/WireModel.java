package dev.tacit.spark;

import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.cooccurrence.Head;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link CooccurrenceModel} as the driver ships it to the executors (what a device receives). */
record WireModel(
    double[] popularity,
    int headSize,
    double[] vectors,
    double[] eigenvalues,
    double lambda,
    LinkedHashMap<String, Object> provenance)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  static WireModel of(CooccurrenceModel m) {
    return new WireModel(
        m.head().popularity(),
        m.head().size(),
        m.vectors(),
        m.eigenvalues(),
        m.lambda(),
        new LinkedHashMap<>(m.provenance()));
  }

  /** The model again: the head is the top of the released popularity, as the server picks it. */
  CooccurrenceModel model() {
    Map<String, Object> p = provenance;
    return CooccurrenceModel.of(Head.top(popularity, headSize), vectors, eigenvalues, lambda, p);
  }
}
