package dev.tacit.server.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.budget.Spend;
import dev.tacit.privacy.participant.ParticipantBudget;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.dashboard.DashboardView.AccountantView;
import dev.tacit.server.dashboard.DashboardView.BudgetView;
import dev.tacit.server.dashboard.DashboardView.ConsentCount;
import dev.tacit.server.dashboard.DashboardView.ConsentCountsView;
import dev.tacit.server.dashboard.DashboardView.DeletionItem;
import dev.tacit.server.dashboard.DashboardView.DeletionsView;
import dev.tacit.server.dashboard.DashboardView.DeviceEpsilonsView;
import dev.tacit.server.dashboard.DashboardView.FairnessView;
import dev.tacit.server.dashboard.DashboardView.ModelView;
import dev.tacit.server.dashboard.DashboardView.PrivacyView;
import dev.tacit.server.dashboard.DashboardView.QualityPoint;
import dev.tacit.server.dashboard.DashboardView.QualityView;
import dev.tacit.server.dashboard.DashboardView.ReleaseView;
import dev.tacit.server.dashboard.DashboardView.RoundView;
import dev.tacit.server.dashboard.DashboardView.RoundsView;
import dev.tacit.server.http.PrivacyNotice;
import dev.tacit.server.http.ServerContext;
import dev.tacit.server.store.DashboardQueries;
import dev.tacit.server.store.DashboardQueries.EvaluationRow;
import dev.tacit.server.store.DashboardQueries.RoundCounts;
import dev.tacit.server.store.DashboardQueries.StoredReport;
import dev.tacit.server.store.DeletionRecord;
import dev.tacit.server.store.DeviceEpsilons;
import dev.tacit.server.store.ModelRegistry;
import dev.tacit.server.store.RoundRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/** Builds the dashboard document from the database, the privacy ledger and the loaded report. */
final class Dashboard {
  /** How many of the newest deletions the document lists. */
  static final int RECENT_DELETIONS = 100;

  static final String ACCOUNTANT =
      "Rényi DP of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar & Zhang 2019),"
          + " converted to (ε, δ) with the improved RDP conversion; one device is the unit of"
          + " privacy (user-level DP)";

  static final String WHEN_EXHAUSTED =
      "A round is charged when its sum is released (its masking phase closes), never when it"
          + " opens; a round that ends before charges nothing. When one more release would take a"
          + " purpose's ε past its budget, no round starts, and a round whose charge the ledger"
          + " refuses ends before the server can unmask anything. Training stops until the"
          + " operator raises the budget, with a reason, with the Operator controls on this page (audited;"
          + " a budget is never lowered); the privacy notice then shows the new budget.";

  static final String NO_REPORT =
      "No simulation report is loaded. In production the server holds no identities, so it"
          + " cannot split users into groups (gender, age, occupation): per-group quality comes"
          + " only from a simulation or evaluation on public data. Load one with"
          + " tacit serve --simulation-report FILE, or POST /v1/admin/simulation-report.";

  static final String QUALITY_NOTE =
      "Federated evaluation: devices that granted evaluation score each model version on their"
          + " own held-back events and send its NDCG@10 and hit@10, at most once per version. A"
          + " version's figures are released once, when its minimum number of reports is in, with"
          + " Gaussian noise charged to the evaluation budget (see the privacy ledger). The values"
          + " shown are those noisy released means (clamped to [0, 1]), with the standard deviation"
          + " of their noise; versions with fewer reports are not shown.";

  private static final ObjectMapper PROVENANCE = dev.tacit.protocol.Json.mapper();

  private final ServerContext context;
  private final String algorithm;
  private final DashboardQueries queries;
  private final Object cacheLock = new Object();
  private long cachedSeq = -1;
  private SimulationReport cachedReport;

  Dashboard(ServerContext context, DashboardQueries queries, String algorithm) {
    this.context = context;
    this.algorithm = algorithm;
    this.queries = queries;
  }

  /** The document; with {@code sinceRound}, only the rounds after it are listed. */
  DashboardView view(Long sinceRound) {
    Optional<StoredReport> stored = queries.latestReport();
    SimulationReport report = stored.map(this::parsed).orElse(null);
    List<RoundRow> rounds = queries.roundsAfter(sinceRound == null ? 0 : sinceRound);
    return new DashboardView(
        context.config().clock().instant(),
        sinceRound,
        context
            .models()
            .latestProvenance()
            .map(m -> model(m, context.models()::provenance))
            .orElse(null),
        rounds(rounds),
        quality(report),
        privacy(),
        consent(),
        deletions(),
        fairness(stored.orElse(null), report));
  }

  /**
   * The view of model version {@code latest}, read from its provenance (and, for the co-occurrence
   * model's complete stage, from the head version before it, which its popularity release made).
   */
  static ModelView model(
      ModelRegistry.Provenance latest, LongFunction<Optional<ModelRegistry.Provenance>> versions) {
    JsonNode p = provenance(latest);
    String kind = p.path("kind").asText("");
    String algorithm =
        p.hasNonNull("algorithm")
            ? p.path("algorithm").asText()
            : kind.equals("federated") ? "ials" : kind.isEmpty() ? "unknown" : kind;
    boolean cooccurrence = algorithm.equals("cooccurrence");
    List<ReleaseView> releases = new ArrayList<>();
    if (cooccurrence && p.path("stage").asText("").equals("complete") && latest.version() > 1) {
      versions
          .apply(latest.version() - 1)
          .map(Dashboard::provenance)
          .filter(h -> h.path("stage").asText("").equals("head"))
          .flatMap(h -> release(h, latest.version() - 1, "popularity"))
          .ifPresent(releases::add);
    }
    release(p, latest.version(), cooccurrence ? "cooccurrence" : "round").ifPresent(releases::add);
    return new ModelView(
        latest.version(),
        latest.createdAt(),
        algorithm,
        cooccurrence ? p.path("stage").asText(null) : null,
        cooccurrence && p.has("head_size") ? p.path("head_size").asInt() : null,
        p.has("rank")
            ? Integer.valueOf(p.path("rank").asInt())
            : p.has("factors") ? Integer.valueOf(p.path("factors").asInt()) : null,
        releases);
  }

  private static Optional<ReleaseView> release(JsonNode p, long version, String fallback) {
    if (p.path("round").asLong(0) < 1 || !p.has("noise_multiplier") || !p.has("survivors")) {
      return Optional.empty(); // not made by a release of this server (a central or seed model)
    }
    return Optional.of(
        new ReleaseView(
            p.path("round").asLong(),
            p.path("release").asText(fallback),
            p.path("noise_multiplier").asDouble(),
            p.path("survivors").asInt(),
            version));
  }

  private static JsonNode provenance(ModelRegistry.Provenance m) {
    try {
      JsonNode node = PROVENANCE.readTree(m.provenance());
      return node == null ? MissingNode.getInstance() : node;
    } catch (java.io.IOException e) {
      return MissingNode.getInstance();
    }
  }

  private SimulationReport parsed(StoredReport r) {
    synchronized (cacheLock) {
      if (r.seq() != cachedSeq) {
        cachedReport = SimulationReport.parse(r.json());
        cachedSeq = r.seq();
      }
      return cachedReport;
    }
  }

  private RoundsView rounds(List<RoundRow> rows) {
    RoundCounts counts = queries.roundCounts();
    List<RoundView> items = new ArrayList<>(rows.size());
    for (RoundRow r : rows) {
      Double duration =
          r.finishedAt() == null
              ? null
              : Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0;
      items.add(
          new RoundView(
              r.round(),
              r.status().wireName(),
              r.modelVersion(),
              r.resultVersion(),
              r.cohort(),
              r.survivors(),
              r.dropouts(),
              duration,
              Double.isInfinite(r.epsilonAfter()) ? Double.MAX_VALUE : r.epsilonAfter(),
              r.noiseMultiplier(),
              r.samplingRate(),
              r.delta(),
              r.updateNorm(),
              r.startedAt(),
              r.finishedAt(),
              r.note(),
              r.colludingFraction(),
              r.charged()));
    }
    return new RoundsView(
        counts.total(),
        counts.completed(),
        counts.aborted(),
        counts.rejected(),
        counts.latestRound(),
        items);
  }

  private QualityView quality(SimulationReport report) {
    Map<Long, Long> roundOfVersion = queries.roundOfResultVersion();
    List<QualityPoint> points = new ArrayList<>();
    for (EvaluationRow e : queries.evaluations()) {
      if (e.devices() <= 0) {
        continue;
      }
      points.add(
          new QualityPoint(
              e.modelVersion(),
              roundOfVersion.get(e.modelVersion()),
              e.devices(),
              clamp(e.ndcgSum() / e.devices()),
              clamp(e.hitSum() / e.devices()),
              e.noiseSigma() / e.devices(),
              e.updatedAt()));
    }
    return new QualityView(points, report == null ? null : report.baseline(), QUALITY_NOTE);
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private PrivacyView privacy() {
    BudgetLedger ledger = context.ledger();
    List<BudgetView> purposes = new ArrayList<>();
    for (Purpose p : Purpose.values()) {
      if (!context.config().budgets().containsKey(p)) {
        continue;
      }
      PrivacyBudget budget = ledger.budget(p); // the operator may have raised it
      double spent = ledger.spent(p).epsilon();
      purposes.add(
          new BudgetView(
              p.name().toLowerCase(Locale.ROOT),
              budget.epsilon(),
              budget.delta(),
              spent,
              Math.max(0, budget.epsilon() - spent),
              budget.epsilon() > 0 ? spent / budget.epsilon() : 0));
    }
    Double noise = null;
    Double rate = null;
    Double kappa = null;
    List<RoundRow> latest = queries.roundsAfter(Math.max(0, latestRound() - 1));
    if (!latest.isEmpty()) {
      noise = latest.get(latest.size() - 1).noiseMultiplier();
      rate = latest.get(latest.size() - 1).samplingRate();
      kappa = latest.get(latest.size() - 1).colludingFraction();
    } else {
      for (Spend s : ledger.spends()) {
        if (s.purpose() == Purpose.TRAINING
            && s.event() instanceof PrivacyEvent.SampledGaussian g) {
          noise = g.noiseMultiplier();
          rate = g.samplingRate();
        }
      }
    }
    PrivacyBudget training = context.config().budgets().get(Purpose.TRAINING);
    return new PrivacyView(
        purposes,
        new AccountantView(
            ACCOUNTANT, noise, rate, training == null ? null : training.delta(), "device", kappa),
        WHEN_EXHAUSTED,
        againstServer(rate));
  }

  private DeviceEpsilonsView againstServer(Double rate) {
    DeviceEpsilons epsilons = context.deviceEpsilons();
    DeviceEpsilons.Summary s = epsilons.summary();
    ParticipantBudget budget = epsilons.budget();
    return new DeviceEpsilonsView(
        budget.limited() ? budget.epsilon() : null,
        budget.delta(),
        s.devicesCounted(),
        s.maxEpsilon(),
        s.medianEpsilon(),
        s.maxReleases(),
        PrivacyNotice.amplifiedEpsilonIsAgainst(rate, algorithm),
        PrivacyNotice.DEVICE_EPSILON_IS_AGAINST);
  }

  private long latestRound() {
    Long latest = queries.roundCounts().latestRound();
    return latest == null ? 0 : latest;
  }

  private ConsentCountsView consent() {
    List<ConsentCount> counts = new ArrayList<>();
    context
        .storage()
        .currentGrants()
        .forEach((p, n) -> counts.add(new ConsentCount(p.wireName(), n)));
    return new ConsentCountsView(context.storage().deviceCount(), counts);
  }

  private DeletionsView deletions() {
    List<DeletionItem> recent = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    for (DeletionRecord d : queries.recentDeletions(RECENT_DELETIONS)) {
      double s = Duration.between(d.requestedAt(), d.completedAt()).toNanos() / 1e9;
      recent.add(new DeletionItem(d.seq(), d.requestedAt(), d.completedAt(), s));
      seconds.add(s);
    }
    seconds.sort(Double::compare);
    Double median = null;
    Double max = null;
    if (!seconds.isEmpty()) {
      int n = seconds.size();
      median = n % 2 == 1 ? seconds.get(n / 2) : (seconds.get(n / 2 - 1) + seconds.get(n / 2)) / 2;
      max = seconds.get(n - 1);
    }
    return new DeletionsView(queries.deletionCount(), median, max, recent);
  }

  private FairnessView fairness(StoredReport stored, SimulationReport report) {
    double threshold = context.config().fairnessGapThreshold();
    if (stored == null || report == null) {
      return new FairnessView(
          false, NO_REPORT, null, null, null, threshold, null, null, List.of(), List.of());
    }
    List<String> warnings = report.warnings(threshold);
    String message =
        warnings.isEmpty()
            ? String.format(
                Locale.ROOT,
                "No per-group NDCG@10 gap exceeds the threshold %.4f. Groups come from the public"
                    + " dataset of the report, never from the identities of real users.",
                threshold)
            : String.format(
                Locale.ROOT,
                "%d per-group NDCG@10 %s the threshold %.4f. Groups come from the public dataset"
                    + " of the report, never from the identities of real users.",
                warnings.size(),
                warnings.size() == 1 ? "gap exceeds" : "gaps exceed",
                threshold);
    Instant loadedAt = stored.loadedAt();
    return new FairnessView(
        true,
        message,
        stored.source(),
        loadedAt,
        report.dataset(),
        threshold,
        report.federatedFairness(threshold),
        report.baselineFairness(threshold),
        warnings,
        report.reranking());
  }
}
