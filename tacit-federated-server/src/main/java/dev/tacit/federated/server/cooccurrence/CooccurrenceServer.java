package dev.tacit.federated.server.cooccurrence;

import static dev.tacit.check.Preconditions.checkArgument;
import static dev.tacit.check.Preconditions.checkState;

import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.cooccurrence.Head;
import dev.tacit.federated.device.DeviceStep;
import dev.tacit.federated.server.BudgetExceededException;
import dev.tacit.federated.server.Release;
import dev.tacit.federated.server.ReleaseCalibration;
import dev.tacit.federated.server.ReleaseGate;
import dev.tacit.federated.server.SumCheck;
import dev.tacit.privacy.accounting.Conversion;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.PrivacyGuarantee;
import dev.tacit.privacy.accounting.Rdp;
import dev.tacit.privacy.accounting.RdpAccountant;
import dev.tacit.privacy.noise.IntegerNoiseMechanism;
import dev.tacit.privacy.random.RandomSource;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server side of the co-occurrence model: plans the two releases, checks and decodes their
 * sums, and turns them into the model. The releases happen once each and in order (popularity, then
 * co-occurrence); any other order is refused.
 *
 * <p>Privacy: every device of the population takes part in both releases (no sampling, so no
 * amplification by sampling is assumed), each a Gaussian mechanism with its own noise multiplier on
 * the post-quantization sensitivity {@code C·scale + sqrt(d)}, composed in RDP (Mironov 2017,
 * heterogeneous composition) and converted to (ε, δ) as {@link
 * dev.tacit.federated.server.FederatedServer} does. Each release is charged when its sum is
 * finished; the pair is refused up front if both together would take ε past the budget. With noise
 * from the devices each device adds its share of discrete Gaussian noise as planned by {@link
 * ReleaseCalibration} (κ and the minimum survivors as for federated iALS).
 *
 * <p>Not thread-safe: one coordinator drives it.
 */
public final class CooccurrenceServer {
  private enum State {
    NEW,
    POPULARITY_OPEN,
    POPULARITY_DONE,
    COOCCURRENCE_OPEN,
    DONE
  }

  private final CooccurrenceConfig config;
  private final CooccurrenceConfig.Releases privacy;
  private final int numItems;
  private final int population;
  private final double epsilonBudget;
  private final double delta;
  private final RdpAccountant accountant;
  private State state = State.NEW;
  private RoundPlan open;
  private Head head;
  private CooccurrenceModel model;
  private int charged;
  private boolean openCharged;

  private CooccurrenceServer(
      CooccurrenceConfig config,
      CooccurrenceConfig.Releases privacy,
      int numItems,
      int population,
      double epsilonBudget,
      double delta) {
    this.config = config;
    this.privacy = privacy;
    this.numItems = numItems;
    this.population = population;
    this.epsilonBudget = epsilonBudget;
    this.delta = delta;
    this.accountant = RdpAccountant.create(Rdp.defaultOrders(), Conversion.IMPROVED);
  }

  /**
   * A server for a population of {@code population} devices over {@code numItems} items.
   *
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public static CooccurrenceServer create(
      CooccurrenceConfig config,
      CooccurrenceConfig.Releases privacy,
      int numItems,
      int population,
      double epsilonBudget,
      double delta) {
    checkArgument(config != null && privacy != null, "config and privacy must be given");
    checkArgument(
        numItems >= 2 && population >= 1,
        "numItems must be >= 2 and population >= 1, were %s and %s",
        numItems,
        population);
    checkArgument(epsilonBudget > 0, "epsilonBudget must be > 0, was %s", epsilonBudget);
    checkArgument(delta > 0 && delta < 1, "delta must be in (0, 1), was %s", delta);
    checkArgument(
        privacy.isPrivate() || epsilonBudget == Double.POSITIVE_INFINITY,
        "releases without noise have epsilon = infinity: the budget must be infinite, was %s",
        epsilonBudget);
    return new CooccurrenceServer(config, privacy, numItems, population, epsilonBudget, delta);
  }

  /**
   * The privacy event of the popularity release: the Gaussian mechanism with z₁.
   *
   * @throws IllegalArgumentException without noise (nothing to account: ε is infinite)
   */
  public PrivacyEvent.SampledGaussian popularityEvent() {
    return PrivacyEvent.gaussian(privacy.popularity().noiseMultiplier(), 1);
  }

  /**
   * The privacy event of the co-occurrence release: the Gaussian mechanism with z₂.
   *
   * @throws IllegalArgumentException without noise (nothing to account: ε is infinite)
   */
  public PrivacyEvent.SampledGaussian cooccurrenceEvent() {
    return PrivacyEvent.gaussian(privacy.cooccurrence().noiseMultiplier(), 1);
  }

  /** ε of both releases together at this server's δ (∞ without noise). */
  public double epsilonOfBoth() {
    if (!privacy.isPrivate()) {
      return Double.POSITIVE_INFINITY;
    }
    return RdpAccountant.create(Rdp.defaultOrders(), Conversion.IMPROVED)
        .compose(popularityEvent())
        .compose(cooccurrenceEvent())
        .guarantee(delta)
        .epsilon();
  }

  /** ε spent so far (0 before any release, ∞ after one without noise). */
  public PrivacyGuarantee spent() {
    if (charged == 0) {
      return new PrivacyGuarantee(0, delta, Double.NaN);
    }
    if (!privacy.isPrivate()) {
      return new PrivacyGuarantee(Double.POSITIVE_INFINITY, delta, Double.NaN);
    }
    return accountant.guarantee(delta);
  }

  /** The settings. */
  public CooccurrenceConfig config() {
    return config;
  }

  /** The privacy settings of the two releases. */
  public CooccurrenceConfig.Releases privacy() {
    return privacy;
  }

  /** The ε budget this server's own accountant refuses to pass. */
  public double epsilonBudget() {
    return epsilonBudget;
  }

  /** The number of devices that take part in every release. */
  public int population() {
    return population;
  }

  /** The δ of every (ε, δ) this server states. */
  public double delta() {
    return delta;
  }

  /**
   * Plans the popularity release for a cohort of {@code cohortSize} devices (the population).
   *
   * @throws BudgetExceededException if both releases together would exceed the budget
   * @throws IllegalStateException if it was planned already
   */
  public RoundPlan planPopularity(int cohortSize) {
    return planPopularity(1, 0, cohortSize);
  }

  /**
   * Plans the popularity release as round {@code round} on model version {@code modelVersion}, for
   * a cohort of {@code cohortSize} devices. A release aborted before ({@link #abort}) may be
   * planned again; what it was charged stays charged.
   *
   * @throws BudgetExceededException if the releases still to come would take ε past the budget
   * @throws IllegalStateException if it was planned already
   */
  public RoundPlan planPopularity(long round, long modelVersion, int cohortSize) {
    require(State.NEW, "plan the popularity release");
    double after = epsilonAfterRemaining();
    if (after > epsilonBudget) {
      throw new BudgetExceededException(after, epsilonBudget);
    }
    open =
        ReleaseCalibration.plan(
            round,
            modelVersion,
            numItems,
            privacy.popularity(),
            config.modulusBits(),
            cohortSize,
            cohortSize);
    openCharged = false;
    state = State.POPULARITY_OPEN;
    return open;
  }

  /**
   * ε once the releases not yet charged are charged, without changing anything: both before the
   * popularity release is charged, the co-occurrence release after (∞ without noise).
   */
  public double epsilonAfterRemaining() {
    if (!privacy.isPrivate()) {
      return Double.POSITIVE_INFINITY;
    }
    RdpAccountant after = accountant.copy();
    boolean popularityCharged =
        state == State.POPULARITY_DONE
            || state == State.COOCCURRENCE_OPEN
            || state == State.DONE
            || (state == State.POPULARITY_OPEN && openCharged);
    if (!popularityCharged) {
      after.compose(popularityEvent());
    }
    if (state != State.DONE && !(state == State.COOCCURRENCE_OPEN && openCharged)) {
      after.compose(cooccurrenceEvent());
    }
    return after.guarantee(delta).epsilon();
  }

  /**
   * The privacy event of the next release to be charged: the popularity release's until it is
   * charged, then the co-occurrence release's.
   *
   * @throws IllegalStateException without noise, or when both are charged
   */
  public PrivacyEvent nextEvent() {
    if (!privacy.isPrivate()) {
      throw new IllegalStateException("releases without noise have no privacy event");
    }
    if (state == State.NEW || (state == State.POPULARITY_OPEN && !openCharged)) {
      return popularityEvent();
    }
    if (state != State.DONE && !(state == State.COOCCURRENCE_OPEN && openCharged)) {
      return cooccurrenceEvent();
    }
    throw new IllegalStateException("both releases are charged");
  }

  /** Whether the next release to plan is the popularity release (else the co-occurrence one). */
  public boolean popularityNext() {
    return state == State.NEW || state == State.POPULARITY_OPEN;
  }

  /** Whether both releases are finished. */
  public boolean done() {
    return state == State.DONE;
  }

  /**
   * Releases the open release's sum of {@code counted} devices: from now on the server could
   * compute it (SecAgg+ has fixed the masked inputs), so it is charged now, through {@code gate}
   * (the server's ledger, which records {@code devices}) and then to this server's accountant,
   * whatever happens next. Finishing the release then charges nothing more.
   *
   * @param devices the counted devices' distinct ids, or empty when the caller does not know them
   * @throws IllegalStateException if {@code plan} is not the open release, it was released already,
   *     or fewer than its minimum survivors are counted (nothing is charged)
   * @throws BudgetExceededException if this server's budget or the gate refuses the charge (nothing
   *     is charged)
   */
  public void release(RoundPlan plan, int counted, Collection<String> devices, ReleaseGate gate) {
    requireOpenPlan(state == State.POPULARITY_OPEN || state == State.COOCCURRENCE_OPEN, plan);
    checkState(!openCharged, "release %s was released already", plan.round());
    checkState(
        counted >= plan.minSurvivors(),
        "only %s devices are counted, fewer than the %s the noise was scaled for: release %s"
            + " releases nothing",
        counted,
        plan.minSurvivors(),
        plan.round());
    checkArgument(
        devices.isEmpty() || new HashSet<>(devices).size() == counted,
        "devices must be the %s counted devices, distinct, were %s",
        counted,
        devices.size());
    boolean popularity = state == State.POPULARITY_OPEN;
    if (privacy.isPrivate()) {
      PrivacyEvent.SampledGaussian event = popularity ? popularityEvent() : cooccurrenceEvent();
      double after = accountant.copy().compose(event).guarantee(delta).epsilon();
      if (after > epsilonBudget) {
        throw new BudgetExceededException(after, epsilonBudget);
      }
      gate.charge(
          new Release(
              plan.round(),
              event,
              counted,
              (popularity ? "co-occurrence model: popularity release" : describeCooccurrence())
                  + " (Gaussian, z = "
                  + String.format(java.util.Locale.ROOT, "%.4f", event.noiseMultiplier())
                  + ", every device, no sampling)",
              List.copyOf(devices)));
      accountant.compose(event);
    }
    charged++;
    openCharged = true;
  }

  private String describeCooccurrence() {
    return "co-occurrence model: co-occurrence release over " + head.size() + " head items";
  }

  /**
   * Abandons the open release: nothing is learned, and the same release may be planned again. A
   * release already {@linkplain #release charged} keeps its charge.
   *
   * @throws IllegalStateException if {@code plan} is not the open release
   */
  public void abort(RoundPlan plan) {
    requireOpenPlan(state == State.POPULARITY_OPEN || state == State.COOCCURRENCE_OPEN, plan);
    state = state == State.POPULARITY_OPEN ? State.NEW : State.POPULARITY_DONE;
    open = null;
    openCharged = false;
  }

  /**
   * Finishes the popularity release with the sum of {@code counted} devices' contributions: charges
   * it, checks the sum ({@link SumCheck}), and picks the head by the rule of {@link
   * CooccurrenceConfig}.
   *
   * @param serverRandom the server's secure randomness, for central noise (unused otherwise)
   * @throws IllegalStateException if {@code plan} is not the open popularity release or fewer than
   *     its minimum survivors were counted (nothing is charged)
   * @throws dev.tacit.federated.server.SumRejectedException if the sum is above the honest bound
   *     (the release stays charged)
   */
  public Head finishPopularity(RoundPlan plan, long[] sum, int counted, RandomSource serverRandom) {
    requireOpen(State.POPULARITY_OPEN, plan, sum, counted);
    double[] popularity = decode(plan, sum, counted, true, serverRandom);
    head =
        HeadEase.head(
            popularity,
            config,
            privacy.cooccurrence().noiseMultiplier() * privacy.cooccurrence().clipNorm());
    state = State.POPULARITY_DONE;
    open = null;
    return head;
  }

  /** The head, once the popularity release is finished. */
  public Head head() {
    if (head == null) {
      throw new IllegalStateException("the popularity release is not finished");
    }
    return head;
  }

  /**
   * Plans the co-occurrence release over the head.
   *
   * @throws IllegalStateException if the popularity release is not finished, or this one was
   *     planned already
   */
  public RoundPlan planCooccurrence(int cohortSize) {
    return planCooccurrence(2, 1, cohortSize);
  }

  /**
   * Plans the co-occurrence release as round {@code round} on model version {@code modelVersion}
   * (the one that publishes the head).
   *
   * @throws BudgetExceededException if it would take ε past the budget
   * @throws IllegalStateException if the popularity release is not finished, or this one was
   *     planned already
   */
  public RoundPlan planCooccurrence(long round, long modelVersion, int cohortSize) {
    require(State.POPULARITY_DONE, "plan the co-occurrence release");
    double after = epsilonAfterRemaining();
    if (after > epsilonBudget) {
      throw new BudgetExceededException(after, epsilonBudget);
    }
    openCharged = false;
    open =
        ReleaseCalibration.plan(
            round,
            modelVersion,
            Head.triangleSize(head.size()),
            privacy.cooccurrence(),
            config.modulusBits(),
            cohortSize,
            cohortSize);
    state = State.COOCCURRENCE_OPEN;
    return open;
  }

  /**
   * Finishes the co-occurrence release: charges it, checks the sum, mirrors it into G, keeps the
   * eigen-components above the noise edge and solves EASE in closed form.
   *
   * @throws IllegalStateException if {@code plan} is not the open co-occurrence release or fewer
   *     than its minimum survivors were counted (nothing is charged)
   */
  public CooccurrenceModel finishCooccurrence(
      RoundPlan plan, long[] sum, int counted, RandomSource serverRandom) {
    requireOpen(State.COOCCURRENCE_OPEN, plan, sum, counted);
    double[] triangle = decode(plan, sum, counted, false, serverRandom);
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("popularity_noise_multiplier", privacy.popularity().noiseMultiplier());
    provenance.put("cooccurrence_noise_multiplier", privacy.cooccurrence().noiseMultiplier());
    provenance.put("counted", counted);
    provenance.put("population", population);
    double eps = spent().epsilon();
    provenance.put("epsilon", Double.isInfinite(eps) ? "inf" : eps);
    provenance.put("delta", delta);
    double sigma = privacy.isPrivate() ? HeadEase.entrySigma(plan, counted) : 0;
    model = HeadEase.solve(head, triangle, sigma, config, provenance);
    state = State.DONE;
    open = null;
    return model;
  }

  /** The model, once both releases are finished. */
  public CooccurrenceModel model() {
    if (model == null) {
      throw new IllegalStateException("the co-occurrence release is not finished");
    }
    return model;
  }

  private double[] decode(
      RoundPlan plan, long[] sum, int counted, boolean popularity, RandomSource serverRandom) {
    if (!openCharged) {
      if (privacy.isPrivate()) {
        accountant.compose(popularity ? popularityEvent() : cooccurrenceEvent());
      }
      charged++;
    }
    openCharged = false;
    long[] noisy = sum;
    if (plan.serverNoiseSigma() > 0) {
      IntegerNoiseMechanism noise =
          IntegerNoiseMechanism.discreteGaussian(plan.serverNoiseSigma(), serverRandom);
      noisy = new long[sum.length];
      for (int i = 0; i < sum.length; i++) {
        noisy[i] = noise.addNoise(sum[i]) & plan.mask();
      }
    }
    try {
      SumCheck.check(plan, noisy, counted);
    } catch (RuntimeException e) {
      state = State.DONE;
      open = null;
      throw e;
    }
    return DeviceStep.codec(plan).decodeSum(noisy);
  }

  private void require(State expected, String what) {
    if (state != expected) {
      throw new IllegalStateException("cannot " + what + " now: the server is at " + state);
    }
  }

  private void requireOpenPlan(boolean stateOpen, RoundPlan plan) {
    checkState(
        stateOpen && open != null && open.equals(plan),
        "round %s is not the open release",
        plan == null ? "?" : plan.round());
  }

  private void requireOpen(State expected, RoundPlan plan, long[] sum, int counted) {
    requireOpenPlan(state == expected, plan);
    if (sum == null || sum.length != plan.dimension()) {
      throw new IllegalArgumentException("the sum must have " + plan.dimension() + " entries");
    }
    if (counted < plan.minSurvivors()) {
      state = State.DONE;
      open = null;
      throw new IllegalStateException(
          "only "
              + counted
              + " devices were counted, fewer than the "
              + plan.minSurvivors()
              + " the noise was scaled for: release "
              + plan.round()
              + " aborted, nothing charged");
    }
  }
}
