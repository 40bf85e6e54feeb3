package dev.tacit.server.http;

import static dev.tacit.server.http.Responses.JSON;
import static dev.tacit.server.http.Responses.json;

import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.http.Views.HealthView;
import dev.tacit.server.store.Storage;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /v1} API on Javalin: its settings (virtual threads, body limit, compression), the
 * headers of every answer, health, metrics and the OpenAPI document, then the route modules, each
 * built with what it needs ({@link ServerContext}). Every handler validates its whole input before
 * it writes, and every write is one transaction, so an error answer leaves the database as it was.
 * Errors are mapped to {@code { "error": code, "message": text }} in one place ({@link
 * ErrorMapper}).
 */
public final class Api {
  private static final Logger LOG = LoggerFactory.getLogger(Api.class);

  /** See {@link DeviceRoutes#CONSENT_CLOCK_SKEW}. */
  public static final Duration CONSENT_CLOCK_SKEW = DeviceRoutes.CONSENT_CLOCK_SKEW;

  /** The OpenAPI 3.0 document of every route, written by hand; served at {@code /openapi.json}. */
  private static final byte[] OPENAPI = ClasspathResources.bytes("/openapi.json");

  /** The page that points Swagger UI at {@code /openapi.json}; served at {@code /swagger}. */
  private static final byte[] SWAGGER_PAGE = ClasspathResources.bytes("/swagger/index.html");

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
  private final Guard guard;
  private final PrometheusMeterRegistry metrics;
  private final List<Routes> modules;

  /** The API over {@code context}, with the routes of {@code modules}, installed in order. */
  public Api(ServerContext context, List<Routes> modules) {
    this.config = context.config();
    this.storage = context.storage();
    this.guard = context.guard();
    this.metrics = context.meters();
    this.modules = List.copyOf(modules);
    registerGauges(context.ledger());
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
          files.directory =
              "/META-INF/resources/webjars/swagger-ui/"
                  + ClasspathResources.webJarVersion("org.webjars", "swagger-ui");
          files.location = Location.CLASSPATH;
          files.skipFileFunction = request -> SWAGGER_SKIPPED.contains(request.getRequestURI());
        });
    for (Routes m : modules) {
      m.configure(c);
    }
    headLikeGet(c);
    new ErrorMapper(config.maxBodyBytes()).install(c);
  }

  /**
   * Every GET route answers HEAD by running its GET handler (Jetty sends no body for HEAD), so a
   * HEAD gets the status and headers the GET would; Javalin's own answer to HEAD is an empty 200
   * text/plain whatever the GET would say.
   */
  private static void headLikeGet(JavalinConfig c) {
    Set<String> heads = new HashSet<>();
    List<ParsedEndpoint> all = c.unsafe.internalRouter.allHttpHandlers();
    for (ParsedEndpoint p : all) {
      if (p.endpoint.method == HandlerType.HEAD) {
        heads.add(p.endpoint.path);
      }
    }
    for (ParsedEndpoint p : all) {
      if (p.endpoint.method == HandlerType.GET && heads.add(p.endpoint.path)) {
        c.routes.addEndpoint(new Endpoint(HandlerType.HEAD, p.endpoint.path, p.endpoint.handler));
      }
    }
  }

  private void health(Context ctx) {
    storage.deviceCount();
    json(ctx, 200, new HealthView("ok", storage.dialect().name().toLowerCase(Locale.ROOT)));
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
      guard.requireAdmin(ctx);
    }
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  /** Logs the route template (never the query, a header or a body) and times the request. */
  private void logRequest(Context ctx, Float millis) {
    String path = ErrorMapper.matchedPath(ctx);
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
        String.format(Locale.ROOT, "%.1f", millis));
  }

  private void registerGauges(BudgetLedger ledger) {
    Gauge.builder("tacit.devices.registered", storage, s -> s.deviceCount())
        .description("Registered devices")
        .register(metrics);
    for (Purpose p : Purpose.values()) {
      Gauge.builder("tacit.consents.granted", storage, s -> s.currentGrants().getOrDefault(p, 0L))
          .description("Devices whose latest decision for the purpose is a grant")
          .tag("purpose", p.wireName())
          .register(metrics);
    }
    for (Purpose p : config.budgets().keySet()) {
      Gauge.builder("tacit.privacy.epsilon.spent", ledger, l -> l.spent(p).epsilon())
          .description("Epsilon spent per purpose (RDP accountant)")
          .tag("purpose", p.name().toLowerCase(Locale.ROOT))
          .register(metrics);
      Gauge.builder("tacit.privacy.epsilon.budget", ledger, l -> l.budget(p).epsilon())
          .description("Epsilon budget per purpose")
          .tag("purpose", p.name().toLowerCase(Locale.ROOT))
          .register(metrics);
    }
  }
}
