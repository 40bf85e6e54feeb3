package dev.tacit.server.rounds;

import dev.tacit.federated.round.RoundException;
import dev.tacit.federated.server.BudgetExceededException;
import dev.tacit.federated.server.FederatedServer;
import dev.tacit.federated.server.RoundAlgorithm;
import dev.tacit.federated.server.round.CheckInDecision;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.federated.server.round.RoundSession;
import dev.tacit.federated.server.round.SessionStatus;
import dev.tacit.federated.server.round.Ticker;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RoundStatus;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.store.CoordinatorLock;
import dev.tacit.server.store.RoundRow;
import dev.tacit.server.store.RoundStore;
import dev.tacit.server.store.Storage;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the federated rounds of one server, a facade over its parts. A round opens when a device
 * checks in and none is running, if the pacing allows it ({@link RoundPace}), if one more release
 * would fit the training budget, and if enough devices hold training consent for the round to meet
 * its minimum cohort (their number times q at least the minimum: the expected cohort if all of them
 * checked in). Opening a round charges nothing: the privacy ledger is charged when the round's sum
 * is released ({@link LedgerGate}). A device whose own ε against the server would pass the
 * per-device budget with the next round is not admitted to it ({@link DeviceAdmission}); one that
 * withdraws training ({@link #withdraw}) is a dropout of the running round from then on.
 *
 * <p>Every unmasked sum is checked against the bound honest clipping and noise imply; a round above
 * it is rejected, publishes nothing and keeps its charge. Every change of phase, and a completed
 * round's model version, is recorded by {@link RoundRecorder}. Only the process that holds the
 * coordinator lock runs rounds ({@link CoordinatorElection}); when it takes over it aborts the
 * rounds left in flight by the previous one: their SecAgg+ state died with that process, so nothing
 * of them can be released, and the devices simply check in again. The rounds' deadlines run on the
 * server's clock ({@link ServerConfig#clock}).
 *
 * <p>Thread-safe.
 */
public final class RoundService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RoundService.class);

  private final ServerConfig config;
  private final Storage storage;
  private final RoundStore store;
  private final BudgetLedger ledger;
  private final TrainingSettings settings;
  private final RandomSource serverRandom;
  private final ScheduledExecutorService ticker;
  private final DeviceAdmission admission;
  private final RoundPace pace;
  private final RoundRecorder recorder;
  private final LedgerGate gate;

  private final Object lock = new Object();
  private final CoordinatorElection election;
  private final Ticker roundTicker;
  private boolean coordinator;

  /**
   * The iALS server once the catalogue is loaded (null before, and for the co-occurrence model).
   */
  private volatile FederatedServer federated;

  /** The co-occurrence model's releases, when the settings train it (null for federated iALS). */
  private final CooccurrenceTraining cooccurrence;

  private boolean loaded;
  private List<CatalogueItem> catalogue = List.of();
  private RoundSession current;
  private long lastRound;

  /** The operator's reason while the operator holds the rounds paused, else null. */
  private volatile String heldBecause;

  /** How long a device told that the operator paused the rounds waits before checking in again. */
  public static final long HELD_RETRY_SECONDS = 300;

  private final RecentRounds recent;

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
    this.recent = new RecentRounds(store);
    this.election =
        new CoordinatorElection(
            new CoordinatorLock(storage), config.clock(), this::becomeCoordinator);
    this.roundTicker = Ticker.of(config.clock()); // the rounds' deadlines run on the server's clock
    this.ledger = ledger;
    this.settings = settings;
    this.cooccurrence =
        settings.cooccurrence() == null
            ? null
            : new CooccurrenceTraining(
                settings,
                store,
                LedgerGate.budgetEpsilon(settings, ledger), // with the operator's raises
                config.budgets().get(Purpose.TRAINING).delta());
    this.serverRandom = RandomSource.secure(config.random());
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tacit-round-ticker");
              t.setDaemon(true);
              return t;
            });
    this.pace = new RoundPace(settings.pacing());
    this.recorder =
        new RoundRecorder(
            config,
            storage,
            store,
            ledger,
            settings,
            cooccurrence,
            () -> federated, // no lock: the recorder asks under a session's lock
            pace,
            meters);
    this.gate = new LedgerGate(ledger, storage, settings, recorder);
    this.admission = new DeviceAdmission(config.deviceBudget(), ledger, meters);
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
    election.start();
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

  /**
   * Builds the training from the catalogue and the latest model version (or creates v0): the
   * co-occurrence model's releases, or the iALS server ({@link IalsTraining}).
   */
  private void load(List<CatalogueItem> items) {
    catalogue = List.copyOf(items);
    loaded = true;
    if (cooccurrence != null) {
      cooccurrence.load(items.size());
      return;
    }
    double delta = config.budgets().get(Purpose.TRAINING).delta();
    federated = IalsTraining.load(settings, store, items.size(), gate.budgetEpsilon(), delta);
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
    return gate.paused();
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
      double budget = gate.budgetEpsilon();
      if (federated != null && budget > federated.epsilonBudget()) {
        federated.raiseBudget(budget);
      }
      if (cooccurrence != null) {
        cooccurrence.raiseBudget(budget);
      }
      gate.resume();
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
    if (!admission.admits(deviceId, event)) {
      RoundSession recruiting;
      synchronized (lock) {
        recruiting = current;
      }
      if (recruiting != null) {
        recruiting.decline(deviceId); // so that recruiting does not wait for it
      }
      return CheckInResponse.retryAfter(DeviceAdmission.RETRY_SECONDS);
    }
    synchronized (lock) {
      if (current == null || current.status().isOver()) {
        if (gate.paused().isPresent()) {
          return CheckInResponse.retryAfter(3600);
        }
        long wait = openRound();
        if (wait > 0) {
          return CheckInResponse.retryAfter(wait);
        }
      }
      s = current;
    }
    CheckInDecision d = s.checkIn(deviceId);
    if (d != CheckInDecision.SELECTED) {
      long wait = Math.max(1, settings.rules().phaseTimeout().toSeconds());
      return CheckInResponse.retryAfter(d == CheckInDecision.CLOSED ? wait : wait * 4);
    }
    SessionStatus status = s.awaitPast(SessionStatus.RECRUITING, waitMillis);
    if (status == SessionStatus.RECRUITING || status == SessionStatus.ABORTED) {
      return CheckInResponse.retryAfter(1);
    }
    return CheckInResponse.assigned(dev.tacit.federated.round.PlanWire.assignment(s.plan()));
  }

  /**
   * Opens the next round if the pacing, the budget and the devices with training consent allow it.
   * Charges nothing: a round is charged when its sum is released ({@link LedgerGate#charge}).
   *
   * @return 0 if a round opened, else how many seconds a device should wait before checking in
   */
  private long openRound() {
    long now = config.clock().millis();
    long wait = pace.secondsToWait(now);
    if (wait > 0) {
      return wait;
    }
    long round = lastRound + 1;
    Optional<RoundAlgorithm> algorithm = algorithmOfNextRound();
    if (algorithm.isEmpty()) {
      return 3600;
    }
    if (!gate.fits(
        () -> cooccurrence == null ? federated.nextRoundEvent() : cooccurrence.remainingEvent(),
        round)) {
      return 3600;
    }
    long grants = storage.currentGrants().get(Purpose.TRAINING);
    RoundRules rules = settings.rules();
    if (!pace.enoughConsent(now, grants, rules)) {
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
              roundTicker,
              () -> eligible,
              recorder::changed,
              gate,
              // A withdrawal recorded by another server process reaches this one here.
              devices -> storage.withoutGrant(Purpose.TRAINING, devices));
    } catch (BudgetExceededException e) {
      gate.pause(e.getMessage());
      return 3600;
    }
    lastRound = round;
    recent.opened(current);
    pace.opened(now);
    return 0;
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
    return recent.session(round);
  }

  /** The public status of a round, from memory or the database. */
  public Optional<RoundStatus> status(long round) {
    return recent.status(round);
  }

  /**
   * What the deadline ticker does every 50 ms, done now: a process on standby tries to take over
   * the coordination ({@link CoordinatorElection}), and the running round closes a phase whose
   * deadline passed on the server's clock. A test that moves a fake clock calls it to see the
   * deadline pass without waiting for the ticker.
   */
  public void tick() {
    try {
      election.retry();
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
    election.close();
  }
}
