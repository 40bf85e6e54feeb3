package dev.tacit.server.rounds;

import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceFrame;
import dev.tacit.federated.round.RoundException;
import dev.tacit.federated.round.RoundRules;
import dev.tacit.federated.round.RoundSession;
import dev.tacit.federated.server.BudgetExceededException;
import dev.tacit.federated.server.CohortSampler;
import dev.tacit.federated.server.FederatedServer;
import dev.tacit.federated.server.Release;
import dev.tacit.federated.server.RoundAlgorithm;
import dev.tacit.federated.server.RoundRecord;
import dev.tacit.federated.server.SumRejectedException;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.budget.Purpose;
import dev.tacit.privacy.budget.Spend;
import dev.tacit.privacy.budget.SpendDecision;
import dev.tacit.privacy.participant.ParticipantBudget;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.RoundStatus;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.ServerConfig;
import dev.tacit.server.store.CoordinatorLock;
import dev.tacit.server.store.RoundRow;
import dev.tacit.server.store.RoundStore;
import dev.tacit.server.store.Storage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the federated rounds of one server. A round opens when a device checks in and none is
 * running, if the pacing allows it ({@link RoundPacing}), if one more release would fit the
 * training budget, and if enough devices hold training consent for the round to meet its minimum
 * cohort (their number times q at least the minimum: the expected cohort if all of them checked
 * in). Opening a round charges nothing: the privacy ledger is charged, atomically, when the round's
 * sum is released, that is when its masking phase closes, right before the unmask requests go out
 * (from then on the server could compute the sum, so the charge is conservative); a round that ends
 * earlier charges nothing, one that ends later keeps its charge, and one whose charge the ledger
 * refuses aborts before any unmask request is sent. Each round's row names the ledger spend that
 * charged it, and the ledger records which devices each release counted ({@code device_releases}),
 * in the same transaction. A device whose own ε against the server (the releases it was counted in,
 * composed without amplification: the server sees who takes part) would pass the per-device budget
 * with the next round is not admitted to it ({@link ServerConfig#deviceBudget}).
 *
 * <p>Every unmasked sum is checked against the bound honest clipping and noise imply; a round above
 * it is rejected (status {@code rejected}, an audit entry, metric {@code tacit.rounds.rejected}),
 * publishes nothing and keeps its charge. A device that withdraws training ({@link #withdraw}) is a
 * dropout of the running round from then on.
 *
 * <p>Every change of phase is written to the {@code rounds} table; a completed round's model
 * version and optimizer state are written in one transaction. A server that starts finds the rounds
 * that were in flight when the previous process died, and aborts them: their SecAgg+ state died
 * with that process, so nothing of them can be released, and the devices simply check in again.
 *
 * <p>Thread-safe.
 */
public final class RoundService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoundService.class);
  private static final int KEEP_SESSIONS = 4;

  /** How long a device past its own budget is asked to wait: it has no round to join here. */
  static final long DEVICE_BUDGET_RETRY_SECONDS = 3600;

  private final ServerConfig config;
  private final Storage storage;
  private final RoundStore store;
  private final BudgetLedger ledger;
  private final TrainingSettings settings;
  private final RandomSource serverRandom;
  private final ScheduledExecutorService ticker;
  private final Counter completed;
  private final Counter aborted;
  private final Counter rejected;
  private final Counter deviceBudgetRefusals;

  /** When the next round may open, in epoch milliseconds of the server's clock. */
  private final AtomicLong nextOpenAt = new AtomicLong(Long.MIN_VALUE);

  /** Rounds in a row that aborted because too few devices were recruited. */
  private final AtomicInteger shortfalls = new AtomicInteger();

  /** The ledger spend that charged each round's release. */
  private final Map<Long, Long> chargedBy = new ConcurrentHashMap<>();

  private final AtomicInteger lastParticipants = new AtomicInteger();
  private final AtomicInteger lastDropouts = new AtomicInteger();

  private final Object lock = new Object();
  private final CoordinatorLock coordinatorLock;
  private long nextLockAttempt;
  private boolean coordinator;
  private FederatedServer federated;

  /** The co-occurrence model's releases, when the settings train it (null for federated iALS). */
  private final CooccurrenceTraining cooccurrence;

  private boolean loaded;
  private List<CatalogueItem> catalogue = List.of();
  private RoundSession current;
  private long lastRound;
  private volatile String pausedBecause;

  /** The operator's reason while the operator holds the rounds paused, else null. */
  private volatile String heldBecause;

  /** How long a device told that the operator paused the rounds waits before checking in again. */
  public static final long HELD_RETRY_SECONDS = 300;

  private final Map<Long, RoundSession> sessions =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, RoundSession> e) {
          return size() > KEEP_SESSIONS;
        }
      };
  private final Map<Long, Instant> startedAt = new java.util.concurrent.ConcurrentHashMap<>();

  /** A service over the server's state; {@link #start} loads it. */
  public RoundService(
      ServerConfig config,
      Storage storage,
      BudgetLedger ledger,
      TrainingSettings settings,
      MeterRegistry meters) {
    this.config = config;
    this.storage = storage;
    this.store = new RoundStore(storage);
    this.coordinatorLock = new CoordinatorLock(storage);
    this.ledger = ledger;
    this.settings = settings;
    this.cooccurrence =
        settings.cooccurrence() == null
            ? null
            : new CooccurrenceTraining(
                settings,
                store,
                settings.privacy().isPrivate()
                    ? ledger.budget(Purpose.TRAINING).epsilon() // with the operator's raises
                    : Double.POSITIVE_INFINITY,
                config.budgets().get(Purpose.TRAINING).delta());
    this.serverRandom = RandomSource.secure(config.random());
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tacit-round-ticker");
              t.setDaemon(true);
              return t;
            });
    this.completed =
        Counter.builder("tacit.rounds.completed").description("Rounds completed").register(meters);
    this.aborted =
        Counter.builder("tacit.rounds.aborted").description("Rounds aborted").register(meters);
    this.rejected =
        Counter.builder("tacit.rounds.rejected")
            .description(
                "Rounds whose unmasked sum exceeded the bound honest clipping and noise allow")
            .register(meters);
    this.deviceBudgetRefusals =
        Counter.builder("tacit.checkins.refused.device_budget")
            .description(
                "Check-ins refused because the round would take the device past its own epsilon"
                    + " against the server")
            .register(meters);
    Gauge.builder("tacit.round.participants", lastParticipants, AtomicInteger::get)
        .description("Devices counted in the last completed round")
        .register(meters);
    Gauge.builder("tacit.round.dropouts", lastDropouts, AtomicInteger::get)
        .description("Devices of the last completed round's cohort that dropped out")
        .register(meters);
  }

  /** The settings. */
  public TrainingSettings settings() {
    return settings;
  }

  /** The round store. */
  public RoundStore store() {
    return store;
  }

  /**
   * Aborts the rounds left in flight by a previous process, restores the model and optimizer from
   * the latest version, and starts the deadline ticker.
   */
  public void start() {
    if (coordinatorLock.tryAcquire()) {
      becomeCoordinator();
    } else {
      LOG.info(
          "event=coordinator status=standby note=\"another server process coordinates the rounds\"");
    }
    ticker.scheduleWithFixedDelay(this::tick, 50, 50, TimeUnit.MILLISECONDS);
  }

  /**
   * This process now coordinates the rounds: abort what the previous coordinator left in flight,
   * and load the model and optimizer state.
   */
  private void becomeCoordinator() {
    List<Long> abortedRounds =
        store.abortInFlight(
            "the server restarted during this round: its SecAgg+ state was lost with the old"
                + " process, so nothing of it was released");
    if (!abortedRounds.isEmpty()) {
      LOG.warn("aborted rounds {} that were in flight when the server last stopped", abortedRounds);
    }
    synchronized (lock) {
      coordinator = true;
      lastRound = store.rounds().stream().mapToLong(RoundRow::round).max().orElse(0);
      List<CatalogueItem> items = store.catalogue();
      if (!items.isEmpty() && !loaded) {
        load(items);
      }
    }
    LOG.info("event=coordinator status=active");
  }

  /** Whether this process coordinates the rounds (always on SQLite). */
  public boolean coordinator() {
    synchronized (lock) {
      return coordinator;
    }
  }

  private double budgetEpsilon() {
    PrivacyBudget b = ledger.budget(Purpose.TRAINING); // the operator may have raised it
    return settings.privacy().isPrivate() ? b.epsilon() : Double.POSITIVE_INFINITY;
  }

  private double delta() {
    return config.budgets().get(Purpose.TRAINING).delta();
  }

  /**
   * Builds the federated server from the catalogue and the latest model version (or creates v0).
   */
  private void load(List<CatalogueItem> items) {
    catalogue = List.copyOf(items);
    loaded = true;
    if (cooccurrence != null) {
      cooccurrence.load(items.size());
      return;
    }
    CohortSampler sampler = CohortSampler.poisson(settings.rules().samplingRate());
    List<RoundRow> done =
        store.rounds().stream().filter(r -> r.status() == RoundSession.Status.COMPLETED).toList();
    Optional<Long> latest = done.stream().map(RoundRow::resultVersion).max(Long::compare);
    if (latest.isEmpty() && !store.models().exists(0)) {
      federated =
          FederatedServer.create(
              settings.federated(),
              settings.privacy(),
              sampler,
              items.size(),
              settings.population(),
              budgetEpsilon(),
              delta());
      store.publishInitialModel(
          frame(federated.model()),
          provenance(federated.model(), null, null),
          encodeState(federated.optimizerState()));
      return;
    }
    long version = latest.orElse(0L);
    byte[] frame = store.models().get(version).orElseThrow().frame();
    float[] factors = TensorFrame.decode(frame).floats();
    ModelSnapshot model =
        ModelSnapshot.of(
            version,
            items.size(),
            settings.federated().factors(),
            factors,
            settings.federated().alpha(),
            settings.federated().lambda());
    List<RoundRecord> history = new ArrayList<>();
    for (RoundRow r : done) {
      history.add(
          new RoundRecord(
              r.round(),
              r.resultVersion(),
              r.cohort(),
              r.survivors(),
              r.noiseMultiplier(),
              r.samplingRate(),
              r.epsilonAfter(),
              r.delta(),
              r.updateNorm() == null ? Double.NaN : r.updateNorm()));
    }
    federated =
        FederatedServer.restore(
            settings.federated(),
            settings.privacy(),
            sampler,
            settings.population(),
            budgetEpsilon(),
            delta(),
            model,
            decodeState(store.optimizerState(version).orElse(encodeState(new double[0][]))),
            history);
    LOG.info(
        "resumed training at model version {} after {} completed rounds", version, done.size());
  }

  /**
   * Publishes the catalogue and creates model version 0.
   *
   * @throws IllegalStateException if a catalogue exists already
   * @throws IllegalArgumentException if it is empty or repeats an id
   */
  public void publishCatalogue(List<CatalogueItem> items) {
    synchronized (lock) {
      store.publishCatalogue(items);
      if (coordinator) {
        load(items);
      }
    }
  }

  /** The catalogue in model row order (empty before one is published). */
  public List<CatalogueItem> catalogue() {
    synchronized (lock) {
      return catalogue;
    }
  }

  /** Whether training can run (a catalogue was published). */
  public boolean ready() {
    synchronized (lock) {
      return loaded;
    }
  }

  /** The algorithm the server trains: {@code "cooccurrence"} or {@code "ials"}. */
  public String algorithm() {
    return settings.algorithm();
  }

  /**
   * Starts another pair of releases of the co-occurrence model on the latest version, if none is
   * running (periodic refresh; the training budget bounds what all of them cost).
   *
   * @return whether one was started
   * @throws IllegalStateException if the server does not train the co-occurrence model, or has no
   *     catalogue yet
   */
  public boolean refreshCooccurrence() {
    synchronized (lock) {
      if (cooccurrence == null || !loaded) {
        throw new IllegalStateException(
            "only a server that trains the co-occurrence model and has a catalogue refreshes it");
      }
      return cooccurrence.refresh();
    }
  }

  /** The algorithm of the next round, or empty when none is left to run. */
  private Optional<RoundAlgorithm> algorithmOfNextRound() {
    return cooccurrence == null
        ? Optional.of(federated)
        : cooccurrence.running().map(r -> (RoundAlgorithm) r);
  }

  /** What the next round's release will be charged, or null without noise or without a round. */
  private PrivacyEvent nextEvent() {
    if (!settings.privacy().isPrivate()) {
      return null;
    }
    return cooccurrence == null ? federated.nextRoundEvent() : cooccurrence.nextEvent();
  }

  /** Why no round starts (the budget is spent), or empty. */
  public Optional<String> paused() {
    return Optional.ofNullable(pausedBecause);
  }

  /**
   * Holds the rounds (the operator paused them): no new round opens, and every check-in is told to
   * come back in {@link #HELD_RETRY_SECONDS}; a round already open runs to its end with the devices
   * it has (aborting it would waste the devices' work, and, once released, the ε it was charged).
   * Not audited here: the caller records the pause.
   */
  public void hold(String reason) {
    heldBecause = java.util.Objects.requireNonNull(reason, "reason");
    LOG.info("event=rounds status=held");
  }

  /** Lets rounds open again after {@link #hold}. */
  public void unhold() {
    heldBecause = null;
    LOG.info("event=rounds status=resumed");
  }

  /** The operator's reason while the rounds are held, or empty. */
  public Optional<String> held() {
    return Optional.ofNullable(heldBecause);
  }

  /**
   * The ledger's training budget was raised: the next rounds are planned against it, and a pause
   * because the old budget was spent is lifted (the next check-in checks the new budget again).
   */
  public void budgetRaised() {
    synchronized (lock) {
      double budget = budgetEpsilon();
      if (federated != null && budget > federated.epsilonBudget()) {
        federated.raiseBudget(budget);
      }
      if (cooccurrence != null) {
        cooccurrence.raiseBudget(budget);
      }
      pausedBecause = null;
    }
  }

  // ------------------------------------------------------------------ check-in

  /**
   * A device with training consent checks in: waits up to {@code waitMillis} for recruiting to
   * close, then answers its assignment, or a retry-after.
   */
  public CheckInResponse checkIn(String deviceId, long waitMillis) throws InterruptedException {
    RoundSession s;
    PrivacyEvent event;
    if (heldBecause != null) {
      return CheckInResponse.retryAfter(HELD_RETRY_SECONDS); // the operator paused the rounds
    }
    synchronized (lock) {
      if (!coordinator) {
        return CheckInResponse.retryAfter(30); // another process runs the rounds
      }
      if (!loaded) {
        List<CatalogueItem> items = store.catalogue(); // published through another process?
        if (items.isEmpty()) {
          return CheckInResponse.retryAfter(60);
        }
        load(items);
      }
      boolean running = current != null && !current.status().isOver();
      if (!running && algorithmOfNextRound().isEmpty()) {
        // Both releases of the co-occurrence model are published: nothing to train until a
        // refresh.
        return CheckInResponse.retryAfter(3600);
      }
      event = nextEvent();
    }
    // Before anything else: a device past its own budget opens no round and joins none.
    if (!admits(deviceId, event)) {
      deviceBudgetRefusals.increment();
      RoundSession recruiting;
      synchronized (lock) {
        recruiting = current;
      }
      if (recruiting != null) {
        recruiting.decline(deviceId); // so that recruiting does not wait for it
      }
      return CheckInResponse.retryAfter(DEVICE_BUDGET_RETRY_SECONDS);
    }
    synchronized (lock) {
      if (current == null || current.status().isOver()) {
        if (pausedBecause != null) {
          return CheckInResponse.retryAfter(3600);
        }
        long wait = openRound();
        if (wait > 0) {
          return CheckInResponse.retryAfter(wait);
        }
      }
      s = current;
    }
    RoundSession.Decision d = s.checkIn(deviceId);
    if (d != RoundSession.Decision.SELECTED) {
      long wait = Math.max(1, settings.rules().phaseTimeout().toSeconds());
      return CheckInResponse.retryAfter(d == RoundSession.Decision.CLOSED ? wait : wait * 4);
    }
    RoundSession.Status status = s.awaitPast(RoundSession.Status.RECRUITING, waitMillis);
    if (status == RoundSession.Status.RECRUITING || status == RoundSession.Status.ABORTED) {
      return CheckInResponse.retryAfter(1);
    }
    return CheckInResponse.assigned(dev.tacit.federated.round.PlanWire.assignment(s.plan()));
  }

  /**
   * Whether the device may be counted in a release of {@code event}: whether its own ε against the
   * server, the releases it was counted in and this one composed without amplification, stays
   * within the per-device budget ({@link ServerConfig#deviceBudget}). Always, without noise (there
   * is no ε to keep) or without a per-device limit.
   */
  private boolean admits(String deviceId, PrivacyEvent event) {
    ParticipantBudget budget = config.deviceBudget();
    if (event == null || !budget.limited()) {
      return true;
    }
    List<PrivacyEvent> joined = ledger.spendsOf(deviceId).stream().map(Spend::event).toList();
    if (budget.admits(joined, event)) {
      return true;
    }
    LOG.debug("event=check_in status=refused reason=device_budget");
    return false;
  }

  /**
   * Opens the next round if the pacing, the budget and the devices with training consent allow it.
   * Charges nothing: a round is charged when its sum is released ({@link #charge}).
   *
   * @return 0 if a round opened, else how many seconds a device should wait before checking in
   */
  private long openRound() {
    long now = config.clock().millis();
    long openAt = nextOpenAt.get();
    if (now < openAt) {
      return secondsUntil(now, openAt);
    }
    long round = lastRound + 1;
    Optional<RoundAlgorithm> algorithm = algorithmOfNextRound();
    if (algorithm.isEmpty()) {
      return 3600;
    }
    if (settings.privacy().isPrivate()) {
      // A cheap check, not a charge: the charge, binding, comes with the release.
      double after =
          ledger.epsilonIfSpent(
              Purpose.TRAINING,
              cooccurrence == null ? federated.nextRoundEvent() : cooccurrence.remainingEvent());
      if (after > budgetEpsilon()) {
        pause(after);
        storage.audit("training.paused", "budget exhausted before round " + round);
        return 3600;
      }
    }
    long grants = storage.currentGrants().get(dev.tacit.protocol.Purpose.TRAINING);
    RoundRules rules = settings.rules();
    if (grants * rules.samplingRate() < rules.minCohort()) {
      // Even if every device with training consent checked in, the expected cohort would be short
      // of the minimum: opening would only end in an abort.
      long wait = Math.max(settings.pacing().minInterval().toMillis(), 1000);
      nextOpenAt.set(now + wait);
      LOG.debug(
          "event=round status=not_opened grants={} q={} min_cohort={}",
          grants,
          rules.samplingRate(),
          rules.minCohort());
      return Math.max(1, rules.recruitWindow().toSeconds());
    }
    int eligible = (int) Math.min(Integer.MAX_VALUE, grants);
    try {
      current =
          RoundSession.open(
              round,
              algorithm.get(),
              rules,
              config.random(),
              serverRandom,
              System::nanoTime,
              () -> eligible,
              this::changed,
              this::charge,
              // A withdrawal recorded by another server process reaches this one here.
              devices -> storage.withoutGrant(dev.tacit.protocol.Purpose.TRAINING, devices));
    } catch (BudgetExceededException e) {
      pausedBecause = e.getMessage();
      return 3600;
    }
    lastRound = round;
    sessions.put(round, current);
    nextOpenAt.set(now + settings.pacing().minInterval().toMillis());
    return 0;
  }

  private static long secondsUntil(long now, long then) {
    return Math.max(1, (then - now + 999) / 1000);
  }

  private void pause(double epsilonAfter) {
    pausedBecause =
        String.format(
            java.util.Locale.ROOT,
            "the training budget is spent: one more round would take ε to %.4f, past the"
                + " budget of %.4f; no round starts",
            epsilonAfter,
            ledger.budget(Purpose.TRAINING).epsilon());
    LOG.warn(pausedBecause);
  }

  /**
   * Charges a round's release to the privacy ledger, atomically: called when its masking phase
   * closes, under the session's lock (so it takes no lock of this service).
   *
   * @throws BudgetExceededException if the ledger refuses it (the budget was spent meanwhile, by
   *     another process for example): the round aborts before any unmask request is sent
   */
  private void charge(Release release) {
    SpendDecision d =
        ledger.trySpend(
            Purpose.TRAINING,
            release.event(),
            release.description() + ", " + release.contributors() + " devices counted",
            release.devices());
    if (!d.accepted()) {
      pause(d.epsilonAfter());
      storage.audit(
          "training.paused", "budget exhausted at the release of round " + release.round());
      throw new BudgetExceededException(d.epsilonAfter(), budgetEpsilon());
    }
    chargedBy.put(release.round(), d.spend().orElseThrow().sequence());
  }

  /**
   * The device withdrew its training consent, or was deleted: it is a dropout of the running round
   * from now on, and its masked input is not counted if the masking phase has not closed yet.
   */
  public void withdraw(String deviceId) {
    RoundSession s;
    synchronized (lock) {
      s = current;
    }
    if (s != null) {
      s.withdraw(deviceId);
    }
  }

  // ------------------------------------------------------------------ phases

  /**
   * The session of {@code round}, for a device's phase message.
   *
   * @throws RoundException WRONG_PHASE if the round is unknown or long over
   */
  public RoundSession session(long round) {
    synchronized (lock) {
      RoundSession s = sessions.get(round);
      if (s == null) {
        throw new RoundException(
            RoundException.Kind.WRONG_PHASE,
            "round " + round + " is not running on this server (it ended, or never started)");
      }
      return s;
    }
  }

  /** The public status of a round, from memory or the database. */
  public Optional<RoundStatus> status(long round) {
    RoundSession s;
    synchronized (lock) {
      s = sessions.get(round);
    }
    if (s != null && !s.status().isOver()) {
      return Optional.of(
          new RoundStatus(
              round, s.status().wireName(), s.modelVersion(), s.cohortSize(), 0, null, ""));
    }
    return store
        .round(round)
        .map(
            r ->
                new RoundStatus(
                    r.round(),
                    r.status().wireName(),
                    r.modelVersion(),
                    r.cohort(),
                    r.survivors(),
                    r.resultVersion(),
                    r.note()));
  }

  private void tick() {
    try {
      if (!coordinator() && System.nanoTime() - nextLockAttempt >= 0) {
        nextLockAttempt = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        if (coordinatorLock.tryAcquire()) {
          becomeCoordinator(); // the previous coordinator is gone
        }
      }
      RoundSession s;
      synchronized (lock) {
        s = current;
      }
      if (s != null) {
        s.tick();
      }
    } catch (RuntimeException e) {
      LOG.error("round ticker failed", e);
    }
  }

  /**
   * The training ε recorded with a round: the ledger's, which is charged when a round's sum is
   * released, so the rounds table and the ledger agree (each charged row names its spend). Without
   * noise the ledger is not charged and the accountant's value (infinite) is kept.
   */
  private double epsilonCharged(double accountant) {
    return settings.privacy().isPrivate() ? ledger.spent(Purpose.TRAINING).epsilon() : accountant;
  }

  /** Persists every change of phase; publishes the model of a completed round. */
  private void changed(RoundSession s) {
    Instant now = config.clock().instant();
    Instant started = startedAt.computeIfAbsent(s.round(), r -> now);
    RoundSession.Status st = s.status();
    RoundPlan plan = s.plan();
    int cohort = s.cohortSize();
    boolean over = st.isOver();
    double kappa = settings.privacy().colludingFraction();
    Long ledgerSeq = over ? chargedBy.remove(s.round()) : chargedBy.get(s.round());
    if (st == RoundSession.Status.COMPLETED
        && s.outcome() instanceof CooccurrenceFrame.Published published) {
      RoundRow row =
          new RoundRow(
              s.round(),
              plan.modelVersion(),
              plan.modelVersion() + 1,
              st,
              cohort,
              s.survivors(),
              cohort - s.survivors(),
              plan.noiseMultiplier(),
              1.0,
              epsilonCharged(Double.POSITIVE_INFINITY),
              delta(),
              null,
              started,
              now,
              "",
              kappa,
              ledgerSeq);
      store.completeRound(
          row,
          CooccurrenceTraining.frame(published),
          cooccurrence.provenance(plan.modelVersion() + 1, published, plan, row),
          noState());
      completed.increment();
      lastParticipants.set(s.survivors());
      lastDropouts.set(cohort - s.survivors());
      LOG.info(
          "event=round round={} status=completed algorithm=cooccurrence stage={} counted={}"
              + " cohort={} model_version={}",
          s.round(),
          published.stage().wireName(),
          s.survivors(),
          cohort,
          plan.modelVersion() + 1);
      return;
    }
    if (st == RoundSession.Status.COMPLETED) {
      ModelSnapshot m = s.result();
      List<RoundRecord> h = federated.history();
      RoundRecord rec = h.get(h.size() - 1);
      RoundRow row =
          new RoundRow(
              s.round(),
              plan.modelVersion(),
              m.version(),
              st,
              cohort,
              s.survivors(),
              cohort - s.survivors(),
              rec.noiseMultiplier(),
              rec.samplingRate(),
              epsilonCharged(rec.epsilon()),
              rec.delta(),
              rec.updateNorm(),
              started,
              now,
              "",
              kappa,
              ledgerSeq);
      store.completeRound(
          row, frame(m), provenance(m, rec, ledgerSeq), encodeState(federated.optimizerState()));
      completed.increment();
      lastParticipants.set(s.survivors());
      lastDropouts.set(cohort - s.survivors());
      LOG.info(
          "event=round round={} status=completed counted={} cohort={} model_version={}"
              + " epsilon={}",
          s.round(),
          s.survivors(),
          cohort,
          m.version(),
          rec.epsilon());
      return;
    }
    if (st == RoundSession.Status.ADVERTISING) {
      shortfalls.set(0);
    }
    SumRejectedException rejection = s.rejection();
    if (st == RoundSession.Status.ABORTED
        && s.abortedIn() == RoundSession.Status.RECRUITING
        && cohort < settings.rules().minCohort()) {
      Duration wait = settings.pacing().backoffAfter(shortfalls.incrementAndGet());
      nextOpenAt.accumulateAndGet(now.toEpochMilli() + wait.toMillis(), Math::max);
    }
    LOG.info(
        "event=round round={} status={} cohort={} elapsed_ms={}",
        s.round(),
        st.wireName(),
        cohort,
        Duration.between(started, now).toMillis());
    int counted = st == RoundSession.Status.REJECTED ? s.survivors() : 0;
    store.saveRound(
        new RoundRow(
            s.round(),
            s.modelVersion(),
            null,
            st,
            cohort,
            counted,
            over ? cohort - counted : 0,
            plan != null ? plan.noiseMultiplier() : settings.privacy().noiseMultiplier(),
            settings.rules().samplingRate(),
            epsilonCharged(
                federated != null ? federated.spent().epsilon() : Double.POSITIVE_INFINITY),
            delta(),
            rejection == null ? null : rejection.norm(),
            started,
            over ? now : null,
            s.note(),
            kappa,
            ledgerSeq));
    if (st == RoundSession.Status.ABORTED) {
      aborted.increment();
      LOG.info("event=round round={} status=aborted note=\"{}\"", s.round(), s.note());
    } else if (st == RoundSession.Status.REJECTED) {
      rejected.increment();
      storage.audit(
          "round.rejected",
          String.format(
              java.util.Locale.ROOT,
              "round=%d norm=%.6g bound=%.6g counted=%d ledger_seq=%s",
              s.round(),
              rejection.norm(),
              rejection.bound(),
              counted,
              ledgerSeq));
      LOG.warn("event=round round={} status=rejected note=\"{}\"", s.round(), s.note());
    }
  }

  // ------------------------------------------------------------------ encoding

  private static byte[] frame(ModelSnapshot m) {
    return TensorFrame.ofFloats(new int[] {m.numItems(), m.factors()}, m.itemFactors()).encode();
  }

  private String provenance(ModelSnapshot m, RoundRecord rec, Long ledgerSeq) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("kind", "federated");
    p.put("version", m.version());
    p.put("factors", m.factors());
    p.put("alpha", m.alpha());
    p.put("lambda", m.lambda());
    p.put("round", rec == null ? 0 : rec.round());
    if (rec != null) {
      p.put("cohort", rec.cohortSize());
      p.put("survivors", rec.survivors());
      p.put("noise_multiplier", rec.noiseMultiplier());
      p.put("sampling_rate", rec.samplingRate());
      p.put("epsilon", Double.isFinite(rec.epsilon()) ? rec.epsilon() : "infinity");
      p.put("delta", rec.delta());
      p.put("colluding_fraction", settings.privacy().colludingFraction());
      if (ledgerSeq != null) {
        p.put("ledger_seq", ledgerSeq);
      }
    }
    return Json.write(p);
  }

  /** The empty optimizer state of a model that has none (the co-occurrence model). */
  static byte[] noState() {
    return encodeState(new double[0][]);
  }

  /** The optimizer state as one int64 frame: count, lengths, then the doubles' bits. */
  static byte[] encodeState(double[][] state) {
    int total = 1 + state.length;
    for (double[] v : state) {
      total += v.length;
    }
    long[] out = new long[total];
    out[0] = state.length;
    int at = 1 + state.length;
    for (int i = 0; i < state.length; i++) {
      out[1 + i] = state[i].length;
      for (double d : state[i]) {
        out[at++] = Double.doubleToRawLongBits(d);
      }
    }
    return TensorFrame.ofLongs(new int[] {total}, out).encode();
  }

  static double[][] decodeState(byte[] frame) {
    long[] in = TensorFrame.decode(frame).longs();
    int n = (int) in[0];
    double[][] state = new double[n][];
    int at = 1 + n;
    for (int i = 0; i < n; i++) {
      state[i] = new double[(int) in[1 + i]];
      for (int j = 0; j < state[i].length; j++) {
        state[i][j] = Double.longBitsToDouble(in[at++]);
      }
    }
    return state;
  }

  /** Aborts the running round and stops the ticker. */
  @Override
  public void close() {
    ticker.shutdownNow();
    RoundSession s;
    synchronized (lock) {
      s = current;
    }
    if (s != null) {
      s.abort("the server stopped during this round");
    }
    coordinatorLock.close();
  }
}
