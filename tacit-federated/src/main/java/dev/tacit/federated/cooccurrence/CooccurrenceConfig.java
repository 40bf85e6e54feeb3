package dev.tacit.federated.cooccurrence;

import static dev.tacit.check.Preconditions.checkArgument;

import dev.tacit.federated.PrivacySettings;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings of the co-occurrence model, and the rule that turns the noise of the releases into
 * the head size N, the rank r and the ridge λ. The rule never looks at a test set: N, r and λ are
 * read off the released (already noised) sums and the noise the plan put in them, so they cost no
 * privacy beyond the two releases.
 *
 * <ul>
 *   <li>The clip norms are 1: with an L2 clip C, a device's vector is its own scaled by min(1,
 *       C/‖v‖) and the noise by C, so the signal-to-noise ratio of a sum only falls as C grows;
 *       below 1 a one-item history is clipped too. With clip 1 the popularity release is Σ_u
 *       x_u/‖x_u‖, the diagonal of the co-occurrence matrix the second release estimates.
 *   <li>The head is every item whose noisy popularity stands {@code headThreshold} noise standard
 *       deviations of the second release above zero (at most {@code maxHead}): a co-occurrence row
 *       whose diagonal is not clearly above the noise carries nothing the ridge keeps.
 *   <li>The rank is the number of eigenvalues of the released matrix above the edge of the noise
 *       spectrum, 2σ√N (the semicircle law of an N x N symmetric Gaussian matrix of entry deviation
 *       σ): eigen-components below it are mostly noise.
 *   <li>λ is that edge too (the ridge must dominate the noise's eigenvalues), and at least {@code
 *       minLambda} (the ridge without noise).
 * </ul>
 *
 * <p>The constants (τ = 10, the share 0.05, λ ≥ 10) were chosen on a validation split carved from
 * MovieLens 100K fold u1's training set (20% of each user's training items); see the README.
 *
 * @param popularityShare the fraction of the RDP budget spent on the popularity release, in (0, 1)
 * @param popularityClip the L2 clip of a device's item vector
 * @param cooccurrenceClip the L2 clip of a device's co-occurrence triangle
 * @param headThreshold τ: an item enters the head when its noisy popularity is at least τ times the
 *     noise deviation of one co-occurrence entry
 * @param maxHead the most head items N (the second release has N(N+1)/2 entries)
 * @param minLambda the least ridge λ
 * @param modulusBits the SecAgg+ modulus, 32 or 64
 */
public record CooccurrenceConfig(
    double popularityShare,
    double popularityClip,
    double cooccurrenceClip,
    double headThreshold,
    int maxHead,
    double minLambda,
    int modulusBits) {

  /** The default share of the RDP budget for the popularity release. */
  public static final double DEFAULT_POPULARITY_SHARE = 0.05;

  /** The default τ. */
  public static final double DEFAULT_HEAD_THRESHOLD = 10;

  /** The default largest head. */
  public static final int DEFAULT_MAX_HEAD = 1000;

  /** The default least λ. */
  public static final double DEFAULT_MIN_LAMBDA = 10;

  /** Validates the settings, naming the one that is wrong. */
  public CooccurrenceConfig {
    check(
        popularityShare > 0 && popularityShare < 1,
        "popularityShare must be in (0, 1), was " + popularityShare);
    check(
        popularityClip > 0 && Double.isFinite(popularityClip),
        "popularityClip must be > 0 and finite, was " + popularityClip);
    check(
        cooccurrenceClip > 0 && Double.isFinite(cooccurrenceClip),
        "cooccurrenceClip must be > 0 and finite, was " + cooccurrenceClip);
    check(
        headThreshold >= 0 && Double.isFinite(headThreshold),
        "headThreshold must be >= 0 and finite, was " + headThreshold);
    check(maxHead >= 2 && maxHead <= 4000, "maxHead must be in [2, 4000], was " + maxHead);
    check(
        minLambda > 0 && Double.isFinite(minLambda),
        "minLambda must be > 0 and finite, was " + minLambda);
    check(
        modulusBits == 32 || modulusBits == 64, "modulusBits must be 32 or 64, was " + modulusBits);
  }

  private static void check(boolean ok, String message) {
    checkArgument(ok, message);
  }

  /** The defaults (see the class comment). */
  public static CooccurrenceConfig defaults() {
    return new CooccurrenceConfig(
        DEFAULT_POPULARITY_SHARE,
        1,
        1,
        DEFAULT_HEAD_THRESHOLD,
        DEFAULT_MAX_HEAD,
        DEFAULT_MIN_LAMBDA,
        32);
  }

  /** A copy with another budget split. */
  public CooccurrenceConfig withPopularityShare(double share) {
    return new CooccurrenceConfig(
        share, popularityClip, cooccurrenceClip, headThreshold, maxHead, minLambda, modulusBits);
  }

  /** A copy with another largest head. */
  public CooccurrenceConfig withMaxHead(int n) {
    return new CooccurrenceConfig(
        popularityShare,
        popularityClip,
        cooccurrenceClip,
        headThreshold,
        n,
        minLambda,
        modulusBits);
  }

  /**
   * The privacy settings of the two releases for a combined noise multiplier {@code z}: the RDP of
   * a Gaussian release is α/(2z²), so the releases compose to that of one with 1/z² = 1/z₁² +
   * 1/z₂²; the popularity release gets the share s of it (z₁ = z/√s) and the co-occurrence release
   * the rest (z₂ = z/√(1 − s)). z = 0 means no noise for either.
   *
   * @param z the noise multiplier of one Gaussian release with the privacy of both together
   * @param noiseAt who adds the noise
   * @param minSurvivorFraction the fraction of a cohort the device noise is scaled for
   * @param colludingFraction κ
   */
  public Releases releases(
      double z,
      PrivacySettings.NoiseAt noiseAt,
      double minSurvivorFraction,
      double colludingFraction) {
    checkArgument(z >= 0 && Double.isFinite(z), "z must be >= 0 and finite, was %s", z);
    double z1 = z == 0 ? 0 : z / Math.sqrt(popularityShare);
    double z2 = z == 0 ? 0 : z / Math.sqrt(1 - popularityShare);
    return new Releases(
        new PrivacySettings(popularityClip, z1, noiseAt, minSurvivorFraction, colludingFraction),
        new PrivacySettings(cooccurrenceClip, z2, noiseAt, minSurvivorFraction, colludingFraction));
  }

  /** The settings as a map, for reports. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("popularity_share", popularityShare);
    m.put("popularity_clip", popularityClip);
    m.put("cooccurrence_clip", cooccurrenceClip);
    m.put("head_threshold", headThreshold);
    m.put("max_head", maxHead);
    m.put("min_lambda", minLambda);
    m.put("modulus_bits", modulusBits);
    return m;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "CooccurrenceConfig[share=%s, clips=%s/%s, tau=%s, maxHead=%d, minLambda=%s, bits=%d]",
        popularityShare,
        popularityClip,
        cooccurrenceClip,
        headThreshold,
        maxHead,
        minLambda,
        modulusBits);
  }

  /**
   * The privacy settings of the two releases.
   *
   * @param popularity the first release's (clip, z₁)
   * @param cooccurrence the second release's (clip, z₂)
   */
  public record Releases(PrivacySettings popularity, PrivacySettings cooccurrence) {
    /** Validates. */
    public Releases {
      checkArgument(
          popularity != null && cooccurrence != null, "both releases' settings must be given");
      checkArgument(
          popularity.isPrivate() == cooccurrence.isPrivate(),
          "either both releases add noise or neither does");
    }

    /** Whether the releases add noise. */
    public boolean isPrivate() {
      return popularity.isPrivate();
    }
  }
}
