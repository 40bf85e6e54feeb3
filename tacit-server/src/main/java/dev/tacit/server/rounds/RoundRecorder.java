package dev.tacit.server.rounds;

import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceFrame;
import dev.tacit.federated.server.FederatedServer;
import dev.tacit.federated.server.RoundRecord;
import dev.tacit.federated.server.SumRejectedException;
import dev.tacit.federated.server.round.RoundSession;
import dev.tacit.federated.server.round.SessionStatus;
import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.store.RoundRow;
import dev.tacit.server.store.RoundStore;
import dev.tacit.server.store.Storage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the rounds: every change of a round's phase is written to the {@code rounds} table, with
 * the ledger spend that charged its release; a completed round's model version is published with
 * its provenance ({@link ModelProvenance}) and optimizer state in one transaction. Counts the
 * rounds in the metrics and feeds the pacing's back-off ({@link RoundPace}). Thread-safe.
 */
final class RoundRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(RoundRecorder.class);

  private final ServerConfig config;
  private final Storage storage;
  private final RoundStore store;
  private final BudgetLedger ledger;
  private final TrainingSettings settings;
  private final CooccurrenceTraining cooccurrence;
  private final Supplier<FederatedServer> federated;
  private final RoundPace pace;
  private final Counter completed;
  private final Counter aborted;
  private final Counter rejected;
  private final AtomicInteger lastParticipants = new AtomicInteger();
  private final AtomicInteger lastDropouts = new AtomicInteger();

  /** The ledger spend that charged each round's release. */
  private final Map<Long, Long> chargedBy = new ConcurrentHashMap<>();

  private final Map<Long, Instant> startedAt = new ConcurrentHashMap<>();

  /**
   * @param cooccurrence the co-occurrence model's releases, or null when the server trains iALS
   * @param federated the iALS server once the catalogue is loaded (null before, and for the
   *     co-occurrence model)
   */
  RoundRecorder(
      ServerConfig config,
      Storage storage,
      RoundStore store,
      BudgetLedger ledger,
      TrainingSettings settings,
      CooccurrenceTraining cooccurrence,
      Supplier<FederatedServer> federated,
      RoundPace pace,
      MeterRegistry meters) {
    this.config = config;
    this.storage = storage;
    this.store = store;
    this.ledger = ledger;
    this.settings = settings;
    this.cooccurrence = cooccurrence;
    this.federated = federated;
    this.pace = pace;
    this.completed =
        Counter.builder("tacit.rounds.completed").description("Rounds completed").register(meters);
    this.aborted =
        Counter.builder("tacit.rounds.aborted").description("Rounds aborted").register(meters);
    this.rejected =
        Counter.builder("tacit.rounds.rejected")
            .description(
                "Rounds whose unmasked sum exceeded the bound honest clipping and noise allow")
            .register(meters);
    Gauge.builder("tacit.round.participants", lastParticipants, AtomicInteger::get)
        .description("Devices counted in the last completed round")
        .register(meters);
    Gauge.builder("tacit.round.dropouts", lastDropouts, AtomicInteger::get)
        .description("Devices of the last completed round's cohort that dropped out")
        .register(meters);
  }

  /** Round {@code round}'s release was charged by the ledger's spend {@code ledgerSeq}. */
  void charged(long round, long ledgerSeq) {
    chargedBy.put(round, ledgerSeq);
  }

  private double delta() {
    return config.budgets().get(Purpose.TRAINING).delta();
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
  void changed(RoundSession s) {
    Instant now = config.clock().instant();
    SessionStatus st = s.status();
    boolean over = st.isOver();
    // Kept while the round runs, like its charge: a round over needs neither any more.
    Instant started =
        over
            ? Objects.requireNonNullElse(startedAt.remove(s.round()), now)
            : startedAt.computeIfAbsent(s.round(), r -> now);
    RoundPlan plan = s.plan();
    int cohort = s.cohortSize();
    double kappa = settings.privacy().colludingFraction();
    Long ledgerSeq = over ? chargedBy.remove(s.round()) : chargedBy.get(s.round());
    if (st == SessionStatus.COMPLETED
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
          ProvenanceCodec.write(
              cooccurrence.provenance(plan.modelVersion() + 1, published, plan, row)),
          OptimizerStateCodec.empty());
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
    if (st == SessionStatus.COMPLETED) {
      FederatedServer federated = this.federated.get();
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
          row,
          IalsTraining.frame(m),
          ProvenanceCodec.write(IalsTraining.provenance(settings, m, rec, ledgerSeq)),
          OptimizerStateCodec.encode(federated.optimizerState()));
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
    if (st == SessionStatus.ADVERTISING) {
      pace.recruited();
    }
    SumRejectedException rejection = s.rejection();
    if (st == SessionStatus.ABORTED
        && s.abortedIn() == SessionStatus.RECRUITING
        && cohort < settings.rules().minCohort()) {
      pace.shortOfDevices(now.toEpochMilli());
    }
    LOG.info(
        "event=round round={} status={} cohort={} elapsed_ms={}",
        s.round(),
        st.wireName(),
        cohort,
        Duration.between(started, now).toMillis());
    int counted = st == SessionStatus.REJECTED ? s.survivors() : 0;
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
                federated.get() != null
                    ? federated.get().spent().epsilon()
                    : Double.POSITIVE_INFINITY),
            delta(),
            rejection == null ? null : rejection.norm(),
            started,
            over ? now : null,
            s.note(),
            kappa,
            ledgerSeq));
    if (st == SessionStatus.ABORTED) {
      aborted.increment();
      LOG.info("event=round round={} status=aborted note=\"{}\"", s.round(), s.note());
    } else if (st == SessionStatus.REJECTED) {
      rejected.increment();
      storage.audit(
          "round.rejected",
          String.format(
              Locale.ROOT,
              "round=%d norm=%.6g bound=%.6g counted=%d ledger_seq=%s",
              s.round(),
              rejection.norm(),
              rejection.bound(),
              counted,
              ledgerSeq));
      LOG.warn("event=round round={} status=rejected note=\"{}\"", s.round(), s.note());
    }
  }
}
