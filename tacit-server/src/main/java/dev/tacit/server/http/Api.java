package dev.tacit.server.http;

import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.privacy.participant.ParticipantBudget;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.ErrorMessage;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Protocol;
import dev.tacit.protocol.ProtocolException;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.server.ServerConfig;
import dev.tacit.server.attestation.RegistrationAttestation;
import dev.tacit.server.http.Views.AuditView;
import dev.tacit.server.http.Views.ConsentView;
import dev.tacit.server.http.Views.DeletionView;
import dev.tacit.server.http.Views.DeviceView;
import dev.tacit.server.http.Views.HealthView;
import dev.tacit.server.http.Views.LedgerEntryView;
import dev.tacit.server.http.Views.LedgerView;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import dev.tacit.server.store.AuditVerification;
import dev.tacit.server.store.ConsentEvent;
import dev.tacit.server.store.DeletionRecord;
import dev.tacit.server.store.DeviceEpsilons;
import dev.tacit.server.store.DeviceRecord;
import dev.tacit.server.store.ModelRegistry;
import dev.tacit.server.store.ModelVersion;
import dev.tacit.server.store.SqlLedgerStore;
import dev.tacit.server.store.Storage;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /v1} API on Javalin. Every handler validates its whole input before it writes, and
 * every write is one transaction, so an error answer leaves the database as it was. Errors are
 * mapped to {@code { "error": code, "message": text }} in one place ({@link #errors}).
 */
public final class Api {
  private static final Logger LOG = LoggerFactory.getLogger(Api.class);
  private static final Pattern DEVICE_ID = Pattern.compile("d-[0-9a-f]{32}");
  private static final String JSON = "application/json";

  /**
   * How far ahead of the server's clock a consent decision's time may be: a device's clock that is
   * this far off is still believed, and a decision dated later (centuries ahead, say) is refused.
   */
  public static final java.time.Duration CONSENT_CLOCK_SKEW = java.time.Duration.ofHours(1);

  /**
   * The OpenAPI 3.0 document of every route below, written by hand; served at {@code
   * /openapi.json}.
   */
  private static final byte[] OPENAPI = resource("/openapi.json");

  /** The page that points Swagger UI at {@code /openapi.json}; served at {@code /swagger}. */
  private static final byte[] SWAGGER_PAGE = resource("/swagger/index.html");

  /**
   * Only local sources: the page, Swagger UI's files under {@code /swagger/} and the document.
   * Inline script and styles are the page's own and Swagger UI's.
   */
  private static final String SWAGGER_CSP =
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline';"
          + " img-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'";

  /** The WebJar files that would load the Petstore example from the internet; never served. */
  private static final List<String> SWAGGER_SKIPPED =
      List.of("/swagger/index.html", "/swagger/swagger-initializer.js");

  private final ServerConfig config;
  private final Storage storage;
  private final ModelRegistry models;
  private final SqlLedgerStore ledgerStore;
  private final DeviceEpsilons deviceEpsilons;
  private final BudgetLedger ledger;
  private final Secret adminToken;
  private final RateLimiter rateLimiter;
  private final RateLimiter unauthenticated;
  private final RateLimiter registrations;
  private final PrometheusMeterRegistry metrics;
  private final List<Routes> modules;
  private final PrivacyNotice notice;
  private static final int MODEL_CACHE = 4;
  private final java.util.Map<Long, ModelVersion> modelCache =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Map<Long, byte[]> gzipCache =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Routes that live in another package (rounds, dashboard, analytics, ...): installed after the
   * core routes, with this API's authentication, body limits and error mapping at hand.
   */
  public interface Routes {
    /** Adds the routes to {@code c}. */
    void configure(JavalinConfig c, Api api);
  }

  /** Told when a device withdraws a purpose, once the withdrawal is recorded. */
  @FunctionalInterface
  public interface WithdrawalListener {
    /** {@code deviceId} withdrew {@code purpose} (a deleted device withdraws every purpose). */
    void withdrawn(String deviceId, dev.tacit.protocol.Purpose purpose);
  }

  private final List<WithdrawalListener> withdrawals =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Tells {@code listener} of every withdrawal of consent and every deletion from now on, right
   * after it is recorded (no polling): the rounds use it to drop a device mid-round.
   */
  public void onWithdrawal(WithdrawalListener listener) {
    withdrawals.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  private void withdrawn(String deviceId, dev.tacit.protocol.Purpose purpose) {
    for (WithdrawalListener l : withdrawals) {
      try {
        l.withdrawn(deviceId, purpose);
      } catch (RuntimeException e) { // the withdrawal is recorded; a listener cannot undo it
        LOG.error("a withdrawal listener failed", e);
      }
    }
  }

  /** The API over the server's state, with the routes of {@code modules}. */
  public Api(
      ServerConfig config,
      Storage storage,
      ModelRegistry models,
      SqlLedgerStore ledgerStore,
      BudgetLedger ledger,
      Secret adminToken,
      PrometheusMeterRegistry metrics,
      PrivacyNotice notice,
      List<Routes> modules) {
    this.config = config;
    this.storage = storage;
    this.models = models;
    this.ledgerStore = ledgerStore;
    this.deviceEpsilons = new DeviceEpsilons(ledgerStore, config.deviceBudget());
    this.ledger = ledger;
    this.adminToken = adminToken;
    this.metrics = metrics;
    this.modules = List.copyOf(modules);
    this.notice = java.util.Objects.requireNonNull(notice, "notice");
    this.rateLimiter = new RateLimiter(config.rateLimit(), System::nanoTime);
    this.unauthenticated = new RateLimiter(config.rateLimit(), System::nanoTime);
    this.registrations = new RateLimiter(config.registrationLimit(), System::nanoTime);
    registerGauges();
  }

  /** Installs the routes, error mapping, limits, compression and request metrics. */
  public void configure(JavalinConfig c) {
    c.concurrency.useVirtualThreads = true;
    c.startup.showJavalinBanner = false;
    c.startup.showOldJavalinVersionWarning = false;
    c.http.maxRequestSize = config.maxBodyBytes();
    c.http.prefer405over404 = true;
    c.http.compressionStrategy = CompressionStrategy.GZIP;
    c.requestLogger.http(this::logRequest);

    c.routes.before(this::commonHeaders);
    c.routes.get("/health", this::health);
    c.routes.get("/metrics", this::metrics);
    c.routes.post("/v1/devices", this::register);
    c.routes.get("/v1/devices/{id}", this::getDevice);
    c.routes.delete("/v1/devices/{id}", this::deleteDevice);
    c.routes.post("/v1/devices/{id}/consent", this::consent);
    c.routes.get("/v1/models/latest", ctx -> sendModel(ctx, latestModel(), "latest"));
    c.routes.get(
        "/v1/models/{version}",
        ctx -> {
          long v = parseVersion(ctx.pathParam("version"));
          sendModel(ctx, model(v), Long.toString(v));
        });
    c.routes.get("/v1/privacy/notice", this::notice);
    c.routes.get("/v1/privacy/ledger", this::ledger);
    c.routes.get("/v1/admin/audit/verify", this::verifyAudit);
    c.routes.get("/v1/admin/audit/head", this::auditHead);
    c.routes.get("/openapi.json", ctx -> ctx.contentType(JSON).result(OPENAPI));
    c.routes.get(
        "/swagger",
        ctx ->
            ctx.header("Content-Security-Policy", SWAGGER_CSP)
                .contentType("text/html; charset=utf-8")
                .result(SWAGGER_PAGE));
    c.staticFiles.add(
        files -> {
          files.hostedPath = "/swagger";
          files.directory = "/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion();
          files.location = Location.CLASSPATH;
          files.skipFileFunction = request -> SWAGGER_SKIPPED.contains(request.getRequestURI());
        });
    for (Routes m : modules) {
      m.configure(c, this);
    }
    headLikeGet(c);
    errors(c);
  }

  /**
   * Every GET route answers HEAD by running its GET handler (Jetty sends no body for HEAD), so a
   * HEAD gets the status and headers the GET would; Javalin's own answer to HEAD is an empty 200
   * text/plain whatever the GET would say.
   */
  private static void headLikeGet(JavalinConfig c) {
    java.util.Set<String> heads = new java.util.HashSet<>();
    List<io.javalin.router.ParsedEndpoint> all = c.unsafe.internalRouter.allHttpHandlers();
    for (io.javalin.router.ParsedEndpoint p : all) {
      if (p.endpoint.method == io.javalin.http.HandlerType.HEAD) {
        heads.add(p.endpoint.path);
      }
    }
    for (io.javalin.router.ParsedEndpoint p : all) {
      if (p.endpoint.method == io.javalin.http.HandlerType.GET && heads.add(p.endpoint.path)) {
        c.routes.addEndpoint(
            new io.javalin.router.Endpoint(
                io.javalin.http.HandlerType.HEAD, p.endpoint.path, p.endpoint.handler));
      }
    }
  }

  /** The configuration. */
  public ServerConfig config() {
    return config;
  }

  /** The database. */
  public Storage storage() {
    return storage;
  }

  /** The privacy notice. */
  public PrivacyNotice notice() {
    return notice;
  }

  /** The model registry. */
  public ModelRegistry models() {
    return models;
  }

  /** The privacy budget ledger. */
  public BudgetLedger ledger() {
    return ledger;
  }

  /** The metrics registry. */
  public PrometheusMeterRegistry meters() {
    return metrics;
  }

  /**
   * The version of the {@code org.webjars:swagger-ui} jar on the class path, from its Maven
   * metadata.
   *
   * @throws IllegalStateException if the WebJar is not on the class path
   */
  static String swaggerUiVersion() {
    Properties p = new Properties();
    try (InputStream in =
        Api.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
      if (in == null) {
        throw new IllegalStateException("the org.webjars:swagger-ui jar must be on the class path");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the swagger-ui WebJar's pom.properties", e);
    }
    String version = p.getProperty("version");
    if (version == null || !version.matches("[0-9A-Za-z.-]+")) {
      throw new IllegalStateException(
          "the swagger-ui WebJar's version must be a version string, was " + version);
    }
    return version;
  }

  private static byte[] resource(String name) {
    try (InputStream in = Api.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " must be on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + name, e);
    }
  }

  /** The one place where exceptions become error answers. */
  private void errors(JavalinConfig c) {
    c.routes.exception(
        ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
    c.routes.exception(
        ProtocolException.class, (e, ctx) -> error(ctx, 400, "invalid_request", e.getMessage()));
    c.routes.exception(
        HttpResponseException.class,
        (e, ctx) -> {
          int s = e.getStatus();
          String code =
              switch (s) {
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 413 -> "body_too_large";
                default -> s < 500 ? "invalid_request" : "internal";
              };
          String message =
              switch (s) {
                case 404 -> "no such resource: " + ctx.method() + " " + ctx.path();
                case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path();
                case 413 -> "the body must be at most " + config.maxBodyBytes() + " bytes";
                default -> e.getMessage();
              };
          error(ctx, s, code, message);
        });
    c.routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("internal error on {} {}", ctx.method(), matchedPath(ctx), e);
          error(ctx, 500, "internal", "internal error");
        });
    for (int status : new int[] {404, 405}) {
      c.routes.error(
          status,
          ctx -> {
            String body = ctx.result();
            if (body == null || body.isEmpty()) {
              error(
                  ctx,
                  status,
                  status == 404 ? "not_found" : "method_not_allowed",
                  (status == 404 ? "no such resource: " : "method not allowed: ")
                      + ctx.method()
                      + " "
                      + ctx.path());
            }
          });
    }
  }

  private static void error(Context ctx, int status, String code, String message) {
    ctx.status(status)
        .contentType(JSON)
        .result(Json.writeBytes(new ErrorMessage(code, message == null ? code : message)));
  }

  /** Answers {@code body} as JSON with the given status. */
  public static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType(JSON).result(Json.writeBytes(body));
  }

  private void health(Context ctx) {
    storage.deviceCount();
    json(
        ctx,
        200,
        new HealthView("ok", storage.dialect().name().toLowerCase(java.util.Locale.ROOT)));
  }

  /**
   * On every answer: no MIME sniffing, no caching (a route that may be cached, a model version,
   * says so itself), and under TLS, HSTS for a year.
   */
  private void commonHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Cache-Control", "no-store");
    if (config.tls().mode() != ServerConfig.TlsConfig.Mode.NONE) {
      ctx.header("Strict-Transport-Security", "max-age=31536000");
    }
  }

  private void metrics(Context ctx) {
    if (!config.publicMetrics()) {
      requireAdmin(ctx);
    }
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  /**
   * Registers a device: first the registration limit of the source address (429), then the body
   * (400), then the operator's attestation (403 {@code attestation_refused}, 503 if it could not be
   * checked); only then is anything written.
   */
  private void register(Context ctx) {
    if (!registrations.tryAcquire(ClientAddress.of(ctx.ip()))) {
      ctx.header("Retry-After", Long.toString(registrationRetrySeconds()));
      throw new ApiException(
          429, "rate_limited", "too many registrations from this address; retry later");
    }
    RegistrationRequest request = Json.read(body(ctx), RegistrationRequest.class);
    if (request.protocolVersion() != Protocol.VERSION) {
      throw new ApiException(
          400,
          "unsupported_protocol",
          "protocolVersion must be " + Protocol.VERSION + ", was " + request.protocolVersion());
    }
    attest(ctx, request);
    String deviceId = Tokens.newId("d-", config.random());
    Secret token = Tokens.newToken(config.random());
    storage.registerDevice(deviceId, token.hash(), Tokens.newId("a-", config.random()));
    json(ctx, 201, new RegistrationResponse(deviceId, token.reveal()));
  }

  private long registrationRetrySeconds() {
    return Math.max(1, (long) Math.ceil(1 / config.registrationLimit().perSecond()));
  }

  private void attest(Context ctx, RegistrationRequest request) {
    RegistrationAttestation.Evidence evidence;
    try {
      evidence =
          new RegistrationAttestation.Evidence(
              ctx.header(RegistrationAttestation.HEADER), request.sdkVersion());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    RegistrationAttestation.Verdict verdict;
    try {
      verdict = config.attestation().verify(evidence);
    } catch (RuntimeException e) {
      LOG.error("attestation {} failed", config.attestation().name(), e);
      throw new ApiException(
          503, "attestation_unavailable", "the attestation could not be checked; retry later");
    }
    if (verdict == null || !verdict.accepted()) {
      throw new ApiException(
          403,
          "attestation_refused",
          "the device's attestation was refused: "
              + (verdict == null ? "no verdict" : verdict.reason()));
    }
  }

  private void getDevice(Context ctx) {
    DeviceRecord device = authenticate(ctx);
    // Seeing or exporting what the server holds is an action of the user's, in the audit log too.
    storage.auditAbout(device.deviceId(), "device.viewed", "");
    List<ConsentView> events =
        storage.consentEvents(device.deviceId()).stream().map(Api::view).toList();
    json(
        ctx,
        200,
        new DeviceView(
            device.deviceId(),
            device.createdAt(),
            device.tokenHash(),
            device.auditRef(),
            events,
            storage.auditEntriesOf(device.deviceId()).stream()
                .map(e -> new Views.AuditEntryView(e.seq(), e.time(), e.action(), e.detail()))
                .toList(),
            "This is everything the server holds about this device. Behavioural signals never"
                + " leave the device.",
            epsilonView(deviceEpsilons.of(device.deviceId()))));
  }

  private Views.DeviceEpsilonView epsilonView(DeviceEpsilons.Account account) {
    ParticipantBudget budget = deviceEpsilons.budget();
    return new Views.DeviceEpsilonView(
        account.guarantee().epsilon(),
        budget.delta(),
        budget.limited() ? budget.epsilon() : null,
        account.releases().stream()
            .map(s -> new Views.DeviceReleaseView(s.sequence(), s.description(), s.recordedAt()))
            .toList(),
        "This device's own training epsilon against "
            + PrivacyNotice.DEVICE_EPSILON_IS_AGAINST
            + ". The training epsilon of the privacy notice is smaller: it is against those who"
            + " see only the published models.");
  }

  /** Each device's own training ε against the server. */
  public DeviceEpsilons deviceEpsilons() {
    return deviceEpsilons;
  }

  private void deleteDevice(Context ctx) {
    Instant requested = config.clock().instant();
    DeviceRecord device = authenticate(ctx);
    DeletionRecord done = storage.deleteDevice(device.deviceId(), requested);
    rateLimiter.forget(device.deviceId());
    for (dev.tacit.protocol.Purpose p : dev.tacit.protocol.Purpose.values()) {
      withdrawn(device.deviceId(), p);
    }
    json(ctx, 200, new DeletionView(true, done.requestedAt(), done.completedAt()));
  }

  private void consent(Context ctx) {
    DeviceRecord device = authenticate(ctx);
    ConsentUpdate update = Json.read(body(ctx), ConsentUpdate.class);
    if (!update.deviceId().equals(device.deviceId())) {
      throw new ApiException(
          400,
          "device_mismatch",
          "deviceId in the body must be the device of the path, was " + update.deviceId());
    }
    checkPolicyVersion(device, update);
    Instant latest = config.clock().instant().plus(CONSENT_CLOCK_SKEW);
    if (update.time().isAfter(latest)) {
      throw new ApiException(
          400,
          "time_in_future",
          "time must be at most "
              + CONSENT_CLOCK_SKEW.toMinutes()
              + " minutes ahead of the server's clock ("
              + latest
              + "), was "
              + update.time());
    }
    ConsentEvent event =
        storage.appendConsent(
            device, update.purpose(), update.granted(), update.policyVersion(), update.time());
    if (!event.granted()) {
      withdrawn(device.deviceId(), event.purpose());
    }
    json(ctx, 201, view(event));
  }

  /**
   * A grant must name the policy the server serves: the user agreed to that text. A withdrawal may
   * also name a version the device decided under before (a device that has not yet fetched the new
   * notice must still be able to withdraw), but never one the server has not served.
   *
   * @throws ApiException 400 {@code unknown_policy_version} otherwise
   */
  private void checkPolicyVersion(DeviceRecord device, ConsentUpdate update) {
    String served = config.policyVersion();
    String named = update.policyVersion();
    if (named.equals(served)) {
      return;
    }
    if (!update.granted()
        && storage.consentEvents(device.deviceId()).stream()
            .anyMatch(e -> e.policyVersion().equals(named))) {
      return;
    }
    throw new ApiException(
        400,
        "unknown_policy_version",
        "policyVersion must be the version the server serves, \""
            + served
            + "\""
            + (update.granted() ? "" : ", or one this device decided under before")
            + ", was \""
            + named.substring(0, Math.min(named.length(), 64))
            + "\"");
  }

  private void sendModel(Context ctx, Optional<ModelVersion> found, String which) {
    ModelVersion model =
        found.orElseThrow(() -> ApiException.notFound("no model version " + which));
    String etag = model.etag();
    ctx.header("ETag", etag);
    ctx.header("X-Tacit-Model-Version", Long.toString(model.version()));
    ctx.header("Cache-Control", "no-cache");
    String ifNoneMatch = ctx.header("If-None-Match");
    if (ifNoneMatch != null && matchesEtag(ifNoneMatch, etag)) {
      ctx.status(304);
      return;
    }
    ctx.status(200).contentType("application/octet-stream").header("Vary", "Accept-Encoding");
    String accept = ctx.header("Accept-Encoding");
    if (accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("gzip")) {
      // A published version never changes: compress it once, not once per device.
      ctx.disableCompression();
      ctx.header("Content-Encoding", "gzip").result(gzipped(model));
    } else {
      ctx.result(model.frame());
    }
  }

  /** Published versions never change, so their frames are cached (the newest few). */
  private Optional<ModelVersion> model(long version) {
    ModelVersion m = modelCache.get(version);
    if (m != null) {
      return Optional.of(m);
    }
    Optional<ModelVersion> found = models.get(version);
    found.ifPresent(
        v -> {
          if (modelCache.size() >= MODEL_CACHE) {
            modelCache.clear();
            gzipCache.clear();
          }
          modelCache.put(version, v);
        });
    return found;
  }

  private Optional<ModelVersion> latestModel() {
    return models.latestVersion().flatMap(this::model);
  }

  private byte[] gzipped(ModelVersion model) {
    return gzipCache.computeIfAbsent(
        model.version(),
        v -> {
          java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
          try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(model.frame());
          } catch (IOException e) {
            throw new UncheckedIOException("cannot compress model version " + v, e);
          }
          return out.toByteArray();
        });
  }

  private static boolean matchesEtag(String header, String etag) {
    for (String candidate : header.split(",")) {
      String t = candidate.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals(etag) || t.equals("*")) {
        return true;
      }
    }
    return false;
  }

  private static long parseVersion(String text) {
    try {
      long v = Long.parseLong(text);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw ApiException.badRequest("model version must be an integer >= 0, was \"" + text + "\"");
  }

  private void notice(Context ctx) {
    Views.PrivacyNoticeView n = notice.now();
    String format = ctx.queryParam("format");
    if (format == null || format.equals("json")) {
      json(ctx, 200, n);
    } else if (format.equals("text")) {
      ctx.contentType("text/plain; charset=utf-8").result(PrivacyNotice.text(n));
    } else {
      throw ApiException.badRequest("format must be json or text, was \"" + format + "\"");
    }
  }

  private void ledger(Context ctx) {
    List<LedgerEntryView> entries =
        ledgerStore.rows().stream()
            .map(
                r ->
                    new LedgerEntryView(
                        r.seq(),
                        r.purpose().name().toLowerCase(java.util.Locale.ROOT),
                        r.mechanism(),
                        r.paramA(),
                        r.paramB(),
                        r.repetitions(),
                        r.epsilonAfter(),
                        r.delta(),
                        r.description(),
                        r.recordedAt()))
            .toList();
    json(ctx, 200, new LedgerView(entries));
  }

  /**
   * Checks the request's bearer token against the admin token, in constant time.
   *
   * @throws ApiException 401 if it is missing, malformed or wrong; 429 once the requests from this
   *     address that failed authentication have spent their bucket
   */
  public void requireAdmin(Context ctx) {
    try {
      String presented = bearer(ctx);
      if (!adminToken.matches(presented)) {
        throw ApiException.unauthorized("the admin token is wrong");
      }
    } catch (ApiException e) {
      limitUnauthenticated(ctx);
      throw e;
    }
  }

  private void verifyAudit(Context ctx) {
    requireAdmin(ctx);
    AuditVerification v = storage.audit().verify();
    json(ctx, 200, new AuditView(v.valid(), v.rows(), v.firstBadRow().orElse(null), v.problem()));
  }

  private void auditHead(Context ctx) {
    requireAdmin(ctx);
    var head =
        storage
            .audit()
            .head()
            .orElseThrow(() -> ApiException.notFound("the audit log has no row yet"));
    json(ctx, 200, new Views.AuditHeadView(head.seq(), head.hash(), head.time()));
  }

  /**
   * The device of the path, if the request carries its token: 404 for an unknown device, 401
   * without a token or with a wrong one (compared in constant time); then the device's own rate
   * limit, 429 when spent. A request that fails authentication never touches the device's bucket:
   * it is limited by its source address ({@link #limitUnauthenticated}), so nobody can lock a
   * device out without its token.
   */
  public DeviceRecord authenticate(Context ctx) {
    String id = ctx.pathParam("id");
    DeviceRecord device;
    try {
      device = verifyDevice(ctx, id);
    } catch (ApiException e) {
      limitUnauthenticated(ctx);
      throw e;
    }
    if (!rateLimiter.tryAcquire(id)) {
      ctx.header("Retry-After", "1");
      throw new ApiException(429, "rate_limited", "too many requests for device " + id);
    }
    return device;
  }

  private DeviceRecord verifyDevice(Context ctx, String id) {
    if (!DEVICE_ID.matcher(id).matches()) {
      throw ApiException.notFound("no device " + id.substring(0, Math.min(id.length(), 64)));
    }
    String token = bearer(ctx);
    DeviceRecord device =
        storage.findDevice(id).orElseThrow(() -> ApiException.notFound("no device " + id));
    byte[] presented = Tokens.hash(token).getBytes(StandardCharsets.US_ASCII);
    byte[] stored = device.tokenHash().getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(presented, stored)) {
      throw ApiException.unauthorized("the token is not the token of device " + id);
    }
    return device;
  }

  /**
   * Spends one token of the bucket of the request's source address ({@link ClientAddress#of}) for a
   * request that failed authentication.
   *
   * @throws ApiException 429 once that bucket is empty
   */
  private void limitUnauthenticated(Context ctx) {
    if (!unauthenticated.tryAcquire(ClientAddress.of(ctx.ip()))) {
      ctx.header("Retry-After", "1");
      throw new ApiException(
          429,
          "rate_limited",
          "too many requests that failed authentication from this address; retry later");
    }
  }

  /**
   * The bearer token of the request.
   *
   * @throws ApiException 401 if it is missing or malformed
   */
  public static String bearer(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      throw ApiException.unauthorized("an Authorization: Bearer token is required");
    }
    String token = header.substring("Bearer ".length()).trim();
    if (token.isEmpty() || token.length() > 128 || !Tokens.isTokenShaped(token)) {
      throw ApiException.unauthorized("the bearer token is malformed");
    }
    return token;
  }

  /**
   * The request body, within the size limit.
   *
   * @throws ApiException 413 if it is too large, 400 if it is empty
   */
  public byte[] body(Context ctx) {
    long length = ctx.contentLength();
    if (length > config.maxBodyBytes()) {
      throw new ApiException(
          413, "body_too_large", "the body must be at most " + config.maxBodyBytes() + " bytes");
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > config.maxBodyBytes()) {
      throw new ApiException(
          413, "body_too_large", "the body must be at most " + config.maxBodyBytes() + " bytes");
    }
    if (body.length == 0) {
      throw ApiException.badRequest("a JSON body is required");
    }
    return body;
  }

  private static ConsentView view(ConsentEvent e) {
    return new ConsentView(
        e.purpose().wireName(), e.granted(), e.policyVersion(), e.decidedAt(), e.recordedAt());
  }

  private static String matchedPath(Context ctx) {
    try {
      return ctx.endpoint().path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }

  /** Logs the route template (never the query, a header or a body) and times the request. */
  private void logRequest(Context ctx, Float millis) {
    String path = matchedPath(ctx);
    int status = ctx.status().getCode();
    Timer.builder("tacit.http.requests")
        .description("HTTP requests by endpoint")
        .tag("method", ctx.method().name())
        .tag("endpoint", path)
        .tag("status", Integer.toString(status))
        .register(metrics)
        .record((long) (millis * 1_000_000L), TimeUnit.NANOSECONDS);
    // One line per request in logfmt (key=value), for log collectors: never a query, header or
    // body.
    LOG.info(
        "event=http method={} endpoint={} status={} ms={}",
        ctx.method(),
        path,
        status,
        String.format(java.util.Locale.ROOT, "%.1f", millis));
  }

  private void registerGauges() {
    Gauge.builder("tacit.devices.registered", storage, s -> s.deviceCount())
        .description("Registered devices")
        .register(metrics);
    for (dev.tacit.protocol.Purpose p : dev.tacit.protocol.Purpose.values()) {
      Gauge.builder("tacit.consents.granted", storage, s -> s.currentGrants().getOrDefault(p, 0L))
          .description("Devices whose latest decision for the purpose is a grant")
          .tag("purpose", p.wireName())
          .register(metrics);
    }
    for (dev.tacit.privacy.budget.Purpose p : config.budgets().keySet()) {
      Gauge.builder("tacit.privacy.epsilon.spent", ledger, l -> l.spent(p).epsilon())
          .description("Epsilon spent per purpose (RDP accountant)")
          .tag("purpose", p.name().toLowerCase(java.util.Locale.ROOT))
          .register(metrics);
      Gauge.builder("tacit.privacy.epsilon.budget", ledger, l -> l.budget(p).epsilon())
          .description("Epsilon budget per purpose")
          .tag("purpose", p.name().toLowerCase(java.util.Locale.ROOT))
          .register(metrics);
    }
  }
}
