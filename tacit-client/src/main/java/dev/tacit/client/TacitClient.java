package dev.tacit.client;

import dev.tacit.client.consent.Consent;
import dev.tacit.client.consent.ConsentLedger;
import dev.tacit.client.explain.Explanation;
import dev.tacit.client.model.ModelCache;
import dev.tacit.client.store.EncryptedStore;
import dev.tacit.client.store.KeyProvider;
import dev.tacit.protocol.AnalyticsQuery;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.ProtocolException;
import dev.tacit.protocol.Purpose;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Tacit client SDK: the one entry point an app embeds (DESIGN.md, "Client SDK"). It records
 * behavioural events in an encrypted store, recommends and explains on the device, keeps the user's
 * consent per purpose, takes part in federated rounds when allowed, and lets the user see, export
 * and delete everything. Raw events never leave the device.
 *
 * <p>A facade over parts with one job each: the local state ({@code LocalState}: store, journal,
 * retention), the model cache ({@code ModelCache}), the ranker and explainer, consent, the server
 * connection that writes the transparency log, registration, round participation, device analytics
 * and evaluation, and the user's export and deletion.
 *
 * <p>Thread-safe: the parts share one lock, the local state's; {@link #participate} holds it only
 * between its network calls, so that withdrawing {@code training} takes effect at once.
 */
public final class TacitClient implements AutoCloseable {
  /** The SDK version sent at registration. */
  public static final String SDK_VERSION = "0.1.0";

  /** The δ at which the device states its ε against the server unless its budget names one. */
  public static final double DEFAULT_DELTA = 1e-6;

  /** The most items one call of {@link #recommend} returns. */
  public static final int MAX_K = 1000;

  private final LocalState state;
  private final ModelCache models;
  private final ConsentLedger ledger;
  private final Consent consent;
  private final Ranker ranker;
  private final Explainer explainer;
  private final ServerBudget budget;
  private final LoggedServer server;
  private final Registration registration;
  private final Participation participation;
  private final DeviceAnalytics analytics;
  private final DeviceEvaluation evaluation;
  private final UserData userData;

  /** Keeps rounds, registration and deletion apart; taken before the state's lock. */
  private final Object rounds = new Object();

  TacitClient(Settings b) {
    Clock clock = b.clock;
    state =
        LocalState.open(
            EncryptedStore.open(b.directory, b.keys, b.durability, b.secureRandom),
            b.clock,
            b.policy);
    try {
      models = ModelCache.open(state.directory());
    } catch (RuntimeException e) {
      state.close();
      throw e;
    }
    ledger = new ConsentLedger(state.consentHistory());
    budget = new ServerBudget(b.budgetAgainstServer, state);
    server = new LoggedServer(b.server, state, ledger, budget, clock);
    consent = new DeviceConsent(state, ledger, server, clock, b.policyVersion);
    ranker = new Ranker(state, models, ledger);
    explainer = new Explainer(models, ranker);
    registration = new Registration(state, ledger, models, server, rounds);
    Participation.Environment env =
        new Participation.Environment(b.policy, b.random, b.secureRandom, clock, b.sleeper);
    participation =
        new Participation(state, ledger, models, ranker, server, budget, registration, env, rounds);
    analytics = new DeviceAnalytics(state, ledger, server, b.random, b.analyticsBudget);
    evaluation = new DeviceEvaluation(state, ledger, models, ranker, server);
    userData =
        new UserData(
            state, ledger, models, ranker, server, b.policy, b.policyVersion, clock, rounds);
  }

  /** Runs {@code body} under the data's lock, once it checked that the data was not deleted. */
  private <T> T whileOpen(Supplier<T> body) {
    synchronized (state) {
      state.requireOpen();
      return body.get();
    }
  }

  private void whileOpenRun(Runnable body) {
    whileOpen(
        () -> {
          body.run();
          return null;
        });
  }

  /** A builder; the storage directory and the key provider are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Records an event, encrypted, with its retention limit.
   *
   * @throws IllegalArgumentException if the event is null, more than the allowed clock skew in the
   *     future, or already older than the retention period (nothing is stored)
   * @throws IllegalStateException if neither {@code personalization} nor {@code training} is
   *     granted (nothing is stored), or the data was deleted
   */
  public void record(Event event) {
    synchronized (state) {
      state.requireOpen();
      state.check(event);
      if (!ledger.anyGranted(Purpose.PERSONALIZATION, Purpose.TRAINING)) {
        throw new IllegalStateException(
            "no purpose that uses events is granted (personalization or training): nothing stored");
      }
      state.record(event);
    }
  }

  /**
   * Records an event given as strings, as an app might receive it.
   *
   * @throws IllegalArgumentException if the signal is unknown or any field is invalid
   */
  public void record(String itemId, String signal, Double value, Instant time) {
    record(new Event(itemId, Signal.parse(signal), value, time));
  }

  /** The events stored now, oldest first. */
  public List<Event> events() {
    return whileOpen(state::currentEvents);
  }

  /**
   * What opening the store had to repair or leave out, such as a write a crash interrupted or a
   * model file that failed its CRC.
   */
  public List<String> storeRecoveryNotes() {
    List<String> out = new ArrayList<>(state.recoveryNotes());
    out.addAll(models.notes());
    return out;
  }

  /**
   * Installs a model as the server publishes it (its metadata, its TensorFrame of item factors or
   * co-occurrence model, and its catalogue), as if downloaded: for apps that ship a bundled model.
   *
   * @throws ProtocolException if the frame does not match its metadata (size, CRC32C or shape)
   * @throws IllegalArgumentException if an argument is null or the catalogue does not match
   */
  public void installModel(ModelMetadata metadata, byte[] frame, List<CatalogueItem> items) {
    whileOpenRun(() -> models.install(metadata, frame, items, -1));
  }

  /** Installs a catalogue without a model: recommendations fall back to popularity. */
  public void installCatalogue(List<CatalogueItem> items) {
    whileOpenRun(() -> models.installCatalogue(items));
  }

  /** The installed model's version, or -1. */
  public long modelVersion() {
    synchronized (state) {
      return models.version();
    }
  }

  /**
   * The top {@code k} items for this user, computed on the device: scores from the user's factor
   * and the downloaded model, without seen or disliked items, optionally of one category, with the
   * filter's re-ranking. Works offline. Without a model, without history, or without the {@code
   * personalization} purpose, it falls back to popularity and says so.
   *
   * @throws IllegalArgumentException if {@code k} is not in [1, {@value #MAX_K}] or the filter is
   *     null
   */
  public Recommendations recommend(int k, Filter filter) {
    return whileOpen(() -> ranker.recommend(k, filter));
  }

  /**
   * Why an item is recommended: the past items that contributed most to its score, the categories
   * involved, and whether re-ranking moved it in the last recommendations.
   *
   * @throws IllegalArgumentException if the item is not in the catalogue
   * @throws IllegalStateException if there is no catalogue yet
   */
  public Explanation explain(String itemId) {
    return whileOpen(() -> explainer.explain(itemId));
  }

  /** The user's consent, per purpose. */
  public Consent consent() {
    return whileOpen(() -> consent);
  }

  /**
   * This device's own training ε against the server, at the δ of its {@linkplain
   * Builder#budgetAgainstServer budget}: the rounds it sent a masked update to, composed without
   * amplification by sampling (the server sees which devices take part in each round, so sampling
   * hides nothing from it). It counts a round once the update is logged, before it is sent, also if
   * the round then fails: conservative. The training ε of the server's privacy notice is smaller,
   * because it is amplified by sampling: it holds only against those who see the published models.
   */
  public EpsilonAgainstServer epsilonAgainstServer() {
    return whileOpen(() -> budget.spent());
  }

  /** The ε this device may reach against the server; it declines rounds past it. */
  public BudgetAgainstServer budgetAgainstServer() {
    return budget.budget();
  }

  /**
   * The ε of the analytics reports this device sent, added up (ε-local DP, against the server and
   * everyone after it); it sends no report past its {@linkplain Builder#analyticsBudget budget}.
   */
  public double analyticsEpsilon() {
    return whileOpen(analytics::spent);
  }

  /**
   * The pseudonymous id the server gave this device at its first round, or null before it
   * registered (it is also in {@link #exportData}); for an app's privacy settings screen.
   */
  public String deviceId() {
    return whileOpen(() -> state.deviceId());
  }

  /**
   * The URL fragment that opens this device's privacy center: append it to {@code
   * {server}/privacy#}. It carries the device's token, so it belongs in a fragment (which browsers
   * never send to a server, so it reaches no log), never in a query string, a log or a message;
   * empty before the device registered.
   */
  public Optional<String> privacyCenterFragment() {
    return registration.privacyCenterFragment();
  }

  /** Every message this device sent, oldest first, with time, purpose, size and description. */
  public List<OutboundRecord> transparencyLog() {
    return whileOpen(() -> state.outbound());
  }

  /** Everything stored about the user, as one JSON document a person can read. */
  public String exportData() {
    return userData.export();
  }

  /**
   * Deletes everything: asks the server to forget the device (if one is configured and the device
   * registered), then destroys the store's key (crypto-shredding) and every file. The client cannot
   * be used afterwards. What the device sent before stays in what the server already released (the
   * models its updates trained, the estimates its reports fed) and its ε is not given back; the
   * result's detail says so. A new client in the same directory is a new identity, from ε = 0.
   */
  public DeletionResult deleteAllData() {
    return userData.deleteAll();
  }

  /** Rotates the store's data key: everything is re-encrypted under a new key. */
  public void rotateKeys() {
    whileOpenRun(() -> state.rotateKey());
  }

  /** Wraps the store's keyset under a new key provider (a new passphrase, say). */
  public void rewrapKeys(KeyProvider keys) {
    whileOpenRun(() -> state.rewrap(keys));
  }

  /**
   * Runs the device side of one federated round if {@code training} is granted, a server is
   * configured, and the policy allows it in these conditions: check-in, model download if needed,
   * local update, clipping, noise and quantization, upload. Every message is in the transparency
   * log. Without {@code training}, nothing is sent at all.
   *
   * @throws IllegalArgumentException if {@code conditions} is null
   */
  public ParticipationResult participate(DeviceConditions conditions) {
    return participation.participate(conditions);
  }

  /**
   * Registers with the server for a pseudonymous id if this device has none yet, and sends the
   * consent decisions made before, so the server's consent ledger agrees with the device. A
   * participating device does this by itself at its first round; an app may call it earlier (for
   * example to show the id in its privacy settings). Needs a purpose that talks to the server
   * ({@code training}, {@code analytics} or {@code evaluation}) to be granted: otherwise nothing is
   * sent.
   *
   * @return whether the device is registered afterwards
   */
  public boolean connect() {
    return registration.connect();
  }

  /**
   * Downloads the newest model version if the device holds an older one (or none), so that {@link
   * #recommend} works offline with it. Needs {@code personalization} or {@code training} granted
   * and the device registered ({@link #connect}); the requests reveal nothing but that the device
   * is online.
   *
   * @return the model version held afterwards, -1 for none
   */
  public long syncModel() {
    return registration.syncModel();
  }

  /**
   * Federated evaluation: if {@code evaluation} is granted and a server is configured, ranks the
   * top 10 with the current model as {@link #recommend} would, scores it against {@code heldBack}
   * (items the user went on to choose that the model was not trained on, for example the newest
   * events the app held back from {@link #record}), and sends only the two figures, NDCG@10 and
   * hit@10, for the model version. The server takes one report per device per version, until it
   * releases the version's evaluation.
   *
   * @return whether a report was sent and counted (false when the server already has this device's
   *     report on the version, released the version, or has no evaluation budget left for it)
   * @throws IllegalArgumentException if {@code heldBack} is null or empty
   */
  public boolean reportEvaluation(Collection<String> heldBack) {
    return evaluation.report(heldBack);
  }

  /**
   * The analytics queries the server has open, if {@code analytics} is granted and a server is
   * configured (otherwise an empty list, and no request is made). The request sends nothing about
   * the device and is recorded in the transparency log like every other.
   */
  public List<AnalyticsQuery> analyticsQueries() {
    return analytics.queries();
  }

  /**
   * Answers an open query (from {@link #analyticsQueries}) with {@code label}, as an ε-LDP report
   * with the query's ε, labels and frequency oracle (generalized randomized response, or optimized
   * local hashing: a random hash seed and a randomized bucket), if {@code analytics} is granted, a
   * server is configured and the report stays within the device's {@linkplain
   * Builder#analyticsBudget analytics budget}; only the randomized answer leaves.
   *
   * @return whether a report was sent
   * @throws IllegalArgumentException if the query is null or has no such label
   */
  public boolean answer(AnalyticsQuery query, String label) {
    return analytics.answer(query, label);
  }

  /**
   * Sends one ε-LDP report of a metric's value (generalized randomized response, Wang et al. 2017)
   * if {@code analytics} is granted, a server is configured and the report stays within the
   * device's {@linkplain Builder#analyticsBudget analytics budget}; only the randomized value
   * leaves.
   *
   * @return whether a report was sent
   * @throws IllegalArgumentException if the value is outside {@code [0, domainSize)} or ε is not
   *     positive and finite
   */
  public boolean reportAnalytics(String metric, int value, int domainSize, double epsilon) {
    return analytics.report(metric, value, domainSize, epsilon);
  }

  @Override
  public void close() {
    synchronized (state) {
      state.close();
    }
  }

  @Override
  public String toString() {
    return "TacitClient[" + state.directory() + "]";
  }

  /**
   * Builds a {@link TacitClient}. Every setting may be given once; {@link #build()} checks that the
   * storage directory and key provider are there.
   */
  public static final class Builder extends Settings {
    private Builder() {}
  }
}
