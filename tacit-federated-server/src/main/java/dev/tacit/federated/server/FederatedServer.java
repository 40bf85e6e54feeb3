package dev.tacit.federated.server;

import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.device.DeviceStep;
import dev.tacit.privacy.accounting.Conversion;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.PrivacyGuarantee;
import dev.tacit.privacy.accounting.Rdp;
import dev.tacit.privacy.accounting.RdpAccountant;
import dev.tacit.privacy.noise.IntegerNoiseMechanism;
import dev.tacit.privacy.random.RandomSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The server side of federated training (DESIGN.md, "One federated round", steps 3, 5 and 6): it
 * plans each round (cohort, clip norm, quantization, noise shares), refuses a round that would take
 * ε past the budget, decodes the unmasked sum into the averaged gradient, steps the server
 * optimizer into the next model version, and charges the accountant.
 *
 * <p>Privacy accounting: user-level DP, the RDP of the Poisson-subsampled Gaussian (Mironov, Talwar
 * &amp; Zhang 2019) with the improved conversion, one composition per released sum, charged when
 * the sum is released ({@link #release}: the moment the server could compute it), never for a round
 * that releases nothing. The noise multiplier applies to the post-quantization sensitivity {@code
 * C·scale + sqrt(d)}. With noise from the devices, the sum of discrete Gaussians is accounted as a
 * Gaussian of the same variance, which Kairouz, Liu &amp; Steinke (2021) show to be accurate when
 * each share's σ is well above 1 (here it is in the thousands of integer steps); each device's σ is
 * set so that the devices that do add noise carry all of it even when a fraction κ of the counted
 * devices add none ({@link PrivacySettings#honestDevices}).
 *
 * <p>Every unmasked sum is checked against the bound honest clipping and the noise imply ({@link
 * SumCheck}) before the model steps: a sum above it is rejected ({@link SumRejectedException}).
 *
 * <p>Not thread-safe: one coordinator drives it.
 */
public final class FederatedServer implements RoundAlgorithm {
  private final FederatedConfig config;
  private final PrivacySettings privacy;
  private final CohortSampler sampler;
  private final int population;
  private volatile double epsilonBudget; // raised by raiseBudget while a round may be open
  private final double delta;
  private final ServerOptimizer optimizer;
  private final RdpAccountant accountant;
  private final List<RoundRecord> history = new ArrayList<>();
  private final float[] itemFactors;
  private ModelSnapshot model;
  private RoundPlan open;
  private PrivacyEvent openEvent;
  private boolean released;
  private long round;
  private boolean spentWithoutNoise;
  private long releases;

  private FederatedServer(
      FederatedConfig config,
      PrivacySettings privacy,
      CohortSampler sampler,
      int numItems,
      int population,
      double epsilonBudget,
      double delta) {
    this.config = config;
    this.privacy = privacy;
    this.sampler = sampler;
    this.population = population;
    this.epsilonBudget = epsilonBudget;
    this.delta = delta;
    this.optimizer =
        config.optimizer() == FederatedConfig.Optimizer.FEDADAM
            ? ServerOptimizer.fedAdam(
                config.learningRate(), config.momentum(), config.beta2(), config.tau())
            : ServerOptimizer.fedAvgMomentum(config.learningRate(), config.momentum());
    this.accountant = RdpAccountant.create(Rdp.defaultOrders(), Conversion.IMPROVED);
    int k = config.factors();
    this.itemFactors = new float[numItems * k];
    SplittableRandom r = new SplittableRandom(config.seed());
    for (int i = 0; i < itemFactors.length; i++) {
      itemFactors[i] = (float) (gaussian(r) * config.initStd());
    }
    this.model = ModelSnapshot.of(0, numItems, k, itemFactors, config.alpha(), config.lambda());
  }

  private static double gaussian(SplittableRandom r) { // Box-Muller, platform independent
    double u1 = 1 - r.nextDouble();
    double u2 = r.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
  }

  /**
   * A server with the initial model (version 0).
   *
   * @param population the number of devices that may be sampled
   * @param epsilonBudget the most ε the training purpose may spend ({@code +∞} for no limit, the
   *     only budget a run without noise may have)
   * @param delta the δ of every (ε, δ) statement, in (0, 1)
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public static FederatedServer create(
      FederatedConfig config,
      PrivacySettings privacy,
      CohortSampler sampler,
      int numItems,
      int population,
      double epsilonBudget,
      double delta) {
    if (config == null || privacy == null || sampler == null) {
      throw new IllegalArgumentException("config, privacy and sampler must be given");
    }
    if (numItems < 1 || population < 1) {
      throw new IllegalArgumentException(
          "numItems and population must be >= 1, were " + numItems + " and " + population);
    }
    if (!(epsilonBudget > 0)) {
      throw new IllegalArgumentException("epsilonBudget must be > 0, was " + epsilonBudget);
    }
    if (!(delta > 0 && delta < 1)) {
      throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
    }
    if (!privacy.isPrivate() && epsilonBudget != Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(
          "a run without noise has epsilon = infinity: its budget must be infinite, was "
              + epsilonBudget);
    }
    return new FederatedServer(
        config, privacy, sampler, numItems, population, epsilonBudget, delta);
  }

  /**
   * A server that resumes where an earlier one stopped: its latest model, optimizer state and
   * finished rounds (the accountant composes their events again, so ε spent is the same).
   *
   * @throws IllegalArgumentException if a parameter is out of range or the model does not match the
   *     configuration
   */
  public static FederatedServer restore(
      FederatedConfig config,
      PrivacySettings privacy,
      CohortSampler sampler,
      int population,
      double epsilonBudget,
      double delta,
      ModelSnapshot model,
      double[][] optimizerState,
      List<RoundRecord> history) {
    FederatedServer s =
        create(config, privacy, sampler, model.numItems(), population, epsilonBudget, delta);
    if (model.factors() != config.factors()) {
      throw new IllegalArgumentException(
          "the model has " + model.factors() + " factors, the configuration " + config.factors());
    }
    System.arraycopy(model.itemFactors(), 0, s.itemFactors, 0, s.itemFactors.length);
    s.model = model;
    s.optimizer.restore(optimizerState);
    for (RoundRecord r : history) {
      if (Double.isInfinite(r.epsilon()) || r.noiseMultiplier() == 0) {
        s.spentWithoutNoise = true;
      } else {
        s.accountant.compose(
            new PrivacyEvent.SampledGaussian(r.samplingRate(), r.noiseMultiplier(), 1));
        s.releases++;
      }
      s.history.add(r);
      s.round = Math.max(s.round, r.round());
    }
    return s;
  }

  /** The optimizer's state, to save with each model version. */
  public double[][] optimizerState() {
    return optimizer.state();
  }

  /** The number of the last round finished (0 before any). */
  public long lastRound() {
    return round;
  }

  /**
   * Skips round numbers up to {@code round} (rounds that were aborted elsewhere, for example before
   * a restart), so the next plan is numbered after them.
   */
  @Override
  public void advanceRoundNumber(long round) {
    if (open != null) {
      throw new IllegalStateException("round " + open.round() + " is still open");
    }
    this.round = Math.max(this.round, round);
  }

  /** The current model. */
  public ModelSnapshot model() {
    return model;
  }

  @Override
  public long modelVersion() {
    return model.version();
  }

  /** The configuration. */
  public FederatedConfig config() {
    return config;
  }

  /** The privacy settings. */
  public PrivacySettings privacy() {
    return privacy;
  }

  /** The population size. */
  public int population() {
    return population;
  }

  /** The δ of every (ε, δ) this server states. */
  public double delta() {
    return delta;
  }

  /** The ε budget. */
  @Override
  public double epsilonBudget() {
    return epsilonBudget;
  }

  /**
   * Raises the ε budget to {@code epsilon} (the operator raised the training purpose's budget in
   * the ledger): the next rounds are planned and released against it. A budget is only ever raised.
   *
   * @throws IllegalArgumentException if {@code epsilon} is not greater than the current budget
   */
  public void raiseBudget(double epsilon) {
    if (!(epsilon > epsilonBudget)) {
      throw new IllegalArgumentException(
          "the epsilon budget can only be raised: must be greater than "
              + epsilonBudget
              + ", was "
              + epsilon);
    }
    epsilonBudget = epsilon;
  }

  /** The rounds finished so far, oldest first. */
  public List<RoundRecord> history() {
    return List.copyOf(history);
  }

  /** Draws the devices of the next round. */
  public int[] sampleCohort(RandomSource random) {
    return sampler.sample(population, random);
  }

  /** ε spent so far at the server's δ (0 before any round, ∞ after a round without noise). */
  public PrivacyGuarantee spent() {
    if (spentWithoutNoise) {
      return new PrivacyGuarantee(Double.POSITIVE_INFINITY, delta, Double.NaN);
    }
    if (releases == 0) {
      return new PrivacyGuarantee(0, delta, Double.NaN);
    }
    return accountant.guarantee(delta);
  }

  /** ε after one more round, without changing anything. */
  @Override
  public double epsilonAfterNextRound() {
    if (!privacy.isPrivate()) {
      return Double.POSITIVE_INFINITY;
    }
    return accountant.copy().compose(nextRoundEvent()).guarantee(delta).epsilon();
  }

  /**
   * What releasing the sum of the next round will be charged: the subsampled Gaussian at the
   * sampler's accounting rate and the noise multiplier.
   *
   * @throws IllegalStateException if the run adds no noise (nothing to account: ε is infinite)
   */
  public PrivacyEvent.SampledGaussian nextRoundEvent() {
    if (!privacy.isPrivate()) {
      throw new IllegalStateException(
          "a run without noise has no privacy event: epsilon is infinite");
    }
    return new PrivacyEvent.SampledGaussian(
        sampler.accountingRate(population), privacy.noiseMultiplier(), 1);
  }

  /**
   * Plans the next round for a cohort of {@code cohortSize} devices.
   *
   * @throws BudgetExceededException if the round would take ε past the budget (nothing changes)
   * @throws IllegalStateException if a round is already open
   * @throws IllegalArgumentException if the quantization cannot fit the cohort in the modulus
   */
  @Override
  public RoundPlan planRound(int cohortSize) {
    if (open != null) {
      throw new IllegalStateException("round " + open.round() + " is still open");
    }
    if (cohortSize < 1) {
      throw new IllegalArgumentException("cohortSize must be >= 1, was " + cohortSize);
    }
    double after = epsilonAfterNextRound();
    if (after > epsilonBudget) {
      throw new BudgetExceededException(after, epsilonBudget);
    }
    open =
        ReleaseCalibration.plan(
            round + 1,
            model.version(),
            model.dimension(),
            privacy,
            config.modulusBits(),
            cohortSize,
            sampler.expectedSize(population));
    openEvent = privacy.isPrivate() ? nextRoundEvent() : null;
    released = false;
    return open;
  }

  /**
   * Abandons the open round: nothing is learned. A round aborted before its sum was {@linkplain
   * #release released} charges nothing; one aborted after keeps its charge.
   */
  @Override
  public void abortRound(RoundPlan plan) {
    requireOpen(plan);
    open = null;
  }

  /**
   * Releases the open round's sum of {@code counted} devices: from now on the server could compute
   * it (SecAgg+ has fixed the masked inputs and is about to ask the survivors for what removes the
   * masks), so it is charged now, through {@code gate} and then to this server's accountant,
   * whatever happens next: a round that aborts later, or whose sum is rejected, keeps its charge.
   * The charge is the event fixed when the round was planned.
   *
   * @throws IllegalStateException if {@code plan} is not the open round or was released already, or
   *     if fewer than the plan's minimum survivors are counted (the noise was scaled for that
   *     many): nothing is charged, and the round must be aborted
   * @throws BudgetExceededException if this server's budget or the gate refuses the charge: nothing
   *     is charged, and the sum must not be released
   */
  public void release(RoundPlan plan, int counted, ReleaseGate gate) {
    release(plan, counted, List.of(), gate);
  }

  /**
   * As {@link #release(RoundPlan, int, ReleaseGate)}, naming the counted devices in the {@link
   * Release} the gate charges, so that the ledger can record which devices each release holds.
   *
   * @throws IllegalArgumentException if {@code devices} is neither empty nor of {@code counted}
   *     distinct ids
   */
  @Override
  public void release(
      RoundPlan plan, int counted, java.util.Collection<String> devices, ReleaseGate gate) {
    if (!devices.isEmpty() && new java.util.HashSet<>(devices).size() != counted) {
      throw new IllegalArgumentException(
          "devices must be the " + counted + " counted devices, distinct, were " + devices.size());
    }
    requireOpen(plan);
    if (released) {
      throw new IllegalStateException("round " + plan.round() + " was released already");
    }
    if (counted < plan.minSurvivors()) {
      throw new IllegalStateException(
          "only "
              + counted
              + " devices are counted, fewer than the "
              + plan.minSurvivors()
              + " the noise was scaled for: round "
              + plan.round()
              + " releases nothing");
    }
    if (openEvent != null) {
      double after = accountant.copy().compose(openEvent).guarantee(delta).epsilon();
      if (after > epsilonBudget) {
        throw new BudgetExceededException(after, epsilonBudget);
      }
      gate.charge(
          new Release(
              plan.round(),
              openEvent,
              counted,
              "federated round " + plan.round() + " (" + describe(openEvent) + ")",
              List.copyOf(devices)));
      accountant.compose(openEvent);
      releases++;
    } else {
      spentWithoutNoise = true;
    }
    released = true;
  }

  private static String describe(PrivacyEvent e) {
    return e instanceof PrivacyEvent.SampledGaussian g
        ? "q=" + g.samplingRate() + ", z=" + g.noiseMultiplier()
        : e.toString();
  }

  /**
   * Finishes the open round with the unmasked sum of {@code survivors} devices' contributions.
   *
   * @param serverRandom the server's secure randomness, for central noise (unused otherwise)
   *     <p>A round not {@linkplain #release released} yet is released here first, with no gate
   *     beyond this server's accountant (for callers that run no SecAgg+ phases, such as the
   *     simulator).
   * @return the new model version
   * @throws IllegalStateException if {@code plan} is not the open round, or fewer than the plan's
   *     minimum survivors were counted (the round is aborted, nothing charged)
   * @throws SumRejectedException if the sum is larger than honest clipping and the noise allow
   *     ({@link SumCheck}): the round is over, nothing is published, the release stays charged
   * @throws IllegalArgumentException if the sum has the wrong length or is not residues
   */
  @Override
  public ModelSnapshot finishRound(
      RoundPlan plan, long[] sum, int survivors, RandomSource serverRandom) {
    requireOpen(plan);
    if (sum.length != plan.dimension()) {
      throw new IllegalArgumentException(
          "the sum must have " + plan.dimension() + " entries, had " + sum.length);
    }
    if (survivors < plan.minSurvivors()) {
      open = null;
      throw new IllegalStateException(
          "only "
              + survivors
              + " devices were counted, fewer than the "
              + plan.minSurvivors()
              + " the noise was scaled for: round "
              + plan.round()
              + " aborted");
    }
    if (!released) {
      release(plan, survivors, ReleaseGate.none());
    }
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
      SumCheck.check(plan, noisy, survivors);
    } catch (SumRejectedException e) {
      open = null;
      round = plan.round();
      throw e;
    }
    double[] decoded = DeviceStep.codec(plan).decodeSum(noisy);
    double mu = config.itemRegularizationFor(population);
    double divisor = plan.expectedCohort();
    double norm = 0;
    for (int i = 0; i < decoded.length; i++) {
      norm += decoded[i] * decoded[i];
      decoded[i] = decoded[i] / divisor + 2 * mu * itemFactors[i];
    }
    optimizer.step(itemFactors, decoded);
    model =
        ModelSnapshot.of(
            model.version() + 1,
            model.numItems(),
            model.factors(),
            itemFactors,
            config.alpha(),
            config.lambda());
    round = plan.round();
    double q = sampler.accountingRate(population);
    history.add(
        new RoundRecord(
            round,
            model.version(),
            plan.cohortSize(),
            survivors,
            privacy.noiseMultiplier(),
            q,
            spentWithoutNoise ? Double.POSITIVE_INFINITY : accountant.guarantee(delta).epsilon(),
            delta,
            Math.sqrt(norm)));
    open = null;
    return model;
  }

  private void requireOpen(RoundPlan plan) {
    if (open == null || !open.equals(plan)) {
      throw new IllegalStateException(
          "round " + (plan == null ? "?" : plan.round()) + " is not the open round");
    }
  }
}
