package dev.tacit.federated.server.hierarchy;

import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.server.ReleaseCalibration;
import dev.tacit.privacy.random.RandomSource;
import java.util.Arrays;

/**
 * One release of a sum over a population too large for one SecAgg+ session: the population is
 * shuffled into cohorts of at most {@code maxCohortSize} devices, each cohort is its own SecAgg+
 * session, and the server adds the cohorts' sums modulo 2^bits.
 *
 * <p>Noise. Every cohort gets the same {@link RoundPlan}, calibrated by {@link ReleaseCalibration}
 * for the whole population: the sum's variance (z·Δ)² is split over the honest devices among the
 * minimum survivors <em>of all cohorts together</em>, so each device adds (z·Δ)²/h with h = {@link
 * PrivacySettings#honestDevices}(⌈f·population⌉), not a share sized for its own cohort. The total
 * of any counted set of at least that many devices carries at least the noise the accountant
 * charges for one Gaussian release with multiplier z.
 *
 * <p>Dropouts. A device that drops before sending its masked input adds neither its update nor its
 * noise; a cohort that falls below its SecAgg+ threshold aborts and adds nothing at all. Both are
 * handled the same way: the shares are sized for the minimum survivors, so the release goes ahead
 * when the devices counted over the cohorts that finished are at least {@code plan.minSurvivors()},
 * and is refused otherwise ({@link #finish} throws; the caller charges nothing).
 *
 * <p>What the server sees. The server learns each finished cohort's sum, not only the total. A
 * cohort's sum alone holds only its own devices' noise: against a server that keeps the cohort
 * sums, a device's privacy is that of a Gaussian release with {@link #cohortNoiseMultiplier} of its
 * cohort's counted devices, smaller than z by about √(cohort/population). Against everyone who sees
 * only the total (the model's readers) the release has multiplier z. An operator who needs z
 * against the server too keeps one cohort, or adds the cohort sums inside a second secure
 * aggregation.
 *
 * <p>Lifecycle: each cohort reports once ({@link #accept} or {@link #abort}), then {@link #finish}
 * once. Not thread-safe.
 */
public final class HierarchicalRelease {
  private final RoundPlan plan;
  private final PrivacySettings privacy;
  private final int[][] cohorts;
  private final long[][] sums;
  private final int[] counted;
  private final boolean[] reported;
  private boolean finished;

  private HierarchicalRelease(RoundPlan plan, PrivacySettings privacy, int[][] cohorts) {
    this.plan = plan;
    this.privacy = privacy;
    this.cohorts = cohorts;
    this.sums = new long[cohorts.length][];
    this.counted = new int[cohorts.length];
    this.reported = new boolean[cohorts.length];
  }

  /**
   * Plans a release of a sum of {@code dimension}-long updates from every device of {@code
   * population}, shuffled by {@code random} into ⌈population/maxCohortSize⌉ cohorts whose sizes
   * differ by at most one.
   *
   * @param maxCohortSize the most devices in one SecAgg+ session, at least 3
   * @throws IllegalArgumentException if a parameter is out of range, or a cohort of 3 or more
   *     devices cannot be formed
   */
  public static HierarchicalRelease plan(
      long round,
      long modelVersion,
      int dimension,
      PrivacySettings privacy,
      int modulusBits,
      int population,
      int maxCohortSize,
      RandomSource random) {
    if (privacy == null) {
      throw new IllegalArgumentException("privacy must be given");
    }
    if (population < 3) {
      throw new IllegalArgumentException("population must be >= 3, was " + population);
    }
    return of(
        ReleaseCalibration.plan(
            round, modelVersion, dimension, privacy, modulusBits, population, population),
        privacy,
        maxCohortSize,
        random);
  }

  /**
   * A release under a plan the caller made for the whole population ({@code plan.cohortSize()}
   * devices, as {@link ReleaseCalibration#plan} makes it), shuffled by {@code random} into
   * ⌈population/maxCohortSize⌉ cohorts whose sizes differ by at most one.
   *
   * @param privacy the settings the plan was made with (for κ)
   * @throws IllegalArgumentException if the plan is not of these settings, or a cohort of 3 or more
   *     devices cannot be formed
   */
  public static HierarchicalRelease of(
      RoundPlan plan, PrivacySettings privacy, int maxCohortSize, RandomSource random) {
    if (plan == null || privacy == null || random == null) {
      throw new IllegalArgumentException("plan, privacy and random must be given");
    }
    if (plan.noiseMultiplier() != privacy.noiseMultiplier()
        || plan.clipNorm() != privacy.clipNorm()) {
      throw new IllegalArgumentException(
          "the plan (z = "
              + plan.noiseMultiplier()
              + ", C = "
              + plan.clipNorm()
              + ") was not made with these privacy settings ("
              + privacy
              + ")");
    }
    if (maxCohortSize < 3) {
      throw new IllegalArgumentException("maxCohortSize must be >= 3, was " + maxCohortSize);
    }
    int population = plan.cohortSize();
    if (population < 3) {
      throw new IllegalArgumentException("population must be >= 3, was " + population);
    }
    int k = (population + maxCohortSize - 1) / maxCohortSize;
    if (population / k < 3) {
      throw new IllegalArgumentException(
          "a population of " + population + " cannot be split into cohorts of 3 or more");
    }
    return new HierarchicalRelease(plan, privacy, partition(population, k, random));
  }

  /**
   * The devices 0..population−1 shuffled (Fisher–Yates with {@code random}) into {@code k} cohorts:
   * the first {@code population mod k} cohorts hold one device more than the others.
   */
  static int[][] partition(int population, int k, RandomSource random) {
    int[] order = new int[population];
    for (int i = 0; i < population; i++) {
      order[i] = i;
    }
    for (int i = population - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[][] out = new int[k][];
    int base = population / k;
    int extra = population % k;
    int at = 0;
    for (int c = 0; c < k; c++) {
      int size = base + (c < extra ? 1 : 0);
      out[c] = Arrays.copyOfRange(order, at, at + size);
      Arrays.sort(out[c]);
      at += size;
    }
    return out;
  }

  /** The plan every cohort's devices follow (noise shares sized for the whole population). */
  public RoundPlan plan() {
    return plan;
  }

  /** The number of cohorts. */
  public int cohorts() {
    return cohorts.length;
  }

  /** The devices of cohort {@code k}, in increasing order. */
  public int[] cohort(int k) {
    checkCohort(k);
    return cohorts[k].clone();
  }

  /**
   * Records the SecAgg+ sum of cohort {@code k}, of {@code countedDevices} devices' masked inputs.
   *
   * @throws IllegalArgumentException if the sum has the wrong length or the count is out of range
   * @throws IllegalStateException if the cohort reported already or the release is finished
   */
  public void accept(int k, long[] sum, int countedDevices) {
    checkCohort(k);
    if (sum == null || sum.length != plan.dimension()) {
      throw new IllegalArgumentException(
          "a cohort's sum must have " + plan.dimension() + " entries");
    }
    if (countedDevices < 1 || countedDevices > cohorts[k].length) {
      throw new IllegalArgumentException(
          "cohort "
              + k
              + " has "
              + cohorts[k].length
              + " devices, so its count must be in [1, "
              + cohorts[k].length
              + "], was "
              + countedDevices);
    }
    report(k);
    sums[k] = sum.clone();
    counted[k] = countedDevices;
  }

  /**
   * Records that cohort {@code k}'s SecAgg+ session aborted: it adds nothing.
   *
   * @throws IllegalStateException if the cohort reported already or the release is finished
   */
  public void abort(int k) {
    checkCohort(k);
    report(k);
  }

  /** The devices counted so far over the cohorts that reported a sum. */
  public int counted() {
    int n = 0;
    for (int c : counted) {
      n += c;
    }
    return n;
  }

  /**
   * The total: the cohorts' sums added modulo 2^bits, and the devices counted.
   *
   * @throws IllegalStateException if a cohort has not reported, the release is finished, or fewer
   *     than the plan's minimum survivors were counted (the noise present would be less than the
   *     accountant charges: the release is refused and must not be charged)
   */
  public Total finish() {
    if (finished) {
      throw new IllegalStateException("the release is finished already");
    }
    for (int k = 0; k < cohorts.length; k++) {
      if (!reported[k]) {
        throw new IllegalStateException("cohort " + k + " has not reported");
      }
    }
    finished = true;
    int n = counted();
    if (n < plan.minSurvivors()) {
      throw new IllegalStateException(
          "only "
              + n
              + " devices were counted over the cohorts that finished, fewer than the "
              + plan.minSurvivors()
              + " the noise shares were sized for: release "
              + plan.round()
              + " refused");
    }
    long mask = plan.mask();
    long[] total = new long[plan.dimension()];
    int aborted = 0;
    for (long[] s : sums) {
      if (s == null) {
        aborted++;
        continue;
      }
      for (int j = 0; j < total.length; j++) {
        total[j] = (total[j] + s[j]) & mask;
      }
    }
    return new Total(total, n, aborted);
  }

  /**
   * The least noise variance, in the plan's integer units, that a sum of {@code countedDevices}
   * devices holds when a fraction κ of them add none: its honest devices' shares. At least (z·Δ)²
   * whenever {@code countedDevices >= plan().minSurvivors()}.
   *
   * @throws IllegalArgumentException if {@code countedDevices < 1}
   */
  public double noiseVariance(int countedDevices) {
    double s = plan.deviceNoiseSigma();
    return privacy.honestDevices(countedDevices) * s * s;
  }

  /**
   * The noise multiplier of one cohort's sum of {@code countedDevices} devices seen alone (by a
   * server that keeps the cohort sums): √{@link #noiseVariance}/Δ.
   *
   * @throws IllegalArgumentException if {@code countedDevices < 1}
   */
  public double cohortNoiseMultiplier(int countedDevices) {
    return Math.sqrt(noiseVariance(countedDevices)) / plan.sensitivity();
  }

  private void checkCohort(int k) {
    if (k < 0 || k >= cohorts.length) {
      throw new IllegalArgumentException("cohort must be in [0, " + cohorts.length + "), was " + k);
    }
  }

  private void report(int k) {
    if (finished) {
      throw new IllegalStateException("the release is finished already");
    }
    if (reported[k]) {
      throw new IllegalStateException("cohort " + k + " has reported already");
    }
    reported[k] = true;
  }

  /**
   * The added release.
   *
   * @param sum the cohorts' sums added modulo 2^bits
   * @param counted the devices counted over the cohorts that finished
   * @param abortedCohorts the cohorts whose SecAgg+ session aborted
   */
  public record Total(long[] sum, int counted, int abortedCohorts) {
    /** Copies the sum. */
    public Total {
      sum = sum.clone();
    }

    @Override
    public long[] sum() {
      return sum.clone();
    }
  }
}
