package dev.tacit.client;

import static dev.tacit.check.Preconditions.checkArgument;

/**
 * An optional re-ranking of the top candidates: maximal marginal relevance for diversity (Carbonell
 * &amp; Goldstein 1998), or calibration to the user's category mix (Steck 2018).
 *
 * @param kind the re-ranking
 * @param weight the trade-off in [0, 1]: 0 is the model's order, 1 is all diversity or calibration
 */
public record Reranking(Kind kind, double weight) {
  /** The re-rankings. */
  public enum Kind {
    /** The model's order. */
    NONE,
    /** Maximal marginal relevance, with cosine similarity of item factors. */
    MMR,
    /** Calibration: KL divergence of the list's categories from the user's history's. */
    CALIBRATION
  }

  /** Validates the weight. */
  public Reranking {
    checkArgument(kind != null, "kind must be given");
    checkArgument(weight >= 0 && weight <= 1, "weight must be in [0, 1], was %s", weight);
  }

  /** No re-ranking. */
  public static Reranking none() {
    return new Reranking(Kind.NONE, 0);
  }

  /** MMR with the given weight of diversity. */
  public static Reranking mmr(double diversity) {
    return new Reranking(Kind.MMR, diversity);
  }

  /** Calibration with the given weight of the KL term. */
  public static Reranking calibrated(double weight) {
    return new Reranking(Kind.CALIBRATION, weight);
  }
}
