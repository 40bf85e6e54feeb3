package dev.tacit.client.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.client.transport.HttpTransport;
import dev.tacit.protocol.AnalyticsQuery;
import dev.tacit.protocol.AnalyticsQueryList;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckIn;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.DeletionRequest;
import dev.tacit.protocol.ErrorMessage;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.KeyAdvert;
import dev.tacit.protocol.LdpReport;
import dev.tacit.protocol.LocalEvaluation;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.NeighbourKeyList;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.SecAggSession;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.UnmaskAnswer;
import dev.tacit.protocol.UnmaskQuery;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLContext;

/**
 * The {@link ServerConnection} over HTTP(S) to a {@code tacit-server}, through an {@link
 * HttpTransport} (the app's HTTP client: {@code tacit-client-okhttp} or {@code tacit-client-jdk}),
 * counting the bytes the transport measured at its socket for {@link #takeTraffic()}. Bodies are
 * the strict JSON of {@code dev.tacit.protocol} and TensorFrames; model downloads are
 * gzip-compressed. The long polls of a round ask the server to wait up to {@link #POLL_MILLIS} per
 * request and repeat on {@code 202 pending} until the round's overall timeout. An error answer
 * becomes a {@link ServerException} with the server's code and message.
 *
 * <pre>{@code
 * ServerConnection server = HttpServerConnection.builder(URI.create("https://tacit.example")).build();
 * // or, sharing one transport: .transport(OkHttpTransport.create(okHttpClient))
 * }</pre>
 */
public final class HttpServerConnection implements ServerConnection {
  /**
   * One mapper for every read: {@code Json.mapper()} returns a copy, whose deserializers are built
   * again on first use, and the catalogue read made one per item (1,682 per device).
   */
  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = Json.mapper();

  /** How long one long poll asks the server to wait, in milliseconds. */
  public static final long POLL_MILLIS = 20_000;

  private static final String JSON = "application/json";

  private final URI base;
  private final HttpTransport http;
  private final ThreadLocal<long[]> traffic = ThreadLocal.withInitial(() -> new long[2]);
  private final Duration requestTimeout;
  private final Duration roundTimeout;
  private final java.util.function.Function<RegistrationRequest, String> attestation;

  /** The header that carries a registration's attestation evidence. */
  public static final String ATTESTATION_HEADER = "X-Tacit-Attestation";

  private HttpServerConnection(Builder b) {
    String s = b.base.toString();
    this.base = URI.create(s.endsWith("/") ? s : s + "/");
    this.http =
        b.transport != null
            ? b.transport
            : HttpTransport.discover(new HttpTransport.Options(b.connectTimeout, b.sslContext));
    this.requestTimeout = b.requestTimeout;
    this.roundTimeout = b.roundTimeout;
    this.attestation = b.attestation;
  }

  /** A builder for the server at {@code base} ({@code http://} or {@code https://}). */
  public static Builder builder(URI base) {
    return new Builder(base);
  }

  /** Options of a connection. */
  public static final class Builder {
    private final URI base;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration roundTimeout = Duration.ofMinutes(10);
    private SSLContext sslContext;
    private HttpTransport transport;
    private java.util.function.Function<RegistrationRequest, String> attestation;

    private Builder(URI base) {
      Objects.requireNonNull(base, "base");
      String scheme = base.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException(
            "the server address must be http:// or https://, was " + base);
      }
      this.base = base;
    }

    /** How long to wait for a connection (default 10 s). */
    public Builder connectTimeout(Duration d) {
      connectTimeout = positive(d, "connectTimeout");
      return this;
    }

    /** How long one request may take beyond its long poll (default 30 s). */
    public Builder requestTimeout(Duration d) {
      requestTimeout = positive(d, "requestTimeout");
      return this;
    }

    /** How long to keep polling for one phase of a round (default 10 min). */
    public Builder roundTimeout(Duration d) {
      roundTimeout = positive(d, "roundTimeout");
      return this;
    }

    /** The TLS context, for a server whose certificate the default trust store does not know. */
    public Builder sslContext(SSLContext context) {
      sslContext = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * The transport to send through, for example one shared by many simulated devices in one
     * process; its own connect timeout and TLS settings then apply. Without it, the first transport
     * module on the class path makes one ({@link HttpTransport#discover}).
     */
    public Builder transport(HttpTransport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Where a registration gets its attestation evidence, sent in the {@value #ATTESTATION_HEADER}
     * header, for a server that requires one (its {@code RegistrationAttestation}): the app asks
     * the platform (a Play Integrity token, an App Attest assertion) for the request it is given.
     * Without it, registrations carry no evidence.
     */
    public Builder attestation(java.util.function.Function<RegistrationRequest, String> provider) {
      attestation = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /** The connection. */
    public HttpServerConnection build() {
      return new HttpServerConnection(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }

  // ------------------------------------------------------------------ transport

  private record Answer(int status, byte[] body) {}

  private Answer exchange(
      String method, String path, String token, String contentType, byte[] body, long waitMs) {
    return exchange(method, path, token, contentType, body, waitMs, null);
  }

  private Answer exchange(
      String method,
      String path,
      String token,
      String contentType,
      byte[] body,
      long waitMs,
      String evidence) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", JSON + ", application/octet-stream");
    headers.put("Accept-Encoding", "gzip");
    if (token != null) {
      headers.put("Authorization", "Bearer " + token);
    }
    if (evidence != null) {
      headers.put(ATTESTATION_HEADER, evidence);
    }
    if (body != null) {
      headers.put("Content-Type", contentType);
    }
    HttpTransport.Response res;
    try {
      res =
          http.send(
              new HttpTransport.Request(
                  method, base.resolve(path), headers, body, requestTimeout.plusMillis(waitMs)));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot reach the server for " + method + " " + path + ": " + e.getMessage(), e);
    }
    long[] counts = traffic.get();
    counts[0] += res.bytesSent();
    counts[1] += res.bytesReceived();
    byte[] bytes = res.body();
    if (res.contentEncoding().equalsIgnoreCase("gzip")) {
      bytes = gunzip(bytes);
    }
    if (res.status() >= 400) {
      throw new ServerException(error(res.status(), bytes));
    }
    return new Answer(res.status(), bytes);
  }

  @Override
  public Traffic takeTraffic() {
    long[] counts = traffic.get();
    Traffic t = new Traffic(counts[0], counts[1]);
    counts[0] = 0;
    counts[1] = 0;
    return t;
  }

  private static byte[] gunzip(byte[] bytes) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(bytes.length * 4);
      byte[] buffer = new byte[8192];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("the server sent a corrupt gzip body", e);
    }
  }

  private static ErrorMessage error(int status, byte[] body) {
    try {
      return Json.read(body, ErrorMessage.class);
    } catch (RuntimeException e) {
      return new ErrorMessage("http_" + status, "the server answered HTTP " + status);
    }
  }

  private <T> T json(String method, String path, String token, Object body, Class<T> type) {
    Answer a = exchange(method, path, token, JSON, body == null ? null : Json.writeBytes(body), 0);
    return type == null ? null : Json.read(a.body(), type);
  }

  /** GETs {@code path} until it is no longer {@code 202 pending}, or the round timeout passes. */
  private <T> T poll(String path, String token, Class<T> type) {
    long end = System.nanoTime() + roundTimeout.toNanos();
    String sep = path.contains("?") ? "&" : "?";
    while (true) {
      Answer a =
          exchange("GET", path + sep + "wait=" + POLL_MILLIS, token, null, null, POLL_MILLIS);
      if (a.status() != 202) {
        return Json.read(a.body(), type);
      }
      if (System.nanoTime() > end) {
        throw new ServerException(
            new ErrorMessage(
                "timeout", "the round did not move on within " + roundTimeout + ": " + path));
      }
    }
  }

  private static String device(String deviceId) {
    if (deviceId == null || !deviceId.matches("[A-Za-z0-9._:-]{1,64}")) {
      throw new IllegalArgumentException("deviceId must be a device id, was " + deviceId);
    }
    return "v1/devices/" + deviceId;
  }

  // ------------------------------------------------------------------ endpoints

  @Override
  public RegistrationResponse register(RegistrationRequest request) {
    String evidence = attestation == null ? null : attestation.apply(request);
    Answer a = exchange("POST", "v1/devices", null, JSON, Json.writeBytes(request), 0, evidence);
    return Json.read(a.body(), RegistrationResponse.class);
  }

  @Override
  public void consent(String token, ConsentUpdate update) {
    json("POST", device(update.deviceId()) + "/consent", token, update, null);
  }

  @Override
  public void delete(String token, DeletionRequest request) {
    exchange("DELETE", device(request.deviceId()), token, null, null, 0);
  }

  @Override
  public void report(String token, LdpReport report) {
    json("POST", device(report.deviceId()) + "/reports", token, report, null);
  }

  @Override
  public void evaluation(String token, LocalEvaluation evaluation) {
    json("POST", device(evaluation.deviceId()) + "/evaluations", token, evaluation, null);
  }

  @Override
  public CheckInResponse checkIn(String token, CheckIn checkIn) {
    return json(
        "POST",
        device(checkIn.deviceId()) + "/check-in?wait=" + POLL_MILLIS,
        token,
        checkIn,
        CheckInResponse.class);
  }

  @Override
  public SecAggSession session(String token, String deviceId, long round) {
    return poll(device(deviceId) + "/rounds/" + round + "/session", token, SecAggSession.class);
  }

  @Override
  public RoundLink round(String token, String deviceId, long round) {
    String p = device(deviceId) + "/rounds/" + round;
    return new RoundLink() {
      @Override
      public void advertise(KeyAdvert keys) {
        json("POST", p + "/keys", token, keys, null);
      }

      @Override
      public NeighbourKeyList neighbours() {
        return poll(p + "/neighbours", token, NeighbourKeyList.class);
      }

      @Override
      public void shares(ShareBundle shares) {
        json("POST", p + "/shares", token, shares, null);
      }

      @Override
      public ShareBundle routedShares() {
        return poll(p + "/shares", token, ShareBundle.class);
      }

      @Override
      public void maskedInput(byte[] frame) {
        exchange("POST", p + "/masked-input", token, "application/octet-stream", frame, 0);
      }

      @Override
      public UnmaskQuery unmaskQuery() {
        return poll(p + "/unmask", token, UnmaskQuery.class);
      }

      @Override
      public void unmask(UnmaskAnswer answer) {
        json("POST", p + "/unmask", token, answer, null);
      }
    };
  }

  @Override
  public List<AnalyticsQuery> analyticsQueries(String token) {
    return json("GET", "v1/analytics/queries", token, null, AnalyticsQueryList.class).queries();
  }

  @Override
  public ModelMetadata modelMetadata(String token, long version) {
    String which = version == -1 ? "latest" : Long.toString(version);
    return json("GET", "v1/models/" + which + "/metadata", token, null, ModelMetadata.class);
  }

  @Override
  public byte[] modelFactors(String token, long version) {
    return exchange("GET", "v1/models/" + version, token, null, null, 0).body();
  }

  @Override
  public List<CatalogueItem> catalogue(String token, long version) {
    Answer a = exchange("GET", "v1/models/" + version + "/catalogue", token, null, null, 0);
    try {
      JsonNode items = MAPPER.readTree(a.body()).path("items");
      if (!items.isArray()) {
        throw new ServerException(
            new ErrorMessage("invalid_response", "the catalogue answer has no items list"));
      }
      List<CatalogueItem> out = new ArrayList<>(items.size());
      for (JsonNode n : items) {
        out.add(MAPPER.treeToValue(n, CatalogueItem.class));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("the catalogue answer is not JSON", e);
    }
  }

  @Override
  public String toString() {
    return "HttpServerConnection[" + base + "]";
  }
}
