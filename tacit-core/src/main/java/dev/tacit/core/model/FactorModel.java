package dev.tacit.core.model;

/**
 * A matrix factorization model: user factors {@code X} ({@code numUsers x numFactors}) and item
 * factors {@code Y} ({@code numItems x numFactors}), both row-major, scoring {@code Y x_u}.
 */
public interface FactorModel extends Recommender {
  /** The number of users with a factor. */
  int numUsers();

  /** The number of latent factors {@code k}. */
  int numFactors();

  /** A copy of the user factors, row-major {@code numUsers x numFactors}. */
  float[] userFactors();

  /** A copy of the item factors, row-major {@code numItems x numFactors}. */
  float[] itemFactors();

  /** A copy of the factor of {@code user}. */
  float[] userFactor(int user);

  /** Writes {@code Y x} (the score of every item for the factor {@code x}) into {@code out}. */
  void scoreFactor(float[] x, float[] out);
}
