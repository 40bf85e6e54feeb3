package dev.tacit.core.synth;

import dev.tacit.check.Preconditions;
import java.util.function.Consumer;

/**
 * The settings of {@link SyntheticGenerator}.
 *
 * @param users the number of users, > 0
 * @param items the number of items, >= 2
 * @param latentDim the dimension of the latent taste space, > 0
 * @param itemPopularityExponent the Zipf exponent of item popularity: the item of popularity rank r
 *     has base weight {@code r^-exponent}; 0 for uniform, about 1 for a long tail
 * @param userActivityExponent the Zipf exponent of user activity: the user of activity rank r draws
 *     in proportion to {@code r^-exponent} interactions; 0 for equal activity
 * @param meanInteractionsPerUser the target mean number of interactions per user, in [1, items / 2]
 * @param categories the number of item categories, in [1, items]
 * @param groups the number of user groups (attribute {@code "group"}), in [1, 26]; groups differ in
 *     taste
 * @param affinityScale the approximate standard deviation, over items, of the log-affinity of a
 *     user for an item; 0 makes choices follow popularity alone, 2 gives a strong personal signal
 * @param seed the seed: the same settings give the same dataset
 */
public record SyntheticConfig(
    int users,
    int items,
    int latentDim,
    double itemPopularityExponent,
    double userActivityExponent,
    double meanInteractionsPerUser,
    int categories,
    int groups,
    double affinityScale,
    long seed) {
  /** Validates every setting. */
  public SyntheticConfig {
    Preconditions.checkPositive(users, "users");
    Preconditions.checkArgument(items >= 2, "items must be >= 2, was %d", items);
    Preconditions.checkPositive(latentDim, "latentDim");
    Preconditions.checkNonNegative(itemPopularityExponent, "itemPopularityExponent");
    Preconditions.checkNonNegative(userActivityExponent, "userActivityExponent");
    Preconditions.checkArgument(
        meanInteractionsPerUser >= 1 && meanInteractionsPerUser <= items / 2.0,
        "meanInteractionsPerUser must be in [1, items / 2 = %s], was %s",
        items / 2.0,
        meanInteractionsPerUser);
    Preconditions.checkArgument(
        categories >= 1 && categories <= items,
        "categories must be in [1, items = %d], was %d",
        items,
        categories);
    Preconditions.checkArgument(
        groups >= 1 && groups <= 26, "groups must be in [1, 26], was %d", groups);
    Preconditions.checkNonNegative(affinityScale, "affinityScale");
  }

  /**
   * Defaults for the given size: latent dimension 16, item popularity exponent 0.8, user activity
   * exponent 0.5, 50 interactions per user (at most items / 2), 20 categories (at most items), 2
   * groups, affinity scale 2.
   */
  public static SyntheticConfig of(int users, int items, long seed) {
    Preconditions.checkArgument(items >= 2, "items must be >= 2, was %d", items);
    return new SyntheticConfig(
        users, items, 16, 0.8, 0.5, Math.min(50, items / 2.0), Math.min(20, items), 2, 2.0, seed);
  }

  /** These settings with another latent dimension. */
  public SyntheticConfig withLatentDim(int latentDim) {
    return with(d -> d.latentDim = latentDim);
  }

  /** These settings with other popularity and activity exponents. */
  public SyntheticConfig withExponents(double itemPopularity, double userActivity) {
    return with(
        d -> {
          d.itemPopularityExponent = itemPopularity;
          d.userActivityExponent = userActivity;
        });
  }

  /** These settings with another mean number of interactions per user. */
  public SyntheticConfig withMeanInteractions(double meanPerUser) {
    return with(d -> d.meanInteractionsPerUser = meanPerUser);
  }

  /** These settings with other numbers of categories and groups. */
  public SyntheticConfig withCategoriesAndGroups(int categories, int groups) {
    return with(
        d -> {
          d.categories = categories;
          d.groups = groups;
        });
  }

  /** These settings with another affinity scale. */
  public SyntheticConfig withAffinityScale(double affinityScale) {
    return with(d -> d.affinityScale = affinityScale);
  }

  /** These settings with another seed. */
  public SyntheticConfig withSeed(long seed) {
    return with(d -> d.seed = seed);
  }

  /** These settings with {@code change} made to a copy of them, validated again. */
  private SyntheticConfig with(Consumer<Copy> change) {
    Copy copy = new Copy();
    change.accept(copy);
    return copy.build();
  }

  /**
   * The settings that the {@code with} methods change, each starting at this config's value (the
   * number of users and items stay).
   */
  private final class Copy {
    private int latentDim = latentDim();
    private double itemPopularityExponent = itemPopularityExponent();
    private double userActivityExponent = userActivityExponent();
    private double meanInteractionsPerUser = meanInteractionsPerUser();
    private int categories = categories();
    private int groups = groups();
    private double affinityScale = affinityScale();
    private long seed = seed();

    SyntheticConfig build() {
      return new SyntheticConfig(
          users,
          items,
          latentDim,
          itemPopularityExponent,
          userActivityExponent,
          meanInteractionsPerUser,
          categories,
          groups,
          affinityScale,
          seed);
    }
  }
}
