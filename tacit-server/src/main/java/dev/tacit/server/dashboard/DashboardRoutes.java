package dev.tacit.server.dashboard;

import static dev.tacit.server.http.Responses.json;

import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.http.ApiException;
import dev.tacit.server.http.ClasspathResources;
import dev.tacit.server.http.Guard;
import dev.tacit.server.http.Params;
import dev.tacit.server.http.Routes;
import dev.tacit.server.http.ServerContext;
import dev.tacit.server.store.DashboardQueries;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator dashboard ({@code /admin} and {@code GET /v1/admin/dashboard}), the loading of a
 * simulation report for its fairness audit ({@code POST /v1/admin/simulation-report}), and the
 * user's privacy center ({@code /privacy}). The pages are static files with their scripts in files,
 * served with a Content-Security-Policy that allows nothing but this server.
 */
public final class DashboardRoutes implements Routes {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardRoutes.class);

  /** Only this server: no inline script or style, no frames, no other origin. */
  static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  private static final Map<String, String> HEADERS =
      Map.of(
          "Content-Security-Policy", CSP,
          "X-Content-Type-Options", "nosniff",
          "Referrer-Policy", "no-referrer",
          "Cache-Control", "no-store");

  private static final byte[] ADMIN_PAGE = ClasspathResources.bytes("/web/admin/admin.html");
  private static final byte[] PRIVACY_PAGE = ClasspathResources.bytes("/web/privacy/privacy.html");
  private static final byte[] HOME_PAGE = ClasspathResources.bytes("/web/home/index.html");

  private final ServerContext context;
  private final Guard guard;

  private final String algorithm;

  /**
   * The dashboard of the server of {@code context}, which trains {@code algorithm} ({@code "ials"}
   * or {@code "cooccurrence"}).
   */
  public DashboardRoutes(ServerContext context, String algorithm) {
    this.algorithm = java.util.Objects.requireNonNull(algorithm, "algorithm");
    this.context = context;
    this.guard = context.guard();
  }

  @Override
  public void configure(JavalinConfig c) {
    DashboardQueries queries = new DashboardQueries(context.storage());
    Dashboard dashboard = new Dashboard(context, queries, algorithm);
    loadReportAtStart(context.config(), queries);

    c.routes.get(
        "/v1/admin/dashboard",
        ctx -> {
          guard.requireAdmin(ctx);
          json(ctx, 200, dashboard.view(sinceRound(ctx)));
        });
    c.routes.post(
        "/v1/admin/simulation-report",
        ctx -> {
          guard.requireAdmin(ctx);
          String json =
              utf8(guard.body(ctx))
                  .orElseThrow(() -> ApiException.badRequest("the report must be UTF-8 JSON"));
          SimulationReport report = SimulationReport.parse(json);
          DashboardQueries.StoredReport stored = queries.saveReport(json, "upload", sha256(json));
          json(
              ctx,
              201,
              new DashboardView.ReportLoadedView(
                  stored.seq(),
                  stored.loadedAt(),
                  stored.sha256(),
                  report.dataset(),
                  report.modelNames()));
        });
    c.routes.get("/", ctx -> page(ctx, HOME_PAGE));
    c.routes.get("/admin", ctx -> page(ctx, ADMIN_PAGE));
    c.routes.get("/privacy", ctx -> page(ctx, PRIVACY_PAGE));
    staticFiles(c, "/admin", "/web/admin");
    staticFiles(c, "/privacy", "/web/privacy");
    staticFiles(c, "/common", "/web/common");
    staticFiles(
        c,
        "/vendor/uplot",
        "/META-INF/resources/webjars/uplot/"
            + ClasspathResources.webJarVersion("org.webjars.npm", "uplot"));
  }

  private static void page(Context ctx, byte[] html) {
    HEADERS.forEach(ctx::header);
    ctx.contentType("text/html; charset=utf-8").result(html);
  }

  private static void staticFiles(JavalinConfig c, String hostedPath, String directory) {
    c.staticFiles.add(
        files -> {
          files.hostedPath = hostedPath;
          files.directory = directory;
          files.location = Location.CLASSPATH;
          files.headers = HEADERS;
        });
  }

  private static Long sinceRound(Context ctx) {
    String text = ctx.queryParam("sinceRound");
    if (text == null) {
      return null;
    }
    return Params.longIn(text, 0, Long.MAX_VALUE)
        .orElseThrow(
            () ->
                new ApiException(
                    400,
                    "invalid_request",
                    "sinceRound must be an integer >= 0, was \""
                        + text.substring(0, Math.min(text.length(), 32))
                        + "\""));
  }

  /**
   * Stores the configured report unless the newest stored one is the same file content.
   *
   * @throws IllegalArgumentException if the file is not a valid report
   * @throws UncheckedIOException if it cannot be read
   */
  private static void loadReportAtStart(ServerConfig config, DashboardQueries queries) {
    Path file = config.simulationReport();
    if (file == null) {
      return;
    }
    String json;
    try {
      if (Files.size(file) > SimulationReport.MAX_CHARS) {
        throw new IllegalArgumentException(
            "the simulation report "
                + file
                + " must be at most "
                + SimulationReport.MAX_CHARS
                + " bytes");
      }
      json =
          utf8(Files.readAllBytes(file))
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "the simulation report " + file + " is not UTF-8"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the simulation report " + file, e);
    }
    try {
      SimulationReport.parse(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the simulation report "
              + file
              + " is not a report of tacit simulate or evaluate: "
              + e.getMessage(),
          e);
    }
    String hash = sha256(json);
    Optional<DashboardQueries.StoredReport> latest = queries.latestReport();
    if (latest.isPresent() && latest.get().sha256().equals(hash)) {
      return;
    }
    Path name = file.getFileName();
    String source = name == null ? "file" : "file " + name;
    queries.saveReport(json, source.substring(0, Math.min(source.length(), 256)), hash);
    LOG.info("loaded the simulation report {} for the fairness audit", name);
  }

  /** {@code bytes} as UTF-8 text, or empty if they are not UTF-8. */
  private static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
