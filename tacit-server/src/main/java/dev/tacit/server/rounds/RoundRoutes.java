package dev.tacit.server.rounds;

import static dev.tacit.server.http.Responses.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.federated.server.round.RoundSession;
import dev.tacit.federated.server.round.SessionStatus;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckIn;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.KeyAdvert;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.protocol.UnmaskAnswer;
import dev.tacit.server.http.ApiException;
import dev.tacit.server.http.Guard;
import dev.tacit.server.http.Params;
import dev.tacit.server.http.Routes;
import dev.tacit.server.http.ServerContext;
import dev.tacit.server.store.ConsentEvent;
import dev.tacit.server.store.DeviceRecord;
import dev.tacit.server.store.ModelRegistry;
import dev.tacit.server.store.ModelVersion;
import dev.tacit.server.store.Storage;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@code /v1} routes of federated rounds. A device with {@code training} consent checks in;
 * once recruiting closes it fetches its SecAgg+ session and runs the four phases, each a POST of
 * its message and a GET (a long poll, up to {@code ?wait=} milliseconds, at most 25 s) of the
 * server's answer once the phase has closed; {@code 202 {"status":"pending"}} means ask again.
 * Every one of these messages needs the device's training consent: a device that withdrew it (or
 * was deleted) is told so by the consent route, is refused from then on with 403 {@code
 * consent_required}, and is a dropout of the round. Errors: 403 {@code consent_required} or {@code
 * not_in_round}, 409 {@code wrong_phase}, {@code replay} or {@code round_aborted}, 400 {@code
 * invalid_request}.
 */
public final class RoundRoutes implements Routes {
  private static final long MAX_WAIT_MS = 25_000;
  private static final String JSON = "application/json";

  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = Json.mapper();

  private final RoundService rounds;
  private final Storage storage;
  private final ModelRegistry models;
  private final Guard guard;
  private final Map<Long, ModelMetadata> metadata = new ConcurrentHashMap<>();

  /**
   * Routes over {@code rounds}, for the devices of {@code context}; a device that withdraws its
   * training consent is withdrawn from the round it is in.
   */
  public RoundRoutes(ServerContext context, RoundService rounds) {
    this.rounds = rounds;
    this.storage = context.storage();
    this.models = context.models();
    this.guard = context.guard();
    context
        .withdrawals()
        .listen(
            (deviceId, purpose) -> {
              if (purpose == Purpose.TRAINING) {
                rounds.withdraw(deviceId);
              }
            });
  }

  /** The catalogue upload of {@code PUT /v1/admin/catalogue}. */
  public record CatalogueUpload(List<CatalogueItem> items) {}

  @Override
  public void configure(JavalinConfig c) {
    c.routes.post("/v1/devices/{id}/check-in", this::checkIn);
    String base = "/v1/devices/{id}/rounds/{round}";
    c.routes.get(
        base + "/session", ctx -> poll(ctx, SessionStatus.RECRUITING, s -> s.session(device(ctx))));
    c.routes.post(
        base + "/keys", ctx -> submit(ctx, KeyAdvert.class, (s, m) -> s.advertise(device(ctx), m)));
    c.routes.get(
        base + "/neighbours",
        ctx -> poll(ctx, SessionStatus.ADVERTISING, s -> s.neighbours(device(ctx))));
    c.routes.post(
        base + "/shares",
        ctx -> submit(ctx, ShareBundle.class, (s, m) -> s.shares(device(ctx), m)));
    c.routes.get(
        base + "/shares",
        ctx -> poll(ctx, SessionStatus.SHARING, s -> s.routedShares(device(ctx))));
    c.routes.post(
        base + "/masked-input",
        ctx -> submit(ctx, s -> s.maskedInput(device(ctx), guard.body(ctx))));
    c.routes.get(
        base + "/unmask", ctx -> poll(ctx, SessionStatus.MASKING, s -> s.unmaskQuery(device(ctx))));
    c.routes.post(
        base + "/unmask",
        ctx -> submit(ctx, UnmaskAnswer.class, (s, m) -> s.unmask(device(ctx), m)));
    c.routes.get(
        "/v1/rounds/{round}",
        ctx -> {
          long round = parseRound(ctx.pathParam("round"));
          json(
              ctx,
              200,
              rounds.status(round).orElseThrow(() -> ApiException.notFound("no round " + round)));
        });
    c.routes.get("/v1/models/{version}/metadata", this::metadata);
    c.routes.get(
        "/v1/models/{version}/catalogue",
        ctx -> {
          long v = parseVersion(ctx.pathParam("version"));
          if (!models.exists(v)) {
            throw ApiException.notFound("no model version " + v);
          }
          json(ctx, 200, new CatalogueUpload(rounds.catalogue()));
        });
    c.routes.put(
        "/v1/admin/catalogue",
        ctx -> {
          guard.requireAdmin(ctx);
          CatalogueUpload upload = Json.read(guard.body(ctx), CatalogueUpload.class);
          if (upload.items() == null) {
            throw ApiException.badRequest("items is required");
          }
          rounds.publishCatalogue(upload.items());
          json(ctx, 201, Map.of("items", upload.items().size(), "modelVersion", 0));
        });
  }

  private static String device(Context ctx) {
    return ctx.pathParam("id");
  }

  private <T> T read(Context ctx, Class<T> type) {
    return Json.read(guard.body(ctx), type);
  }

  private static long parseRound(String text) {
    return Params.longIn(text, 1, Long.MAX_VALUE)
        .orElseThrow(
            () ->
                ApiException.badRequest(
                    "round must be an integer >= 1, was \"" + cut(text) + "\""));
  }

  private static long parseVersion(String text) {
    return Params.longIn(text, 0, Long.MAX_VALUE)
        .orElseThrow(
            () ->
                ApiException.badRequest(
                    "model version must be an integer >= 0, was \"" + cut(text) + "\""));
  }

  private static String cut(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private static long waitMillis(Context ctx) {
    String w = ctx.queryParam("wait");
    if (w == null) {
      return MAX_WAIT_MS;
    }
    return Params.longIn(w, 0, MAX_WAIT_MS)
        .orElseThrow(
            () ->
                ApiException.badRequest(
                    "wait must be milliseconds in [0, "
                        + MAX_WAIT_MS
                        + "], was \""
                        + cut(w)
                        + "\""));
  }

  private static boolean granted(List<ConsentEvent> events, Purpose purpose) {
    boolean granted = false;
    for (ConsentEvent e : events) {
      if (e.purpose() == purpose) {
        granted = e.granted();
      }
    }
    return granted;
  }

  private DeviceRecord requireConsent(Context ctx, Purpose purpose) {
    DeviceRecord device = guard.authenticate(ctx);
    if (!granted(storage.consentEvents(device.deviceId()), purpose)) {
      throw new ApiException(
          403,
          "consent_required",
          "the device has not granted " + purpose.wireName() + " (POST its consent first)");
    }
    return device;
  }

  private void checkIn(Context ctx) throws InterruptedException {
    long wait = waitMillis(ctx);
    DeviceRecord device = requireConsent(ctx, Purpose.TRAINING);
    CheckIn checkIn = read(ctx, CheckIn.class);
    if (!checkIn.deviceId().equals(device.deviceId())) {
      throw new ApiException(
          400, "device_mismatch", "deviceId in the body must be the device of the path");
    }
    CheckInResponse answer = rounds.checkIn(device.deviceId(), wait);
    if (answer.retryAfterSeconds() != null) {
      ctx.header("Retry-After", Long.toString(answer.retryAfterSeconds()));
    }
    json(ctx, 200, answer);
  }

  /**
   * {@link #submit(Context, Consumer)} of a JSON message, read (and refused with 400 if invalid)
   * before the round is looked up.
   */
  private <T> void submit(Context ctx, Class<T> type, BiConsumer<RoundSession, T> work) {
    requireConsent(ctx, Purpose.TRAINING);
    T message = read(ctx, type);
    accept(ctx, s -> work.accept(s, message));
  }

  private void submit(Context ctx, Consumer<RoundSession> work) {
    requireConsent(ctx, Purpose.TRAINING);
    accept(ctx, work);
  }

  /**
   * Hands the message to the round's session; a refusal is a {@code RoundException}, answered by
   * its kind in the one error mapping.
   */
  private void accept(Context ctx, Consumer<RoundSession> work) {
    long round = parseRound(ctx.pathParam("round"));
    work.accept(rounds.session(round));
    json(ctx, 202, Map.of("status", "accepted"));
  }

  /**
   * Waits up to {@code ?wait=} for the round to pass {@code after}, then answers what {@code get}
   * reads; one that is not ready yet is answered {@code 202 {"status":"pending"}} by the error
   * mapping.
   */
  private void poll(Context ctx, SessionStatus after, Function<RoundSession, Object> get)
      throws InterruptedException {
    long wait = waitMillis(ctx);
    requireConsent(ctx, Purpose.TRAINING);
    long round = parseRound(ctx.pathParam("round"));
    RoundSession s = rounds.session(round);
    s.awaitPast(after, wait);
    json(ctx, 200, get.apply(s));
  }

  private void metadata(Context ctx) {
    String which = ctx.pathParam("version");
    long v =
        which.equals("latest")
            ? models
                .latestVersion()
                .orElseThrow(() -> ApiException.notFound("no model version was published yet"))
            : parseVersion(which);
    ModelMetadata meta = metadata.computeIfAbsent(v, this::describe);
    if (meta == null) {
      throw ApiException.notFound("no model version " + v);
    }
    ctx.status(200).contentType(JSON).result(Json.writeBytes(meta));
  }

  /**
   * The metadata of a published version, read once: a version never changes, and every device asks
   * for the newest one.
   */
  private ModelMetadata describe(long v) {
    ModelVersion m = models.get(v).orElse(null);
    if (m == null) {
      return null;
    }
    TensorFrame frame = TensorFrame.decode(m.frame());
    if (dev.tacit.federated.cooccurrence.CooccurrenceFrame.isCooccurrence(frame)) {
      // The co-occurrence model: the items of its catalogue, its rank (at least 1) and its λ; it
      // has no fold-in, so no confidence scale.
      dev.tacit.federated.cooccurrence.CooccurrenceModel c =
          dev.tacit.federated.cooccurrence.CooccurrenceFrame.decode(frame).model();
      return new ModelMetadata(
          v, c.head().numItems(), Math.max(1, c.rank()), 0, c.lambda(), m.frame().length, m.crc());
    }
    int[] shape = frame.shape();
    JsonNode p;
    try {
      p = MAPPER.readTree(m.provenance());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("model provenance is not JSON", e);
    }
    return new ModelMetadata(
        v,
        shape[0],
        shape.length > 1 ? shape[1] : 1,
        p.path("alpha").asDouble(rounds.settings().federated().alpha()),
        p.path("lambda").asDouble(rounds.settings().federated().lambda()),
        m.frame().length,
        m.crc());
  }
}
