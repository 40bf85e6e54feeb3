package dev.tacit.server.rounds;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a model version was made (Tribuo's model provenance): the algorithm and its stage, its
 * hyperparameters and noise, and the round that released it with the devices it counted and the ε
 * it cost. Stored with the version as JSON by {@link ProvenanceCodec}, the one writer of the format
 * model cards, the dashboard and the API read.
 *
 * @param algorithm what trained the model
 * @param stage the co-occurrence model's stage ({@code "head"}, {@code "complete"}), null for iALS
 * @param version the model version
 * @param round the round that released it, 0 for the initial version
 * @param hyperparameters the model's hyperparameters
 * @param noise the co-occurrence releases' noise, null for iALS (its noise is the release's)
 * @param config the co-occurrence model's settings, empty for iALS
 * @param colludingFraction κ, the fraction of the cohort assumed to collude with the server
 * @param release the release that made this version, null for the initial version
 * @param model what the model records about itself (kept where this record says nothing else)
 */
public record ModelProvenance(
    Algorithm algorithm,
    String stage,
    long version,
    long round,
    Hyperparameters hyperparameters,
    Noise noise,
    Map<String, Object> config,
    double colludingFraction,
    Release release,
    Map<String, Object> model) {

  /** The algorithms the server trains. */
  public enum Algorithm {
    /** Federated iALS. */
    IALS,
    /** The private co-occurrence model. */
    COOCCURRENCE
  }

  /**
   * The model's hyperparameters; those of the other algorithm are null.
   *
   * @param factors iALS's latent factors
   * @param numItems the co-occurrence model's items
   * @param headSize the co-occurrence model's head
   * @param rank the co-occurrence model's rank
   */
  public record Hyperparameters(
      Integer factors,
      Integer numItems,
      Integer headSize,
      Integer rank,
      double alpha,
      double lambda) {
    /** iALS's. */
    public static Hyperparameters ials(int factors, double alpha, double lambda) {
      return new Hyperparameters(factors, null, null, null, alpha, lambda);
    }

    /** The co-occurrence model's. */
    public static Hyperparameters cooccurrence(
        int numItems, int headSize, int rank, double alpha, double lambda) {
      return new Hyperparameters(null, numItems, headSize, rank, alpha, lambda);
    }
  }

  /**
   * The noise multipliers of the co-occurrence model's two releases, and the popularity release's
   * share of the budget.
   */
  public record Noise(double popularity, double cooccurrence, double popularityShare) {}

  /**
   * The release that made a version.
   *
   * @param name which of the co-occurrence model's releases ({@code "popularity"}, {@code
   *     "cooccurrence"}), null for iALS
   * @param cohort the devices recruited
   * @param survivors the devices counted in the sum
   * @param epsilon the training ε after the release (infinite without noise)
   * @param ledgerSeq the privacy ledger's spend that charged it, null if none did
   */
  public record Release(
      String name,
      double noiseMultiplier,
      int cohort,
      int survivors,
      double samplingRate,
      double epsilon,
      double delta,
      Long ledgerSeq) {}

  /**
   * Copies the maps, keeping their order; {@code config} and {@code model} may be null for none.
   */
  public ModelProvenance {
    config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    model = model == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(model));
  }
}
