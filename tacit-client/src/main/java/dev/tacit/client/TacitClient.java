package dev.tacit.client;

import static dev.tacit.check.Preconditions.checkArgument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tacit.client.consent.Consent;
import dev.tacit.client.consent.ConsentRecord;
import dev.tacit.client.cooccurrence.CooccurrenceRecommender;
import dev.tacit.client.explain.Attribution;
import dev.tacit.client.explain.Explanation;
import dev.tacit.client.internal.Catalogue;
import dev.tacit.client.internal.ItemFactors;
import dev.tacit.client.internal.JournalEntry;
import dev.tacit.client.internal.Reranker;
import dev.tacit.client.internal.StoredState;
import dev.tacit.client.server.ServerConnection;
import dev.tacit.client.server.Traffic;
import dev.tacit.client.store.AtomicFiles;
import dev.tacit.client.store.Durability;
import dev.tacit.client.store.EncryptedStore;
import dev.tacit.client.store.KeyProvider;
import dev.tacit.client.store.StoreCorruptedException;
import dev.tacit.core.model.TopK;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.device.Contribution;
import dev.tacit.federated.device.DeviceStep;
import dev.tacit.federated.round.DeviceRound;
import dev.tacit.federated.round.PlanWire;
import dev.tacit.federated.round.RoundTransport;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.PrivacyGuarantee;
import dev.tacit.privacy.ldp.FrequencyOracle;
import dev.tacit.privacy.ldp.LocalHashReport;
import dev.tacit.privacy.participant.ParticipantBudget;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.AnalyticsQuery;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckIn;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.DeletionRequest;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.KeyAdvert;
import dev.tacit.protocol.LdpReport;
import dev.tacit.protocol.LocalEvaluation;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.NeighbourKeyList;
import dev.tacit.protocol.Protocol;
import dev.tacit.protocol.ProtocolException;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.SecAggSession;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.protocol.UnmaskAnswer;
import dev.tacit.protocol.UnmaskQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Tacit client SDK: the one entry point an app embeds (DESIGN.md, "Client SDK"). It records
 * behavioural events in an encrypted store, recommends and explains on the device, keeps the user's
 * consent per purpose, takes part in federated rounds when allowed, and lets the user see, export
 * and delete everything. Raw events never leave the device.
 *
 * <p>Thread-safe: methods synchronize on the client; {@link #participate} holds the lock only
 * between its network calls, so that withdrawing {@code training} takes effect at once.
 */
public final class TacitClient implements AutoCloseable {
  /** The SDK version sent at registration. */
  public static final String SDK_VERSION = "0.1.0";

  /** The δ at which the device states its ε against the server unless its budget names one. */
  public static final double DEFAULT_DELTA = 1e-6;

  /** The most items one call of {@link #recommend} returns. */
  public static final int MAX_K = 1000;

  private static final String MODEL_FRAME = "model.tct";
  private static final String MODEL_META = "model.json";
  private static final String CATALOGUE = "catalogue.json";
  private static final int COMPACT_AFTER = 2000;
  private static final long SHORT_RETRY_SECONDS = 2;
  private static final long MAX_RECRUIT_WAIT_NANOS = 120_000_000_000L;

  private final EncryptedStore store;
  private final Clock clock;
  private final Policy policy;
  private final String policyVersion;
  private final ServerConnection server;
  private final RandomSource random;
  private final SecureRandom secureRandom;
  private final ParticipantBudget budgetAgainstServer;

  /**
   * Shared by every client of the process: {@code Json.mapper()} returns a copy whose serializers
   * are built again on first use, which a process hosting many clients (the simulator) paid per
   * client. The mapper is thread-safe once configured.
   */
  private static final ObjectMapper MAPPER = Json.mapper();

  /**
   * The mapper of the device's own store: strict like the wire's, except that a field added to a
   * stored record since the store was written reads as null (a masked update logged before the
   * device tracked its ε against the server has no noise multiplier).
   */
  private static final ObjectMapper STORE_MAPPER =
      Json.mapper()
          .disable(
              com.fasterxml.jackson.databind.DeserializationFeature
                  .FAIL_ON_MISSING_CREATOR_PROPERTIES);

  private final Object participation = new Object();
  private final ConsentHandle consent = new ConsentHandle();
  private final List<String> notes = new ArrayList<>();

  private final List<Event> events = new ArrayList<>();
  private final List<ConsentRecord> consentHistory = new ArrayList<>();
  private final List<OutboundRecord> outbound = new ArrayList<>();
  private final Set<Purpose> granted = EnumSet.noneOf(Purpose.class);
  private volatile boolean trainingGranted;
  private String deviceId;
  private String token;
  private Catalogue catalogue;
  private ModelSnapshot model;
  private ItemFactors factors;

  /** The co-occurrence model, when the downloaded model is one (then model is null). */
  private CooccurrenceRecommender cooccurrence;

  private float[] userFactor;
  private long userFactorVersion = -1;

  private boolean factorStale = true;

  private int[] positivesCache;
  private int[] seenCache;
  private float[] scores;
  private Map<String, Recommendation> last = Map.of();
  private String lastReranking = "none";
  private boolean deleted;

  private TacitClient(Builder b) {
    this.clock = b.clock;
    this.policy = b.policy;
    this.policyVersion = b.policyVersion;
    this.server = b.server;
    this.random = b.random;
    this.secureRandom = b.secureRandom;
    this.budgetAgainstServer = b.budgetAgainstServer;
    this.store = EncryptedStore.open(b.directory, b.keys, b.durability, b.secureRandom);
    try {
      load();
      loadModelFiles();
      purgeExpired();
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** A builder; the storage directory and the key provider are required. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- state

  private void load() {
    byte[] snap = store.snapshot();
    try {
      if (snap.length > 0) {
        StoredState s = STORE_MAPPER.readValue(snap, StoredState.class);
        events.addAll(s.events());
        consentHistory.addAll(s.consent());
        outbound.addAll(s.outbound());
        deviceId = s.deviceId();
        token = s.token();
        userFactor = s.userFactor();
        userFactorVersion = s.userFactorModelVersion();
      }
      for (byte[] r : store.records()) {
        JournalEntry e = STORE_MAPPER.readValue(r, JournalEntry.class);
        if (e.event() != null) {
          events.add(e.event());
        } else {
          outbound.add(e.outbound());
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new StoreCorruptedException(
          "the store decrypted but its content is not a valid state: " + e.getMessage(), e);
    }
    for (ConsentRecord c : consentHistory) {
      apply(c);
    }
  }

  private void apply(ConsentRecord c) {
    if (c.granted()) {
      granted.add(c.purpose());
    } else {
      granted.remove(c.purpose());
    }
    trainingGranted = granted.contains(Purpose.TRAINING);
  }

  private byte[] stateBytes() {
    StoredState s =
        new StoredState(
            1, events, consentHistory, outbound, deviceId, token, userFactor, userFactorVersion);
    try {
      return STORE_MAPPER.writeValueAsBytes(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the state: " + e.getMessage(), e);
    }
  }

  private void snapshot() {
    store.writeSnapshot(stateBytes());
  }

  private void append(JournalEntry entry) {
    try {
      store.append(STORE_MAPPER.writeValueAsBytes(entry));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a record: " + e.getMessage(), e);
    }
  }

  private void invalidate() {
    factorStale = true;
    positivesCache = null;
    seenCache = null;
  }

  private void requireOpen() {
    if (deleted) {
      throw new IllegalStateException(
          "all data of this client was deleted; build a new client to start again");
    }
  }

  /** Deletes expired events and trims the history to its cap; rewrites the store if needed. */
  private void purgeExpired() {
    Instant cutoff = clock.instant().minus(policy.retention());
    boolean changed = events.removeIf(e -> e.time().isBefore(cutoff));
    if (events.size() > policy.maxEvents()) {
      events.sort(Comparator.comparing(Event::time));
      int drop = events.size() - policy.maxEvents() + policy.maxEvents() / 10;
      events.subList(0, Math.min(drop, events.size())).clear();
      changed = true;
    }
    if (changed) {
      invalidate();
      snapshot();
    }
  }

  // ---------------------------------------------------------------- record

  /**
   * Records an event, encrypted, with its retention limit.
   *
   * @throws IllegalArgumentException if the event is null, more than the allowed clock skew in the
   *     future, or already older than the retention period (nothing is stored)
   * @throws IllegalStateException if neither {@code personalization} nor {@code training} is
   *     granted (nothing is stored), or the data was deleted
   */
  public synchronized void record(Event event) {
    requireOpen();
    if (event == null) {
      throw new IllegalArgumentException("event must be given");
    }
    Instant now = clock.instant();
    if (event.time().isAfter(now.plus(policy.maxClockSkew()))) {
      throw new IllegalArgumentException(
          "time must be at most "
              + policy.maxClockSkew().toMinutes()
              + " minutes in the future (now "
              + now
              + "), was "
              + event.time()
              + "; nothing stored");
    }
    if (event.time().isBefore(now.minus(policy.retention()))) {
      throw new IllegalArgumentException(
          "time must be within the retention period of "
              + policy.retention().toDays()
              + " days, was "
              + event.time()
              + "; nothing stored");
    }
    if (!granted.contains(Purpose.PERSONALIZATION) && !granted.contains(Purpose.TRAINING)) {
      throw new IllegalStateException(
          "no purpose that uses events is granted (personalization or training): nothing stored");
    }
    append(new JournalEntry(event, null));
    events.add(event);
    invalidate();
    if (events.size() > policy.maxEvents() || store.journalLength() > COMPACT_AFTER) {
      purgeExpiredOrCompact();
    } else {
      Instant cutoff = now.minus(policy.retention());
      for (Event e : events) {
        if (e.time().isBefore(cutoff)) {
          purgeExpired();
          break;
        }
      }
    }
  }

  private void purgeExpiredOrCompact() {
    int before = store.journalLength();
    purgeExpired();
    if (store.journalLength() == before && before > 0) {
      snapshot();
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
  public synchronized List<Event> events() {
    requireOpen();
    purgeExpired();
    List<Event> out = new ArrayList<>(events);
    out.sort(Comparator.comparing(Event::time));
    return out;
  }

  /**
   * What opening the store had to repair or leave out, such as a write a crash interrupted or a
   * model file that failed its CRC.
   */
  public List<String> storeRecoveryNotes() {
    List<String> out = new ArrayList<>(store.recoveryNotes());
    out.addAll(notes);
    return out;
  }

  // ---------------------------------------------------------------- model

  /**
   * Installs a model and its catalogue (one item per model row), as if downloaded: for apps that
   * ship a bundled model, and for tests.
   *
   * @throws IllegalArgumentException if the catalogue does not match the model
   */
  public synchronized void installModel(ModelSnapshot snapshot, List<CatalogueItem> items) {
    requireOpen();
    if (snapshot == null || items == null) {
      throw new IllegalArgumentException("snapshot and items must be given");
    }
    if (items.size() != snapshot.numItems()) {
      throw new IllegalArgumentException(
          "the catalogue must have one item per model row ("
              + snapshot.numItems()
              + "), had "
              + items.size());
    }
    Catalogue c = Catalogue.of(items);
    float[] y = snapshot.itemFactors();
    byte[] frame =
        TensorFrame.ofFloats(new int[] {snapshot.numItems(), snapshot.factors()}, y).encode();
    ModelMetadata meta =
        new ModelMetadata(
            snapshot.version(),
            snapshot.numItems(),
            snapshot.factors(),
            snapshot.alpha(),
            snapshot.lambda(),
            frame.length,
            TensorFrame.crcOf(frame));
    writeModelFiles(meta, frame, items);
    this.catalogue = c;
    this.model = snapshot;
    this.cooccurrence = null;
    this.factors = ItemFactors.fromRows(y, snapshot.numItems(), snapshot.factors());
    this.scores = new float[snapshot.numItems()];
    this.invalidate();
  }

  /** Installs a catalogue without a model: recommendations fall back to popularity. */
  public synchronized void installCatalogue(List<CatalogueItem> items) {
    requireOpen();
    if (items == null || items.isEmpty()) {
      throw new IllegalArgumentException("items must be given and not empty");
    }
    if (model != null && items.size() != model.numItems()) {
      throw new IllegalArgumentException(
          "a model is installed: the catalogue must have " + model.numItems() + " items");
    }
    Catalogue c = Catalogue.of(items);
    try {
      AtomicFiles.write(store.directory().resolve(CATALOGUE), Json.writeBytes(items));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the catalogue: " + e.getMessage(), e);
    }
    this.catalogue = c;
    invalidate();
  }

  /** The installed model's version, or -1. */
  public synchronized long modelVersion() {
    return cooccurrence != null ? cooccurrence.version() : model == null ? -1 : model.version();
  }

  /** Installs a downloaded co-occurrence model with its catalogue. */
  private synchronized void installCooccurrence(
      ModelMetadata meta, byte[] frame, CooccurrenceRecommender c, List<CatalogueItem> items) {
    if (items.size() != c.numItems()) {
      throw new ProtocolException(
          "the catalogue must have one item per model item (" + c.numItems() + ")");
    }
    writeModelFiles(meta, frame, items);
    this.catalogue = Catalogue.of(items);
    this.model = null;
    this.factors = null;
    this.cooccurrence = c;
    this.invalidate();
  }

  private void writeModelFiles(ModelMetadata meta, byte[] frame, List<CatalogueItem> items) {
    Path dir = store.directory();
    try {
      AtomicFiles.write(dir.resolve(CATALOGUE), Json.writeBytes(items));
      AtomicFiles.write(dir.resolve(MODEL_FRAME), frame);
      AtomicFiles.write(dir.resolve(MODEL_META), Json.writeBytes(meta));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model: " + e.getMessage(), e);
    }
  }

  private void loadModelFiles() {
    Path dir = store.directory();
    try {
      if (Files.exists(dir.resolve(CATALOGUE))) {
        catalogue =
            Catalogue.of(
                Arrays.asList(
                    Json.read(Files.readAllBytes(dir.resolve(CATALOGUE)), CatalogueItem[].class)));
      }
      if (Files.exists(dir.resolve(MODEL_META)) && Files.exists(dir.resolve(MODEL_FRAME))) {
        ModelMetadata meta =
            Json.read(Files.readAllBytes(dir.resolve(MODEL_META)), ModelMetadata.class);
        byte[] frame = Files.readAllBytes(dir.resolve(MODEL_FRAME));
        Optional<CooccurrenceRecommender> c = CooccurrenceRecommender.fromFrame(meta, frame);
        if (c.isPresent()) {
          cooccurrence = catalogue != null && catalogue.size() == meta.numItems() ? c.get() : null;
          return;
        }
        ModelSnapshot m = toSnapshot(meta, frame);
        if (catalogue != null && catalogue.size() == m.numItems()) {
          model = m;
          factors =
              ItemFactors.fromRows(TensorFrame.decode(frame).floats(), m.numItems(), m.factors());
          scores = new float[m.numItems()];
        }
      }
    } catch (IOException | ProtocolException e) {
      // The model is public and can be downloaded again: start without it, and say so.
      model = null;
      factors = null;
      cooccurrence = null;
      notes.add(
          "the downloaded model or catalogue failed its integrity check and was not used: "
              + e.getMessage());
    }
  }

  private static ModelSnapshot toSnapshot(ModelMetadata meta, byte[] frame) {
    if (frame.length != meta.frameBytes() || TensorFrame.crcOf(frame) != meta.frameCrc32c()) {
      throw new ProtocolException("the model's factors do not match its metadata (size or CRC32C)");
    }
    TensorFrame f = TensorFrame.decode(frame);
    int[] shape = f.shape();
    if (shape.length != 2 || shape[0] != meta.numItems() || shape[1] != meta.factors()) {
      throw new ProtocolException(
          "the factor frame's shape "
              + Arrays.toString(shape)
              + " is not ["
              + meta.numItems()
              + ", "
              + meta.factors()
              + "]");
    }
    return ModelSnapshot.of(
        meta.version(), meta.numItems(), meta.factors(), f.floats(), meta.alpha(), meta.lambda());
  }

  // ---------------------------------------------------------------- recommend

  /** The rows of the user's positive items (not disliked), sorted. */
  private int[] positiveRows() {
    if (catalogue == null) {
      return new int[0];
    }
    if (positivesCache == null) {
      positivesCache = computePositiveRows();
    }
    return positivesCache;
  }

  private int[] seenRows() {
    if (seenCache == null) {
      Set<Integer> rows = new HashSet<>();
      for (Event e : events) {
        int r = catalogue.indexOf(e.itemId());
        if (r >= 0) {
          rows.add(r);
        }
      }
      seenCache = rows.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
    return seenCache;
  }

  private int[] computePositiveRows() {
    Set<String> disliked = new HashSet<>();
    for (Event e : events) {
      if (e.signal().isNegative()) {
        disliked.add(e.itemId());
      }
    }
    Set<Integer> rows = new HashSet<>();
    for (Event e : events) {
      if (e.signal().isPositive(e.value()) && !disliked.contains(e.itemId())) {
        int r = catalogue.indexOf(e.itemId());
        if (r >= 0) {
          rows.add(r);
        }
      }
    }
    return rows.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  private float[] userFactor(int[] rows) {
    if (factorStale || userFactor == null || userFactorVersion != model.version()) {
      userFactor = model.userFactor(rows);
      userFactorVersion = model.version();
      factorStale = false;
    }
    return userFactor;
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
  public synchronized Recommendations recommend(int k, Filter filter) {
    requireOpen();
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be in [1, " + MAX_K + "], was " + k);
    }
    if (filter == null) {
      throw new IllegalArgumentException("filter must be given (Filter.none() for none)");
    }
    purgeExpired();
    if (catalogue == null) {
      last = Map.of();
      return new Recommendations(
          List.of(),
          Recommendations.Source.NONE,
          "no model or catalogue on this device yet: nothing to recommend");
    }
    int[] positives = positiveRows();
    boolean cooc =
        cooccurrence != null
            && cooccurrence.personal()
            && positives.length > 0
            && granted.contains(Purpose.PERSONALIZATION);
    boolean personal =
        cooc
            || (model != null && positives.length > 0 && granted.contains(Purpose.PERSONALIZATION));
    String note;
    float[] s;
    if (cooc) {
      s = cooccurrence.scores(positives);
      note =
          "personalized on this device by the private co-occurrence model from "
              + positives.length
              + " of your past items; nothing about them left the device";
    } else if (personal) {
      s = scores;
      factors.score(userFactor(positives), s);
      note =
          "personalized on this device from "
              + positives.length
              + " of your past items; nothing about them left the device";
    } else {
      s = catalogue.popularity().clone();
      if (model == null && cooccurrence == null) {
        note = "popular items: no model has been downloaded yet";
      } else if (model == null && !cooccurrence.personal()) {
        note = "popular items: the co-occurrence model is not complete yet";
      } else if (!granted.contains(Purpose.PERSONALIZATION)) {
        note = "popular items: personalization is not granted";
      } else {
        note = "popular items: there is no history to personalize from yet";
      }
    }
    for (int r : seenRows()) {
      s[r] = Float.NaN;
    }
    if (filter.category() != null) {
      int cat = catalogue.categoryId(filter.category());
      for (int i = 0; i < s.length; i++) {
        if (!contains(catalogue.categoriesOf(i), cat)) {
          s[i] = Float.NaN;
        }
      }
    }
    Reranking rr = filter.reranking();
    boolean rerank =
        rr.kind() == Reranking.Kind.CALIBRATION
            || (rr.kind() == Reranking.Kind.MMR && model != null);
    int pool = rerank ? Math.max(50, 5 * k) : k;
    int[] candidates = TopK.select(s, pool, null, 0);
    int[] order;
    if (!rerank || rr.weight() == 0) {
      order = new int[Math.min(k, candidates.length)];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
    } else if (rr.kind() == Reranking.Kind.MMR) {
      order =
          Reranker.mmr(candidates, s, factors.rows(candidates), model.factors(), k, rr.weight());
    } else {
      order = Reranker.calibrated(candidates, s, catalogue, categoryMix(), k, rr.weight());
    }
    List<Recommendation> out = new ArrayList<>(order.length);
    Map<String, Recommendation> byId = new LinkedHashMap<>();
    for (int i = 0; i < order.length; i++) {
      int row = candidates[order[i]];
      Recommendation r =
          new Recommendation(
              catalogue.id(row), s[row], catalogue.categoryNamesOf(row), order[i] + 1, i + 1);
      out.add(r);
      byId.put(r.itemId(), r);
    }
    last = byId;
    lastReranking = rerank ? rr.kind().name().toLowerCase(Locale.ROOT) : "none";
    return new Recommendations(
        out,
        personal ? Recommendations.Source.PERSONALIZED : Recommendations.Source.POPULARITY,
        note);
  }

  private static int[] append(int[] a, int v) {
    int[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = v;
    return out;
  }

  private static int[] sequence(int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }

  private static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  /** The user's category distribution over positive items (Steck 2018's p(g|u)). */
  private double[] categoryMix() {
    double[] p = new double[catalogue.categoryCount()];
    double total = 0;
    for (int row : positiveRows()) {
      int[] cats = catalogue.categoriesOf(row);
      for (int c : cats) {
        p[c] += 1.0 / cats.length;
      }
      total += cats.length > 0 ? 1 : 0;
    }
    for (int c = 0; c < p.length; c++) {
      p[c] = total > 0 ? p[c] / total : 0;
    }
    return p;
  }

  // ---------------------------------------------------------------- explain

  /**
   * Why an item is recommended: the past items that contributed most to its score, the categories
   * involved, and whether re-ranking moved it in the last recommendations.
   *
   * @throws IllegalArgumentException if the item is not in the catalogue
   * @throws IllegalStateException if there is no catalogue yet
   */
  public synchronized Explanation explain(String itemId) {
    requireOpen();
    if (catalogue == null) {
      throw new IllegalStateException("no model or catalogue on this device yet");
    }
    int row = itemId == null ? -1 : catalogue.indexOf(itemId);
    if (row < 0) {
      throw new IllegalArgumentException("item \"" + itemId + "\" is not in the catalogue");
    }
    Recommendation rec = last.get(itemId);
    int modelRank = rec == null ? 0 : rec.modelRank();
    int rank = rec == null ? 0 : rec.rank();
    List<String> cats = catalogue.categoryNamesOf(row);
    int[] positives = positiveRows();
    boolean cooc =
        cooccurrence != null
            && cooccurrence.personal()
            && positives.length > 0
            && granted.contains(Purpose.PERSONALIZATION);
    boolean personal =
        cooc
            || (model != null && positives.length > 0 && granted.contains(Purpose.PERSONALIZATION));
    StringBuilder text = new StringBuilder();
    List<Explanation.Contribution> because = new ArrayList<>();
    Set<String> shared = new LinkedHashSet<>();
    double score;
    if (personal) {
      double[] c =
          cooc
              ? cooccurrence.contributions(positives, row)
              : Attribution.contributions(
                  factors.rows(append(positives, row)),
                  model.factors(),
                  model.gram(),
                  sequence(positives.length),
                  positives.length,
                  model.alpha(),
                  model.lambda());
      score = 0;
      for (double v : c) {
        score += v;
      }
      Integer[] idx = new Integer[c.length];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = i;
      }
      Arrays.sort(idx, (a, b) -> Double.compare(c[b], c[a]));
      for (int i = 0; i < Math.min(3, idx.length) && c[idx[i]] > 0; i++) {
        int past = positives[idx[i]];
        because.add(
            new Explanation.Contribution(
                catalogue.id(past), c[idx[i]], score != 0 ? c[idx[i]] / score : 0));
        for (String pc : catalogue.categoryNamesOf(past)) {
          if (cats.contains(pc)) {
            shared.add(pc);
          }
        }
      }
      if (because.isEmpty()) {
        text.append("None of your past items points to this one strongly");
      } else {
        double share = 0;
        for (Explanation.Contribution b : because) {
          share += b.share();
        }
        text.append("Because you liked ");
        for (int i = 0; i < because.size(); i++) {
          text.append(i == 0 ? "" : i == because.size() - 1 ? " and " : ", ");
          text.append(because.get(i).itemId());
        }
        text.append(String.format(Locale.ROOT, " (together %.0f%% of its score)", 100 * share));
      }
    } else {
      score = catalogue.popularity()[row];
      text.append("Recommended for its popularity, not from your history");
    }
    if (!cats.isEmpty()) {
      text.append("; categories: ").append(String.join(", ", cats));
      if (!shared.isEmpty()) {
        text.append(" (shared with what you liked: ").append(String.join(", ", shared)).append(")");
      }
    }
    if (rec != null) {
      if (modelRank != rank) {
        text.append(
            String.format(
                Locale.ROOT,
                "; %s re-ranking moved it from #%d to #%d",
                lastReranking,
                modelRank,
                rank));
      } else {
        text.append(String.format(Locale.ROOT, "; ranked #%d, not moved by re-ranking", rank));
      }
    }
    text.append('.');
    return new Explanation(
        itemId,
        personal,
        score,
        because,
        cats,
        List.copyOf(shared),
        modelRank,
        rank,
        text.toString());
  }

  // ---------------------------------------------------------------- consent

  /** The user's consent, per purpose. */
  public Consent consent() {
    requireOpen();
    return consent;
  }

  private final class ConsentHandle implements Consent {
    @Override
    public String policyVersion() {
      return policyVersion;
    }

    @Override
    public void grant(Purpose purpose) {
      decide(purpose, true);
    }

    @Override
    public void withdraw(Purpose purpose) {
      if (purpose == Purpose.TRAINING) {
        trainingGranted = false; // before taking the lock: a round in progress stops now
      }
      decide(purpose, false);
    }

    @Override
    public boolean isGranted(Purpose purpose) {
      synchronized (TacitClient.this) {
        return granted.contains(purpose);
      }
    }

    @Override
    public Set<Purpose> granted() {
      synchronized (TacitClient.this) {
        return granted.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(granted));
      }
    }

    @Override
    public List<ConsentRecord> history() {
      synchronized (TacitClient.this) {
        return List.copyOf(consentHistory);
      }
    }
  }

  private void decide(Purpose purpose, boolean grant) {
    if (purpose == null) {
      throw new IllegalArgumentException("purpose must be given");
    }
    ConsentUpdate update;
    String tok;
    synchronized (this) {
      requireOpen();
      ConsentRecord c = new ConsentRecord(purpose, grant, policyVersion, clock.instant());
      consentHistory.add(c);
      apply(c);
      snapshot();
      if (server == null || deviceId == null) {
        return;
      }
      update = new ConsentUpdate(deviceId, purpose, grant, policyVersion, c.time());
      tok = token;
    }
    try {
      send(
          "consent",
          "POST /v1/devices/{id}/consent",
          (grant ? "granted " : "withdrew ")
              + purpose.wireName()
              + " (policy "
              + policyVersion
              + ")",
          () -> {
            server.consent(tok, update);
            return null;
          });
    } catch (RuntimeException e) {
      // The decision holds on the device; the server's ledger learns it at the next check-in.
    }
  }

  // ---------------------------------------------------------------- transparency

  /**
   * Sends one message and logs it with the bytes the connection counted at the wire for it (sent,
   * and in the description the answer's), whether the call succeeded or not.
   */
  private <T> T send(String purpose, String endpoint, String description, Supplier<T> call) {
    synchronized (this) {
      requireOpen();
      if (purpose.equals("training") && !trainingGranted) {
        throw new TrainingWithdrawnException();
      }
    }
    return metered(purpose, endpoint, description, null, call);
  }

  private <T> T metered(
      String purpose, String endpoint, String description, Double z, Supplier<T> call) {
    java.time.Instant at = clock.instant();
    server.takeTraffic();
    try {
      return call.get();
    } finally {
      Traffic t = server.takeTraffic();
      OutboundRecord r =
          new OutboundRecord(
              at,
              purpose,
              endpoint,
              t.sent(),
              description + "; answer: " + t.received() + " bytes",
              z);
      synchronized (this) {
        append(new JournalEntry(null, r));
        outbound.add(r);
      }
    }
  }

  /**
   * Sends a masked model update of a round whose sum carries noise multiplier {@code z} (0 for none
   * of the device's own): it is logged, with what it costs this device against the server, before
   * it leaves, so that the log never holds less than was sent.
   */
  private void sendMaskedUpdate(String endpoint, String description, double z, Runnable call) {
    String withCost;
    synchronized (this) {
      requireOpen();
      if (!trainingGranted) {
        throw new TrainingWithdrawnException();
      }
      List<Double> joined = roundNoiseMultipliers();
      joined.add(z);
      PrivacyGuarantee after = epsilonOf(joined, budgetAgainstServer.delta());
      withCost =
          description
              + String.format(
                  Locale.ROOT,
                  "; with it, this device's own epsilon against the server (the rounds it"
                      + " took part in, composed without amplification) is %.4g at delta"
                      + " %.3g",
                  after.epsilon(),
                  after.delta());
    }
    metered(
        "training",
        endpoint,
        withCost,
        z,
        () -> {
          call.run();
          return null;
        });
  }

  /** The noise multipliers of the rounds this device sent a masked update to, oldest first. */
  private List<Double> roundNoiseMultipliers() {
    List<Double> out = new ArrayList<>();
    for (OutboundRecord r : outbound) {
      if (r.roundNoiseMultiplier() != null) {
        out.add(r.roundNoiseMultiplier());
      }
    }
    return out;
  }

  /** ε of Gaussian releases with these noise multipliers, unamplified; z = 0 is ε = ∞. */
  private static PrivacyGuarantee epsilonOf(List<Double> multipliers, double delta) {
    List<PrivacyEvent> events = new ArrayList<>();
    for (double z : multipliers) {
      if (z == 0) {
        return new PrivacyGuarantee(Double.POSITIVE_INFINITY, delta, Double.NaN);
      }
      events.add(PrivacyEvent.gaussian(z, 1));
    }
    return ParticipantBudget.spent(events, delta);
  }

  /**
   * This device's own training ε against the server, at the δ of its {@linkplain
   * Builder#budgetAgainstServer budget}: the rounds it sent a masked update to, composed without
   * amplification by sampling (the server sees which devices take part in each round, so sampling
   * hides nothing from it). It counts a round as soon as the update is sent, also if the round then
   * fails: conservative. The training ε of the server's privacy notice is smaller, because it is
   * amplified by sampling: it holds only against those who see the published models.
   */
  public synchronized PrivacyGuarantee epsilonAgainstServer() {
    requireOpen();
    return epsilonOf(roundNoiseMultipliers(), budgetAgainstServer.delta());
  }

  /** The ε this device may reach against the server; it declines rounds past it. */
  public ParticipantBudget budgetAgainstServer() {
    return budgetAgainstServer;
  }

  /**
   * Whether one more round at noise multiplier {@code z} (0: no noise of the device's own) keeps
   * this device within its budget against the server.
   */
  private synchronized boolean budgetAdmits(double z) {
    if (!budgetAgainstServer.limited()) {
      return true;
    }
    List<Double> joined = roundNoiseMultipliers();
    joined.add(z);
    return epsilonOf(joined, budgetAgainstServer.delta()).epsilon()
        <= budgetAgainstServer.epsilon();
  }

  /** What a round of {@code plan} costs this device against the server: its z, 0 for ε = ∞. */
  private static double costAgainstServer(RoundPlan plan) {
    // With central noise the device adds none: the server sees the exact sum of the updates.
    return plan.deviceNoiseSigma() > 0 ? plan.noiseMultiplier() : 0;
  }

  private String declined(double epsilonIfJoined) {
    return String.format(
        Locale.ROOT,
        "declined: one more round would take this device's own epsilon against the server to"
            + " %.4g, past its budget of %.4g (delta %.3g); nothing more was sent",
        epsilonIfJoined,
        budgetAgainstServer.epsilon(),
        budgetAgainstServer.delta());
  }

  private static final class TrainingWithdrawnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TrainingWithdrawnException() {
      super("training was withdrawn", null, false, false);
    }
  }

  /**
   * The pseudonymous id the server gave this device at its first round, or null before it
   * registered (it is also in {@link #exportData}); for an app's privacy settings screen.
   */
  public synchronized String deviceId() {
    requireOpen();
    return deviceId;
  }

  /**
   * The URL fragment that opens this device's privacy center: append it to {@code
   * {server}/privacy#}. It carries the device's token, so it belongs in a fragment (which browsers
   * never send to a server, so it reaches no log), never in a query string, a log or a message;
   * empty before the device registered.
   */
  public synchronized Optional<String> privacyCenterFragment() {
    requireOpen();
    if (deviceId == null || token == null) {
      return Optional.empty();
    }
    return Optional.of("device=" + urlEncode(deviceId) + "&token=" + urlEncode(token));
  }

  private static String urlEncode(String s) {
    try {
      return URLEncoder.encode(s, "UTF-8");
    } catch (java.io.UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
  }

  /** Every message this device sent, oldest first, with time, purpose, size and description. */
  public synchronized List<OutboundRecord> transparencyLog() {
    requireOpen();
    return List.copyOf(outbound);
  }

  // ---------------------------------------------------------------- export and delete

  /** Everything stored about the user, as one JSON document a person can read. */
  public synchronized String exportData() {
    requireOpen();
    purgeExpired();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("exportedAt", clock.instant());
    doc.put("about", "Everything the Tacit SDK stores on this device about you.");
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("pseudonymousId", deviceId);
    device.put("token", token == null ? null : "(a secret credential, not shown)");
    device.put("keyProtection", "AES-256-GCM (Tink); keyset wrapped by your key");
    doc.put("device", device);
    Map<String, Object> pol = new LinkedHashMap<>();
    pol.put("policyVersion", policyVersion);
    pol.put("retentionDays", policy.retention().toDays());
    pol.put("maxEvents", policy.maxEvents());
    doc.put("policy", pol);
    Map<String, Object> cons = new LinkedHashMap<>();
    List<String> now = new ArrayList<>();
    for (Purpose p : granted) {
      now.add(p.wireName());
    }
    cons.put("granted", now);
    cons.put("history", consentHistory);
    doc.put("consent", cons);
    List<Map<String, Object>> ev = new ArrayList<>();
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparing(Event::time));
    for (Event e : sorted) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("item", e.itemId());
      m.put("signal", e.signal().wireName());
      if (e.value() != null) {
        m.put("value", e.value());
      }
      m.put("time", e.time());
      ev.add(m);
    }
    doc.put("events", ev);
    Map<String, Object> uf = new LinkedHashMap<>();
    if (model != null && catalogue != null) {
      int[] rows = positiveRows();
      if (rows.length > 0) {
        userFactor(rows);
      }
    }
    uf.put(
        "about",
        "your taste as numbers, computed on this device from your events; it never leaves it");
    uf.put("modelVersion", userFactor == null ? null : userFactorVersion);
    uf.put("values", userFactor);
    doc.put("userFactor", uf);
    doc.put("sentToServer", outbound);
    doc.put("model", model == null ? null : Map.of("version", model.version()));
    try {
      return MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the export: " + e.getMessage(), e);
    }
  }

  /**
   * Deletes everything: asks the server to forget the device (if one is configured and the device
   * registered), then destroys the store's key (crypto-shredding) and every file. The client cannot
   * be used afterwards.
   */
  public DeletionResult deleteAllData() {
    synchronized (participation) {
      String tok;
      String id;
      synchronized (this) {
        requireOpen();
        tok = token;
        id = deviceId;
      }
      boolean notified = false;
      String detail;
      if (server != null && tok != null) {
        DeletionRequest req = new DeletionRequest(id, clock.instant());
        try {
          send(
              "deletion",
              "DELETE /v1/devices/{id}",
              "asked the server to forget this device",
              () -> {
                server.delete(tok, req);
                return null;
              });
          notified = true;
          detail = "the server was asked to forget this device; all local data was destroyed";
        } catch (RuntimeException e) {
          detail =
              "the server could not be reached ("
                  + e.getMessage()
                  + "); all local data was destroyed";
        }
      } else {
        detail = "no server knows this device; all local data was destroyed";
      }
      synchronized (this) {
        store.destroy();
        deleted = true;
        events.clear();
        consentHistory.clear();
        outbound.clear();
        granted.clear();
        trainingGranted = false;
        token = null;
        deviceId = null;
        userFactor = null;
        model = null;
        factors = null;
        catalogue = null;
      }
      return new DeletionResult(notified, detail);
    }
  }

  /** Rotates the store's data key: everything is re-encrypted under a new key. */
  public synchronized void rotateKeys() {
    requireOpen();
    store.rotateKey(stateBytes());
  }

  /** Wraps the store's keyset under a new key provider (a new passphrase, say). */
  public synchronized void rewrapKeys(KeyProvider keys) {
    requireOpen();
    store.rewrap(keys);
  }

  // ---------------------------------------------------------------- participate

  /**
   * Runs the device side of one federated round if {@code training} is granted, a server is
   * configured, and the policy allows it in these conditions: check-in, model download if needed,
   * local update, clipping, noise and quantization ({@link DeviceStep#contribute}), upload. Every
   * message is in the transparency log. Without {@code training}, nothing is sent at all.
   */
  public ParticipationResult participate(DeviceConditions conditions) {
    if (conditions == null) {
      throw new IllegalArgumentException("conditions must be given");
    }
    synchronized (participation) {
      synchronized (this) {
        requireOpen();
        if (!trainingGranted) {
          return ParticipationResult.skipped("training is not granted: nothing was sent");
        }
        if (server == null) {
          return ParticipationResult.skipped("no server is configured: nothing was sent");
        }
        if (!policy.allows(conditions)) {
          return ParticipationResult.skipped(
              "the policy does not allow training now (battery, charging or network): nothing"
                  + " was sent");
        }
      }
      try {
        return runRound();
      } catch (TrainingWithdrawnException e) {
        return ParticipationResult.skipped("training was withdrawn: the round was abandoned");
      } catch (RuntimeException e) {
        if (refusedForConsent(e)) {
          return ParticipationResult.skipped(CONSENT_REFUSED);
        }
        return new ParticipationResult(
            ParticipationResult.Status.FAILED, 0, "the round failed: " + e.getMessage());
      }
    }
  }

  private ParticipationResult runRound() {
    String tok;
    String id;
    synchronized (this) {
      tok = token;
      id = deviceId;
    }
    if (tok == null) {
      String[] registered = register();
      tok = registered[0];
      id = registered[1];
    }
    final String t = tok;
    Double lastZ;
    synchronized (this) {
      List<Double> joined = roundNoiseMultipliers();
      lastZ = joined.isEmpty() ? null : joined.get(joined.size() - 1);
    }
    if (lastZ != null && !budgetAdmits(lastZ)) {
      // One more round like the last one would pass the budget: do not even offer to take part.
      List<Double> joined;
      synchronized (this) {
        joined = roundNoiseMultipliers();
      }
      joined.add(lastZ);
      return ParticipationResult.skipped(
          declined(epsilonOf(joined, budgetAgainstServer.delta()).epsilon()));
    }
    CheckIn checkIn = new CheckIn(id, modelVersion());
    CheckInResponse answer =
        send(
            "training",
            "POST /v1/devices/{id}/check-in",
            "offered to take part in a training round",
            () -> server.checkIn(t, checkIn));
    long waitUntil = System.nanoTime() + MAX_RECRUIT_WAIT_NANOS;
    while (answer.assignment() == null
        && answer.retryAfterSeconds() <= SHORT_RETRY_SECONDS
        && System.nanoTime() < waitUntil) {
      // Selected, but the round is still recruiting: the server asks to check in again shortly.
      sleepSeconds(answer.retryAfterSeconds());
      answer =
          send(
              "training",
              "POST /v1/devices/{id}/check-in",
              "checked in again while the round was still gathering devices",
              () -> server.checkIn(t, checkIn));
    }
    if (answer.assignment() == null) {
      return new ParticipationResult(
          ParticipationResult.Status.RETRY_LATER,
          0,
          "no round for this device now; retry after " + answer.retryAfterSeconds() + " s");
    }
    RoundPlan plan = PlanWire.plan(answer.assignment());
    double cost = costAgainstServer(plan);
    if (!budgetAdmits(cost)) {
      // Selected, but this round would pass the budget: abandon it before any SecAgg+ message;
      // the server counts the device as a dropout.
      List<Double> joined;
      synchronized (this) {
        joined = roundNoiseMultipliers();
      }
      joined.add(cost);
      return new ParticipationResult(
          ParticipationResult.Status.SKIPPED,
          plan.round(),
          declined(epsilonOf(joined, budgetAgainstServer.delta()).epsilon()));
    }
    try {
      return runAssignedRound(t, id, plan);
    } catch (TrainingWithdrawnException e) {
      throw e;
    } catch (RuntimeException e) { // the result names the round, for the app and the operator
      if (refusedForConsent(e)) {
        return new ParticipationResult(
            ParticipationResult.Status.SKIPPED, plan.round(), CONSENT_REFUSED);
      }
      return new ParticipationResult(
          ParticipationResult.Status.FAILED, plan.round(), "the round failed: " + e.getMessage());
    }
  }

  private static final String CONSENT_REFUSED =
      "the server holds no training consent for this device (it was withdrawn on the server, for"
          + " example in the privacy center): the round was abandoned and nothing more was sent;"
          + " the server counts the device as a dropout";

  /**
   * Whether the server refused a message because it holds no training consent for this device: the
   * device then sends nothing more in the round (it is a dropout there), and does not retry.
   */
  private static boolean refusedForConsent(RuntimeException e) {
    return e instanceof dev.tacit.client.server.ServerException s
        && s.code().equals("consent_required");
  }

  private ParticipationResult runAssignedRound(String t, String device, RoundPlan plan) {
    String sessionPath = "GET /v1/devices/{id}/rounds/{round}/session";
    SecAggSession session =
        send(
            "training",
            sessionPath,
            "asked for the secure-aggregation session of round " + plan.round(),
            () -> server.session(t, device, plan.round()));
    DeviceRound.checkSession(plan, session);
    if (modelVersion() != plan.modelVersion()) {
      download(t, plan.modelVersion(), "training");
    }
    ModelSnapshot m;
    CooccurrenceRecommender cooc;
    int[] rows;
    synchronized (this) {
      m = model;
      cooc = cooccurrence;
      rows = positiveRows();
    }
    Contribution c =
        cooc != null
            ? cooc.contribute(rows, plan, random)
            : DeviceStep.contribute(m, rows, plan, random);
    RoundTransport link = logged(server.round(t, device, plan.round()), plan);
    DeviceRound.run(plan, session, c.encodedShared(), link, secureRandom);
    return new ParticipationResult(
        ParticipationResult.Status.CONTRIBUTED,
        plan.round(),
        "contributed a masked update to round " + plan.round());
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
    synchronized (this) {
      requireOpen();
      if (server == null) {
        return false;
      }
      if (token != null) {
        return true;
      }
      if (!granted.contains(Purpose.TRAINING)
          && !granted.contains(Purpose.ANALYTICS)
          && !granted.contains(Purpose.EVALUATION)) {
        return false;
      }
    }
    synchronized (participation) {
      synchronized (this) {
        if (token != null) {
          return true;
        }
      }
      register();
      return true;
    }
  }

  /** Registers and sends the consent ledger; returns the token and the id. */
  private String[] register() {
    String tok;
    String id;
    RegistrationRequest req = new RegistrationRequest(Protocol.VERSION, SDK_VERSION);
    RegistrationResponse res =
        send(
            "registration",
            "POST /v1/devices",
            "registered for a pseudonymous id (no personal data)",
            () -> server.register(req));
    List<ConsentUpdate> grants = new ArrayList<>();
    synchronized (this) {
      deviceId = res.deviceId();
      token = res.token();
      snapshot();
      tok = token;
      id = deviceId;
      for (ConsentRecord c : consentHistory) {
        grants.add(
            new ConsentUpdate(deviceId, c.purpose(), c.granted(), c.policyVersion(), c.time()));
      }
    }
    final String t0 = tok;
    for (ConsentUpdate u : grants) {
      send(
          "consent",
          "POST /v1/devices/{id}/consent",
          "told the server's consent ledger of an earlier decision: "
              + (u.granted() ? "granted " : "withdrew ")
              + u.purpose().wireName(),
          () -> {
            server.consent(t0, u);
            return null;
          });
    }
    return new String[] {tok, id};
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
    String tok;
    synchronized (this) {
      requireOpen();
      if (server == null
          || token == null
          || !(granted.contains(Purpose.PERSONALIZATION) || granted.contains(Purpose.TRAINING))) {
        return modelVersion();
      }
      tok = token;
    }
    String p = "GET /v1/models/latest/metadata";
    ModelMetadata meta =
        send(
            "personalization",
            p,
            "asked which model version is the newest",
            () -> server.modelMetadata(tok, -1));
    if (meta.version() > modelVersion()) {
      download(tok, meta.version(), "personalization");
    }
    return modelVersion();
  }

  private static void sleepSeconds(long seconds) {
    try {
      Thread.sleep(seconds * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to check in again", e);
    }
  }

  /** The SecAgg+ link of a round, with every message in the transparency log. */
  private RoundTransport logged(RoundTransport link, RoundPlan plan) {
    String base = "/v1/devices/{id}/rounds/{round}";
    long r = plan.round();
    return new RoundTransport() {
      private <T> T get(String what, String description, Supplier<T> call) {
        String p = "GET " + base + what;
        return send("training", p, description, call);
      }

      private void post(String what, String description, Runnable call) {
        send(
            "training",
            "POST " + base + what,
            description,
            () -> {
              call.run();
              return null;
            });
      }

      @Override
      public void advertise(KeyAdvert keys) {
        post(
            "/keys",
            "two fresh public keys for the secure aggregation of round " + r,
            () -> link.advertise(keys));
      }

      @Override
      public NeighbourKeyList neighbours() {
        return get(
            "/neighbours", "asked for the public keys of the other devices", link::neighbours);
      }

      @Override
      public void shares(ShareBundle shares) {
        post(
            "/shares",
            "secret shares of this round's mask keys, each encrypted for one other device",
            () -> link.shares(shares));
      }

      @Override
      public ShareBundle routedShares() {
        return get(
            "/shares",
            "asked for the shares other devices encrypted for this one",
            link::routedShares);
      }

      @Override
      public void maskedInput(byte[] frame) {
        sendMaskedUpdate(
            "POST " + base + "/masked-input",
            "a clipped, noised, quantized model update for round "
                + r
                + " ("
                + plan.dimension()
                + " numbers, masked so that only the sum of all devices can be read; no events)",
            costAgainstServer(plan),
            () -> link.maskedInput(frame));
      }

      @Override
      public UnmaskQuery unmaskQuery() {
        return get("/unmask", "asked which devices' shares to reveal", link::unmaskQuery);
      }

      @Override
      public void unmask(UnmaskAnswer answer) {
        post(
            "/unmask",
            "shares that let the server remove the masks from the sum (never both shares of one"
                + " device)",
            () -> link.unmask(answer));
      }
    };
  }

  private void download(String tok, long version, String purpose) {
    String base = "GET /v1/models/{version}";
    ModelMetadata meta =
        send(
            purpose,
            base + "/metadata",
            "asked for the description of model version " + version,
            () -> server.modelMetadata(tok, version));
    byte[] frame =
        send(
            purpose,
            base,
            "downloaded model version " + version,
            () -> server.modelFactors(tok, version));
    List<CatalogueItem> held;
    synchronized (this) {
      held = catalogue != null && catalogue.size() == meta.numItems() ? catalogue.items() : null;
    }
    // The catalogue is published once; a device that holds one of the model's size keeps it.
    List<CatalogueItem> items =
        held != null
            ? held
            : send(
                purpose,
                base + "/catalogue",
                "downloaded the catalogue of model version " + version,
                () -> server.catalogue(tok, version));
    Optional<CooccurrenceRecommender> cooc = CooccurrenceRecommender.fromFrame(meta, frame);
    if (cooc.isPresent()) {
      if (cooc.get().version() != version) {
        throw new ProtocolException(
            "asked for model version " + version + ", received " + cooc.get().version());
      }
      installCooccurrence(meta, frame, cooc.get(), items);
      return;
    }
    ModelSnapshot m = toSnapshot(meta, frame);
    if (m.version() != version) {
      throw new ProtocolException(
          "asked for model version " + version + ", received " + m.version());
    }
    installModel(m, items);
  }

  // ---------------------------------------------------------------- analytics

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
  public boolean reportEvaluation(java.util.Collection<String> heldBack) {
    if (heldBack == null || heldBack.isEmpty()) {
      throw new IllegalArgumentException("heldBack must name at least one item");
    }
    String tok;
    LocalEvaluation report;
    synchronized (this) {
      requireOpen();
      if (!granted.contains(Purpose.EVALUATION)
          || server == null
          || token == null
          || model == null) {
        return false;
      }
      Set<String> relevant = new HashSet<>(heldBack);
      List<Recommendation> top = recommend(10, Filter.none()).items();
      double dcg = 0;
      boolean hit = false;
      for (int i = 0; i < top.size(); i++) {
        if (relevant.contains(top.get(i).itemId())) {
          dcg += 1 / (Math.log(i + 2) / Math.log(2));
          hit = true;
        }
      }
      double idcg = 0;
      for (int i = 0; i < Math.min(10, relevant.size()); i++) {
        idcg += 1 / (Math.log(i + 2) / Math.log(2));
      }
      tok = token;
      report = new LocalEvaluation(deviceId, model.version(), dcg / idcg, hit ? 1 : 0);
    }
    return send(
        "evaluation",
        "POST /v1/devices/{id}/evaluations",
        "how well model version "
            + report.modelVersion()
            + " ranked your next choices: two numbers, no items",
        () -> {
          try {
            server.evaluation(tok, report);
          } catch (dev.tacit.client.server.ServerException e) {
            // One report per device per version, none after the version's release, none once
            // the evaluation budget cannot pay for a release: the server counted nothing, and
            // that is the normal end of this version's evaluation.
            if (e.code().equals("duplicate_evaluation")
                || e.code().equals("evaluation_released")
                || e.code().equals("budget_exceeded")) {
              return false;
            }
            throw e;
          }
          return true;
        });
  }

  /**
   * The analytics queries the server has open, if {@code analytics} is granted and a server is
   * configured (otherwise an empty list, and no request is made). The request sends nothing about
   * the device and is recorded in the transparency log like every other.
   */
  public List<AnalyticsQuery> analyticsQueries() {
    String tok;
    synchronized (this) {
      requireOpen();
      if (!granted.contains(Purpose.ANALYTICS) || server == null || token == null) {
        return List.of();
      }
      tok = token;
    }
    return send(
        "analytics",
        "GET /v1/analytics/queries",
        "which analytics questions are open: nothing about you is sent",
        () -> server.analyticsQueries(tok));
  }

  /**
   * Answers an open query (from {@link #analyticsQueries}) with {@code label}, as an ε-LDP report
   * with the query's ε, labels and frequency oracle (generalized randomized response, or optimized
   * local hashing: a random hash seed and a randomized bucket), if {@code analytics} is granted and
   * a server is configured; only the randomized answer leaves.
   *
   * @return whether a report was sent
   * @throws IllegalArgumentException if the query is null or has no such label
   */
  public boolean answer(AnalyticsQuery query, String label) {
    if (query == null) {
      throw new IllegalArgumentException("query must be given");
    }
    int value = query.valueOf(label);
    int domainSize = query.labels().size();
    return switch (query.mechanism()) {
      case GRR -> reportAnalytics(query.id(), value, domainSize, query.epsilon());
      case OLH -> {
        FrequencyOracle<LocalHashReport> olh =
            FrequencyOracle.optimizedLocalHashing(domainSize, query.epsilon());
        yield sendReport(
            query.id(),
            query.epsilon(),
            domainSize,
            LdpReport.Mechanism.OLH,
            random -> {
              LocalHashReport r = olh.randomize(value, random);
              return new long[] {r.seed(), r.bucket()};
            });
      }
    };
  }

  /**
   * Sends one ε-LDP report of a metric's value (generalized randomized response, Wang et al. 2017)
   * if {@code analytics} is granted and a server is configured; only the randomized value leaves.
   *
   * @return whether a report was sent
   * @throws IllegalArgumentException if the value is outside {@code [0, domainSize)} or ε is not
   *     positive and finite
   */
  public boolean reportAnalytics(String metric, int value, int domainSize, double epsilon) {
    FrequencyOracle<Integer> grr =
        FrequencyOracle.generalizedRandomizedResponse(domainSize, epsilon);
    checkArgument(
        value >= 0 && value < domainSize,
        "value must be in [0, domainSize = %s), was %s",
        domainSize,
        value);
    return sendReport(
        metric,
        epsilon,
        domainSize,
        LdpReport.Mechanism.GRR,
        random -> new long[] {0, grr.randomize(value, random)});
  }

  /**
   * Randomizes under the lock (the random source is the client's) and sends the report, if {@code
   * analytics} is granted and a server is configured; {@code randomize} gives the seed and value.
   */
  private boolean sendReport(
      String metric,
      double epsilon,
      int domainSize,
      LdpReport.Mechanism mechanism,
      java.util.function.Function<RandomSource, long[]> randomize) {
    String tok;
    LdpReport report;
    synchronized (this) {
      requireOpen();
      if (!granted.contains(Purpose.ANALYTICS) || server == null || token == null) {
        return false;
      }
      tok = token;
      long[] seedAndValue = randomize.apply(random);
      report =
          new LdpReport(
              deviceId,
              metric,
              mechanism,
              epsilon,
              domainSize,
              seedAndValue[0],
              (int) seedAndValue[1]);
    }
    send(
        "analytics",
        "POST /v1/devices/{id}/reports",
        "a randomized (ε = " + epsilon + ", " + mechanism.wireName() + ") report of " + metric,
        () -> {
          server.report(tok, report);
          return null;
        });
    return true;
  }

  @Override
  public synchronized void close() {
    store.close();
  }

  @Override
  public String toString() {
    return "TacitClient[" + store.directory() + "]";
  }

  // ---------------------------------------------------------------- builder

  /**
   * Builds a {@link TacitClient}. Every setting may be given once; {@link #build()} checks that the
   * storage directory and key provider are there.
   */
  public static final class Builder {
    private Path directory;
    private KeyProvider keys;
    private ServerConnection server;
    private Clock clock;
    private Policy policy;
    private String policyVersion;
    private Durability durability;
    private RandomSource random;
    private SecureRandom secureRandom;
    private ParticipantBudget budgetAgainstServer;
    private final Set<String> given = new HashSet<>();

    private Builder() {}

    private void once(String name, Object value) {
      if (value == null) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      if (!given.add(name)) {
        throw new IllegalStateException(name + " was already set");
      }
    }

    /** The directory of this user's store (created if missing). */
    public Builder storageDirectory(Path value) {
      once("storageDirectory", value);
      directory = value;
      return this;
    }

    /** The provider of the key that wraps the store's keyset. */
    public Builder keyProvider(KeyProvider value) {
      once("keyProvider", value);
      keys = value;
      return this;
    }

    /** The server; without one, the client works offline and never sends anything. */
    public Builder server(ServerConnection value) {
      once("server", value);
      server = value;
      return this;
    }

    /** The clock (default: the system clock in UTC). */
    public Builder clock(Clock value) {
      once("clock", value);
      clock = value;
      return this;
    }

    /** The policy (default {@link Policy#defaults()}). */
    public Builder policy(Policy value) {
      once("policy", value);
      policy = value;
      return this;
    }

    /** The version of the privacy policy the app shows (default "1"). */
    public Builder policyVersion(String value) {
      once("policyVersion", value);
      if (!value.matches("[A-Za-z0-9._:-]{1,32}")) {
        throw new IllegalArgumentException(
            "policyVersion must be 1 to 32 characters from [A-Za-z0-9._:-], was \"" + value + "\"");
      }
      policyVersion = value;
      return this;
    }

    /** When records reach the disk (default {@link Durability#WRITE}). */
    public Builder durability(Durability value) {
      once("durability", value);
      durability = value;
      return this;
    }

    /** The random source of the device's noise and rounding (default secure). */
    public Builder randomSource(RandomSource value) {
      once("randomSource", value);
      random = value;
      return this;
    }

    /** The source of keys and salts (default a new {@link SecureRandom}). */
    public Builder secureRandom(SecureRandom value) {
      once("secureRandom", value);
      secureRandom = value;
      return this;
    }

    /**
     * The (ε, δ) this device may spend against the server: the rounds it sends a masked update to,
     * composed without amplification by sampling (default no limit, at δ = 1e-6, the server's
     * default). The device does not check in while one more round like its last would pass it, and
     * abandons, before sending anything for it, a round whose plan would. The server has a
     * per-device budget of its own ({@code tacit serve --device-epsilon}); this one lets a user, or
     * an app, be stricter.
     */
    public Builder budgetAgainstServer(ParticipantBudget value) {
      once("budgetAgainstServer", value);
      budgetAgainstServer = value;
      return this;
    }

    /**
     * Opens the store and builds the client.
     *
     * @throws IllegalStateException if the storage directory or key provider is missing
     * @throws StoreCorruptedException if the store was tampered with, truncated, or the key is
     *     wrong
     */
    public TacitClient build() {
      if (directory == null) {
        throw new IllegalStateException("storageDirectory must be set");
      }
      if (keys == null) {
        throw new IllegalStateException("keyProvider must be set");
      }
      if (clock == null) {
        clock = Clock.systemUTC();
      }
      if (policy == null) {
        policy = Policy.defaults();
      }
      if (policyVersion == null) {
        policyVersion = "1";
      }
      if (durability == null) {
        durability = Durability.WRITE;
      }
      if (secureRandom == null) {
        secureRandom = new SecureRandom();
      }
      if (random == null) {
        random = RandomSource.secure(secureRandom);
      }
      if (budgetAgainstServer == null) {
        budgetAgainstServer = ParticipantBudget.unlimited(DEFAULT_DELTA);
      }
      return new TacitClient(this);
    }
  }
}
