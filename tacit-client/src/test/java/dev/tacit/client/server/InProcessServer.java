package dev.tacit.client.server;

import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.round.RoundException;
import dev.tacit.federated.server.FederatedServer;
import dev.tacit.federated.server.ReleaseGate;
import dev.tacit.federated.server.round.CheckInDecision;
import dev.tacit.federated.server.round.ConsentCheck;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.federated.server.round.RoundSession;
import dev.tacit.federated.server.round.SessionStatus;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.AnalyticsQuery;
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
import dev.tacit.protocol.Protocol;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.SecAggSession;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.protocol.UnmaskAnswer;
import dev.tacit.protocol.UnmaskQuery;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A server in the same process, for tests of the SDK: it records every request and every byte it
 * receives (to check what leaves a device), and runs real SecAgg+ rounds through the same {@link
 * RoundSession} as {@code tacit-server}, so a round needs at least three devices, each
 * participating from its own thread. A check-in waits until recruiting closes; the phase getters
 * wait until their phase has closed, and also drive its deadline. Thread-safe.
 */
public final class InProcessServer implements ServerConnection {
  /**
   * One request as received.
   *
   * @param endpoint the method and path template
   * @param token the bearer token, or null
   * @param body the bytes of the body (for a GET, the bytes of its path)
   */
  public record Request(String endpoint, String token, byte[] body) {
    /** Copies the body. */
    public Request {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  private final FederatedServer server;
  private final List<CatalogueItem> catalogue;
  private final RoundRules rules;
  private final RandomSource random;
  private final SecureRandom secureRandom;
  private final List<Request> requests = new ArrayList<>();
  private final ThreadLocal<long[]> sent = ThreadLocal.withInitial(() -> new long[1]);
  private final Map<String, String> deviceByToken = new HashMap<>();
  private final List<ConsentUpdate> consentLedger = new ArrayList<>();
  private final List<DeletionRequest> deletions = new ArrayList<>();
  private final List<LdpReport> reports = new ArrayList<>();
  private final List<AnalyticsQuery> queries = new ArrayList<>();
  private final List<LocalEvaluation> evaluations = new ArrayList<>();
  private final Map<Long, RoundSession> sessions = new HashMap<>();
  private RoundSession current;
  private long lastRound;
  private byte[] cachedFrame;
  private long cachedVersion = -1;

  private InProcessServer(
      FederatedServer server,
      List<CatalogueItem> catalogue,
      RoundRules rules,
      RandomSource random) {
    this.server = server;
    this.catalogue = List.copyOf(catalogue);
    this.rules = rules;
    this.random = random;
    this.secureRandom = new SecureRandom();
  }

  /**
   * A server over {@code server} with the given catalogue (one item per model row) and round rules.
   *
   * @throws IllegalArgumentException if the catalogue does not match the model
   */
  public static InProcessServer create(
      FederatedServer server,
      List<CatalogueItem> catalogue,
      RoundRules rules,
      RandomSource random) {
    if (catalogue.size() != server.model().numItems()) {
      throw new IllegalArgumentException(
          "the catalogue must have one item per model row ("
              + server.model().numItems()
              + "), had "
              + catalogue.size());
    }
    return new InProcessServer(server, catalogue, rules, random);
  }

  /** What the calling thread sent: the bodies this server recorded (it has no wire). */
  @Override
  public Traffic takeTraffic() {
    long[] count = sent.get();
    Traffic t = new Traffic(count[0], 0);
    count[0] = 0;
    return t;
  }

  /** Every request received, oldest first. */
  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The consent ledger. */
  public synchronized List<ConsentUpdate> consentLedger() {
    return List.copyOf(consentLedger);
  }

  /** The deletion requests received. */
  public synchronized List<DeletionRequest> deletions() {
    return List.copyOf(deletions);
  }

  /** Opens an analytics query, which {@link #analyticsQueries} lists from now on. */
  public synchronized void openQuery(AnalyticsQuery query) {
    queries.add(query);
  }

  /** The local-DP reports received. */
  public synchronized List<LdpReport> reports() {
    return List.copyOf(reports);
  }

  /** The federated-evaluation reports received. */
  public synchronized List<LocalEvaluation> evaluations() {
    return List.copyOf(evaluations);
  }

  /** Whether a device id is registered. */
  public synchronized boolean isRegistered(String deviceId) {
    return deviceByToken.containsValue(deviceId);
  }

  /** The federated server. */
  public FederatedServer federated() {
    return server;
  }

  /** The session of a round, or null. */
  public synchronized RoundSession session(long round) {
    return sessions.get(round);
  }

  private synchronized void record(String endpoint, String token, byte[] body) {
    requests.add(new Request(endpoint, token, body));
    sent.get()[0] += body.length;
  }

  private synchronized String authenticate(String token) {
    String device = token == null ? null : deviceByToken.get(token);
    if (device == null) {
      throw new ServerException(new ErrorMessage("unauthorized", "unknown device token"));
    }
    return device;
  }

  private static byte[] path(String p) {
    return p.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public synchronized RegistrationResponse register(RegistrationRequest request) {
    record("POST /v1/devices", null, Json.writeBytes(request));
    if (request.protocolVersion() != Protocol.VERSION) {
      throw new ServerException(
          new ErrorMessage(
              "unsupported_version",
              "protocol version " + request.protocolVersion() + " is not supported"));
    }
    String id = "d-" + Long.toHexString(random.nextLong() >>> 1);
    String token = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    deviceByToken.put(token, id);
    return new RegistrationResponse(id, token);
  }

  @Override
  public void consent(String token, ConsentUpdate update) {
    record("POST /v1/devices/{id}/consent", token, Json.writeBytes(update));
    authenticate(token);
    RoundSession s;
    synchronized (this) {
      consentLedger.add(update);
      s = current;
    }
    if (s != null && !update.granted() && update.purpose() == Purpose.TRAINING) {
      s.withdraw(update.deviceId()); // as tacit-server does: a dropout from now on
    }
  }

  @Override
  public void delete(String token, DeletionRequest request) {
    record("DELETE /v1/devices/{id}", token, Json.writeBytes(request));
    String device = authenticate(token);
    synchronized (this) {
      deletions.add(request);
      deviceByToken.values().remove(device);
    }
  }

  @Override
  public List<AnalyticsQuery> analyticsQueries(String token) {
    record("GET /v1/analytics/queries", token, new byte[0]);
    synchronized (this) {
      return List.copyOf(queries);
    }
  }

  @Override
  public void report(String token, LdpReport report) {
    record("POST /v1/devices/{id}/reports", token, Json.writeBytes(report));
    authenticate(token);
    synchronized (this) {
      reports.add(report);
    }
  }

  @Override
  public void evaluation(String token, LocalEvaluation evaluation) {
    record("POST /v1/devices/{id}/evaluations", token, Json.writeBytes(evaluation));
    authenticate(token);
    synchronized (this) {
      evaluations.add(evaluation);
    }
  }

  @Override
  public CheckInResponse checkIn(String token, CheckIn checkIn) {
    record("POST /v1/devices/{id}/check-in", token, Json.writeBytes(checkIn));
    String device = authenticate(token);
    if (!device.equals(checkIn.deviceId())) {
      throw new ServerException(new ErrorMessage("forbidden", "the token is another device's"));
    }
    RoundSession s;
    synchronized (this) {
      if (current == null || current.status().isOver()) {
        lastRound++;
        current =
            RoundSession.open(
                lastRound,
                server,
                rules,
                secureRandom,
                random,
                System::nanoTime,
                () -> Integer.MAX_VALUE,
                x -> {},
                ReleaseGate.none(),
                ConsentCheck.none());
        sessions.put(lastRound, current);
      }
      s = current;
    }
    CheckInDecision d = s.checkIn(device);
    if (d != CheckInDecision.SELECTED) {
      return CheckInResponse.retryAfter(60);
    }
    SessionStatus status = await(s, SessionStatus.RECRUITING);
    if (status == SessionStatus.RECRUITING || status == SessionStatus.ABORTED) {
      return CheckInResponse.retryAfter(1);
    }
    return CheckInResponse.assigned(dev.tacit.federated.round.PlanWire.assignment(s.plan()));
  }

  /** Waits for the round to pass {@code phase}, driving its deadlines meanwhile. */
  private SessionStatus await(RoundSession s, SessionStatus phase) {
    long end =
        System.nanoTime()
            + rules.recruitWindow().toNanos()
            + 4 * rules.phaseTimeout().toNanos()
            + 5_000_000_000L;
    try {
      while (System.nanoTime() < end) {
        s.tick();
        SessionStatus st = s.awaitPast(phase, 20);
        if (st.ordinal() > phase.ordinal() || st.isOver()) {
          return st;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for round " + s.round(), e);
    }
    return s.status();
  }

  private static <T> T call(Supplier<T> work) {
    try {
      return work.get();
    } catch (RoundException e) {
      String code =
          e.kind() == RoundException.Kind.WITHDRAWN
              ? "consent_required" // as tacit-server answers
              : e.kind().name().toLowerCase(java.util.Locale.ROOT);
      throw new ServerException(new ErrorMessage(code, e.getMessage()));
    }
  }

  private synchronized RoundSession known(long round) {
    RoundSession s = sessions.get(round);
    if (s == null) {
      throw new ServerException(new ErrorMessage("wrong_phase", "no round " + round));
    }
    return s;
  }

  @Override
  public SecAggSession session(String token, String deviceId, long round) {
    String p = "GET /v1/devices/{id}/rounds/{round}/session";
    record(p, token, path(p));
    authenticate(token);
    RoundSession s = known(round);
    await(s, SessionStatus.RECRUITING);
    return call(() -> s.session(deviceId));
  }

  @Override
  public RoundLink round(String token, String deviceId, long round) {
    RoundSession s = known(round);
    String base = "/v1/devices/{id}/rounds/{round}";
    return new RoundLink() {
      @Override
      public void advertise(KeyAdvert keys) {
        record("POST " + base + "/keys", token, Json.writeBytes(keys));
        authenticate(token);
        call(
            () -> {
              s.advertise(deviceId, keys);
              return null;
            });
      }

      @Override
      public NeighbourKeyList neighbours() {
        String p = "GET " + base + "/neighbours";
        record(p, token, path(p));
        authenticate(token);
        await(s, SessionStatus.ADVERTISING);
        return call(() -> s.neighbours(deviceId));
      }

      @Override
      public void shares(ShareBundle shares) {
        record("POST " + base + "/shares", token, Json.writeBytes(shares));
        authenticate(token);
        call(
            () -> {
              s.shares(deviceId, shares);
              return null;
            });
      }

      @Override
      public ShareBundle routedShares() {
        String p = "GET " + base + "/shares";
        record(p, token, path(p));
        authenticate(token);
        await(s, SessionStatus.SHARING);
        return call(() -> s.routedShares(deviceId));
      }

      @Override
      public void maskedInput(byte[] frame) {
        record("POST " + base + "/masked-input", token, frame);
        authenticate(token);
        call(
            () -> {
              s.maskedInput(deviceId, frame);
              return null;
            });
      }

      @Override
      public UnmaskQuery unmaskQuery() {
        String p = "GET " + base + "/unmask";
        record(p, token, path(p));
        authenticate(token);
        await(s, SessionStatus.MASKING);
        return call(() -> s.unmaskQuery(deviceId));
      }

      @Override
      public void unmask(UnmaskAnswer answer) {
        record("POST " + base + "/unmask", token, Json.writeBytes(answer));
        authenticate(token);
        call(
            () -> {
              s.unmask(deviceId, answer);
              return null;
            });
      }
    };
  }

  private synchronized ModelSnapshot requireVersion(long version) {
    ModelSnapshot m = server.model();
    if (m.version() != version) {
      throw new ServerException(
          new ErrorMessage(
              "not_found", "model version " + version + " is not served, " + m.version() + " is"));
    }
    return m;
  }

  private synchronized byte[] frame(ModelSnapshot m) {
    if (cachedVersion != m.version()) {
      cachedFrame =
          TensorFrame.ofFloats(new int[] {m.numItems(), m.factors()}, m.itemFactors()).encode();
      cachedVersion = m.version();
    }
    return cachedFrame;
  }

  @Override
  public ModelMetadata modelMetadata(String token, long version) {
    String p = "GET /v1/models/{version}/metadata";
    record(p, token, path(p));
    authenticate(token);
    ModelSnapshot m = version == -1 ? server.model() : requireVersion(version);
    byte[] f = frame(m);
    return new ModelMetadata(
        m.version(),
        m.numItems(),
        m.factors(),
        m.alpha(),
        m.lambda(),
        f.length,
        TensorFrame.crcOf(f));
  }

  @Override
  public byte[] modelFactors(String token, long version) {
    String p = "GET /v1/models/{version}";
    record(p, token, path(p));
    authenticate(token);
    return frame(requireVersion(version)).clone();
  }

  @Override
  public List<CatalogueItem> catalogue(String token, long version) {
    String p = "GET /v1/models/{version}/catalogue";
    record(p, token, path(p));
    authenticate(token);
    requireVersion(version);
    return catalogue;
  }
}
