package dev.tacit.server.analytics;

import static dev.tacit.server.http.Responses.json;

import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.budget.SpendDecision;
import dev.tacit.privacy.ldp.FrequencyOracle;
import dev.tacit.privacy.ldp.LocalHashReport;
import dev.tacit.protocol.AnalyticsQuery;
import dev.tacit.protocol.AnalyticsQueryList;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.LdpReport;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.analytics.AnalyticsViews.CloseRequest;
import dev.tacit.server.analytics.AnalyticsViews.QueriesView;
import dev.tacit.server.analytics.AnalyticsViews.QueryRequest;
import dev.tacit.server.analytics.AnalyticsViews.QueryView;
import dev.tacit.server.http.ApiException;
import dev.tacit.server.http.Guard;
import dev.tacit.server.http.Routes;
import dev.tacit.server.http.ServerContext;
import dev.tacit.server.operator.OperatorControls;
import dev.tacit.server.security.Tokens;
import dev.tacit.server.store.AnalyticsStore;
import dev.tacit.server.store.AnalyticsStore.Query;
import dev.tacit.server.store.AnalyticsStore.ReportOutcome;
import dev.tacit.server.store.ConsentEvent;
import dev.tacit.server.store.DeviceRecord;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The federated-analytics routes. The operator creates a query (a metric over a labelled domain and
 * a local ε), which charges the {@code analytics} budget ε once, since every device answers a query
 * at most once, and picks its frequency oracle (generalized randomized response for small domains,
 * optimized local hashing for large ones); devices that granted {@code analytics} send one report
 * per query; the operator reads only the estimated counts.
 *
 * <ul>
 *   <li>{@code POST /v1/admin/analytics/queries}: create (admin)
 *   <li>{@code GET /v1/admin/analytics/queries}, {@code GET /v1/admin/analytics/queries/{id}}:
 *       estimates (admin)
 *   <li>{@code POST /v1/admin/analytics/queries/{id}/close}: stop accepting reports (admin), with
 *       the operator's {@code reason} for the audit log
 *   <li>{@code GET /v1/analytics/queries}: the open queries (public)
 *   <li>{@code POST /v1/devices/{id}/reports}: one report (device token)
 * </ul>
 */
public final class AnalyticsRoutes implements Routes {
  /** The largest domain a query may have. */
  public static final int MAX_LABELS = 4096;

  /** The longest title a query may have, in characters. */
  public static final int MAX_TITLE = 120;

  /** The largest local ε a query may ask for. */
  public static final double MAX_EPSILON = 10.0;

  private static final Pattern QUERY_ID = Pattern.compile("q-[0-9a-f]{32}");
  private static final Pattern METRIC = Pattern.compile("[A-Za-z][A-Za-z0-9_.:-]{0,63}");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");
  private static final Pattern NOT_SHOWN = Pattern.compile("[\\p{Cf}\\p{Cn}\\p{Co}\\p{Cs}]");

  /**
   * The frequency oracle a new query asks for: generalized randomized response below 3e^ε + 2
   * labels, where its variance is the smaller, optimized local hashing from there (Wang et al.
   * 2017).
   */
  static LdpReport.Mechanism mechanism(int domainSize, double epsilon) {
    return domainSize < FrequencyOracle.grrThreshold(epsilon)
        ? LdpReport.Mechanism.GRR
        : LdpReport.Mechanism.OLH;
  }

  private final Handlers h;

  /** The routes over the state of {@code context}. */
  public AnalyticsRoutes(ServerContext context) {
    this.h = new Handlers(context, new AnalyticsStore(context.storage()));
  }

  @Override
  public void configure(JavalinConfig c) {
    c.routes.post("/v1/admin/analytics/queries", h::create);
    c.routes.get("/v1/admin/analytics/queries", h::list);
    c.routes.get("/v1/admin/analytics/queries/{id}", h::get);
    c.routes.post("/v1/admin/analytics/queries/{id}/close", h::close);
    c.routes.get("/v1/analytics/queries", h::open);
    c.routes.post("/v1/devices/{id}/reports", h::report);
  }

  private static final class Handlers {
    private final ServerContext context;
    private final Guard guard;
    private final AnalyticsStore store;
    private final Counter accepted;

    Handlers(ServerContext context, AnalyticsStore store) {
      this.context = context;
      this.guard = context.guard();
      this.store = store;
      this.accepted =
          Counter.builder("tacit.analytics.reports")
              .description("Local-DP analytics reports counted")
              .register(context.meters());
    }

    void create(Context ctx) {
      guard.requireAdmin(ctx);
      QueryRequest r = Json.read(guard.body(ctx), QueryRequest.class);
      validate(r);
      double epsilon = r.epsilon();
      String id = Tokens.newId("q-", context.config().random());
      PrivacyBudget budget = context.ledger().budget(Purpose.ANALYTICS);
      // Pure ε-LDP per device, once per query: a pure ε-DP event, accounted with the RDP bound
      // that holds for every ε-DP mechanism (randomized response included).
      SpendDecision d =
          context
              .ledger()
              .trySpend(
                  Purpose.ANALYTICS,
                  PrivacyEvent.pureDp(epsilon, 1),
                  "analytics query " + id + " (" + r.metric() + "), local epsilon " + epsilon);
      if (!d.accepted()) {
        throw new ApiException(
            409,
            "budget_exceeded",
            String.format(
                Locale.ROOT,
                "the analytics budget is epsilon = %s at delta = %s; %.4f is spent and this query"
                    + " would make it %.4f",
                budget.epsilon(),
                budget.delta(),
                d.epsilonBefore(),
                d.epsilonRequested()));
      }
      Query q =
          store.create(
              id,
              r.title() == null ? r.metric() : r.title().strip(),
              r.metric(),
              r.description(),
              r.labels(),
              epsilon,
              mechanism(r.labels().size(), epsilon).wireName(),
              d.spend().orElseThrow().sequence(),
              context.config().random());
      json(ctx, 201, view(q));
    }

    void list(Context ctx) {
      guard.requireAdmin(ctx);
      json(ctx, 200, new QueriesView(store.list(false).stream().map(Handlers::view).toList()));
    }

    void get(Context ctx) {
      guard.requireAdmin(ctx);
      json(ctx, 200, view(find(ctx.pathParam("id"))));
    }

    void close(Context ctx) {
      guard.requireAdmin(ctx);
      CloseRequest body = Json.read(guard.body(ctx), CloseRequest.class);
      String reason = OperatorControls.reason(body.reason());
      String id = find(ctx.pathParam("id")).id();
      Query q = store.close(id, reason).orElseThrow(() -> notFound(id));
      json(ctx, 200, view(q));
    }

    void open(Context ctx) {
      List<AnalyticsQuery> open =
          store.list(true).stream()
              .map(
                  q ->
                      new AnalyticsQuery(
                          q.id(),
                          q.metric(),
                          q.labels(),
                          q.epsilon(),
                          LdpReport.Mechanism.fromWire(q.mechanism())))
              .toList();
      json(ctx, 200, new AnalyticsQueryList(open));
    }

    void report(Context ctx) {
      DeviceRecord device = guard.authenticate(ctx);
      LdpReport r = Json.read(guard.body(ctx), LdpReport.class);
      if (!r.deviceId().equals(device.deviceId())) {
        throw new ApiException(
            400,
            "device_mismatch",
            "deviceId in the body must be the device of the path, was " + r.deviceId());
      }
      if (!grantsAnalytics(device)) {
        throw new ApiException(
            403,
            "consent_required",
            "device "
                + device.deviceId()
                + " has not granted the analytics purpose (its latest decision must be a grant)");
      }
      Query q = find(r.metric());
      if (!r.mechanism().wireName().equals(q.mechanism())) {
        throw badRequest(
            "mechanism must be " + q.mechanism() + " for query " + q.id() + ", was " + wire(r));
      }
      if (Double.compare(r.epsilon(), q.epsilon()) != 0) {
        throw badRequest("epsilon must be the query's " + q.epsilon() + ", was " + r.epsilon());
      }
      if (r.domainSize() != q.labels().size()) {
        throw badRequest(
            "domainSize must be the query's " + q.labels().size() + ", was " + r.domainSize());
      }
      int[] supported = supported(q, r);
      ReportOutcome outcome = store.record(q.id(), device.deviceId(), supported);
      switch (outcome) {
        case ACCEPTED -> {
          accepted.increment();
          ctx.status(202);
        }
        case UNKNOWN_QUERY -> throw notFound(q.id());
        case CLOSED ->
            throw new ApiException(
                409, "query_closed", "query " + q.id() + " no longer accepts reports");
        case DUPLICATE ->
            throw new ApiException(
                409,
                "duplicate_report",
                "this device already reported for query " + q.id() + "; one report per query");
      }
    }

    /** The labels a report supports, by index; a report outside the oracle's range gets a 400. */
    private static int[] supported(Query q, LdpReport r) {
      int d = q.labels().size();
      if (r.mechanism() == LdpReport.Mechanism.GRR) {
        if (r.value() < 0 || r.value() >= d) {
          throw badRequest("value must be in [0, " + d + "), was " + r.value());
        }
        return new int[] {r.value()};
      }
      FrequencyOracle<LocalHashReport> olh = FrequencyOracle.optimizedLocalHashing(d, q.epsilon());
      try {
        return olh.supportedValues(new LocalHashReport(r.seed(), r.value()));
      } catch (IllegalArgumentException e) {
        throw badRequest(
            "value (the olh bucket) is out of range for query " + q.id() + ": " + e.getMessage());
      }
    }

    private boolean grantsAnalytics(DeviceRecord device) {
      Boolean latest = null;
      for (ConsentEvent e : context.storage().consentEvents(device.deviceId())) {
        if (e.purpose() == Purpose.ANALYTICS) {
          latest = e.granted();
        }
      }
      return Boolean.TRUE.equals(latest);
    }

    private Query find(String id) {
      if (!QUERY_ID.matcher(id).matches()) {
        throw notFound(id.substring(0, Math.min(id.length(), 64)));
      }
      return store.find(id).orElseThrow(() -> notFound(id));
    }

    private static String wire(LdpReport r) {
      return r.mechanism().wireName();
    }

    private static ApiException notFound(String id) {
      return new ApiException(404, "not_found", "no analytics query " + id);
    }

    private static ApiException badRequest(String message) {
      return new ApiException(400, "invalid_request", message);
    }

    private static void validate(QueryRequest r) {
      if (r.metric() == null || !METRIC.matcher(r.metric()).matches()) {
        throw badRequest(
            "metric must be an identifier of 1 to 64 characters from [A-Za-z0-9_.:-] starting"
                + " with a letter, was "
                + quote(r.metric()));
      }
      String t = r.title();
      if (t != null && (t.isBlank() || t.strip().length() > MAX_TITLE || !printable(t))) {
        throw badRequest(
            "title must be 1 to "
                + MAX_TITLE
                + " printable characters, not blank, or absent, was "
                + quote(t));
      }
      List<String> labels = r.labels();
      if (labels == null || labels.size() < 2 || labels.size() > MAX_LABELS) {
        throw badRequest(
            "labels must hold 2 to "
                + MAX_LABELS
                + " labels, had "
                + (labels == null ? "none" : labels.size()));
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < labels.size(); i++) {
        String label = labels.get(i);
        if (label == null
            || label.isBlank()
            || label.length() > 128
            || CONTROL.matcher(label).find()) {
          throw badRequest(
              "labels["
                  + i
                  + "] must be 1 to 128 printable characters, not blank, was "
                  + quote(label));
        }
        if (!seen.add(label)) {
          throw badRequest("labels must be distinct; labels[" + i + "] repeats " + quote(label));
        }
      }
      double e = r.epsilon();
      if (!(e > 0 && e <= MAX_EPSILON)) {
        throw badRequest("epsilon must be in (0, " + MAX_EPSILON + "], was " + e);
      }
      String d = r.description();
      if (d == null || d.isBlank() || d.length() > 512 || CONTROL.matcher(d).find()) {
        throw badRequest(
            "description must be 1 to 512 printable characters, not blank, was " + quote(d));
      }
    }

    /**
     * No control, format (such as a bidirectional override), unassigned, private-use or lone
     * surrogate character.
     */
    private static boolean printable(String s) {
      return !CONTROL.matcher(s).find() && !NOT_SHOWN.matcher(s).find();
    }

    private static String quote(String s) {
      if (s == null) {
        return "null";
      }
      String shown = s.length() > 64 ? s.substring(0, 64) + "..." : s;
      return "\""
          + NOT_SHOWN.matcher(CONTROL.matcher(shown).replaceAll("?")).replaceAll("?")
          + "\"";
    }

    private static QueryView view(Query q) {
      return new QueryView(
          q.id(),
          q.title(),
          q.metric(),
          q.description(),
          q.labels(),
          q.epsilon(),
          q.mechanism(),
          q.status(),
          q.reports(),
          CountEstimates.estimate(q.labels(), q.support(), q.reports(), oracle(q)),
          CountEstimates.CONFIDENCE);
    }

    private static FrequencyOracle<?> oracle(Query q) {
      return switch (LdpReport.Mechanism.fromWire(q.mechanism())) {
        case GRR -> FrequencyOracle.generalizedRandomizedResponse(q.labels().size(), q.epsilon());
        case OLH -> FrequencyOracle.optimizedLocalHashing(q.labels().size(), q.epsilon());
      };
    }
  }
}
