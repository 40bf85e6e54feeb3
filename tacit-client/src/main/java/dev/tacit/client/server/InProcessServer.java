package dev.tacit.client.server;

import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.server.FederatedServer;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckIn;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.DeletionRequest;
import dev.tacit.protocol.ErrorMessage;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.LdpReport;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.Protocol;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.RoundAssignment;
import dev.tacit.protocol.TensorFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A server in the same process, over a {@link FederatedServer}, that records every request and
 * every byte it receives (for tests that check what leaves a device) and runs rounds of a fixed
 * cohort size: the first devices to check in are assigned, and when all of them have uploaded, the
 * sum of their updates (masking cancels in the sum, so the in-process transport sends the encoded
 * vectors) finishes the round. Thread-safe.
 */
public final class InProcessServer implements ServerConnection {
  /**
   * One request as received.
   *
   * @param endpoint the method and path
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
  private final int cohortSize;
  private final RandomSource random;
  private final List<Request> requests = new ArrayList<>();
  private final Map<String, String> deviceByToken = new HashMap<>();
  private final List<ConsentUpdate> consentLedger = new ArrayList<>();
  private final List<DeletionRequest> deletions = new ArrayList<>();
  private final List<LdpReport> reports = new ArrayList<>();
  private RoundPlan open;
  private final Set<String> assigned = new HashSet<>();
  private final Set<String> uploaded = new HashSet<>();
  private long[] sum;
  private byte[] cachedFrame;
  private long cachedVersion = -1;

  private InProcessServer(
      FederatedServer server, List<CatalogueItem> catalogue, int cohortSize, RandomSource random) {
    this.server = server;
    this.catalogue = List.copyOf(catalogue);
    this.cohortSize = cohortSize;
    this.random = random;
  }

  /**
   * A server over {@code server} with the given catalogue (one item per model row).
   *
   * @throws IllegalArgumentException if the catalogue does not match the model or the cohort size
   *     is below 1
   */
  public static InProcessServer create(
      FederatedServer server, List<CatalogueItem> catalogue, int cohortSize, RandomSource random) {
    if (catalogue.size() != server.model().numItems()) {
      throw new IllegalArgumentException(
          "the catalogue must have one item per model row ("
              + server.model().numItems()
              + "), had "
              + catalogue.size());
    }
    if (cohortSize < 1) {
      throw new IllegalArgumentException("cohortSize must be >= 1, was " + cohortSize);
    }
    return new InProcessServer(server, catalogue, cohortSize, random);
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

  /** The local-DP reports received. */
  public synchronized List<LdpReport> reports() {
    return List.copyOf(reports);
  }

  /** Whether a device id is registered. */
  public synchronized boolean isRegistered(String deviceId) {
    return deviceByToken.containsValue(deviceId);
  }

  /** The federated server. */
  public FederatedServer federated() {
    return server;
  }

  private void record(String endpoint, String token, byte[] body) {
    requests.add(new Request(endpoint, token, body));
  }

  private String authenticate(String token) {
    String device = token == null ? null : deviceByToken.get(token);
    if (device == null) {
      throw new ServerException(new ErrorMessage("unauthorized", "unknown device token"));
    }
    return device;
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
    String id = "dev-" + Long.toHexString(random.nextLong() >>> 1);
    String token = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    deviceByToken.put(token, id);
    return new RegistrationResponse(id, token);
  }

  @Override
  public synchronized CheckInResponse checkIn(String token, CheckIn checkIn) {
    record("POST /v1/check-in", token, Json.writeBytes(checkIn));
    String device = authenticate(token);
    if (!device.equals(checkIn.deviceId())) {
      throw new ServerException(new ErrorMessage("forbidden", "the token is another device's"));
    }
    if (open == null) {
      open = server.planRound(cohortSize);
      sum = new long[open.dimension()];
      assigned.clear();
      uploaded.clear();
    }
    if (!assigned.contains(device) && assigned.size() >= cohortSize) {
      return CheckInResponse.retryAfter(60);
    }
    assigned.add(device);
    RoundPlan p = open;
    return CheckInResponse.assigned(
        new RoundAssignment(
            p.round(),
            p.modelVersion(),
            p.dimension(),
            p.clipNorm(),
            p.scale(),
            p.modulusBits(),
            p.deviceNoiseSigma(),
            p.serverNoiseSigma(),
            p.sensitivity(),
            p.noiseMultiplier(),
            p.cohortSize(),
            p.minSurvivors(),
            p.expectedCohort()));
  }

  private ModelSnapshot requireVersion(long version) {
    ModelSnapshot m = server.model();
    if (m.version() != version) {
      throw new ServerException(
          new ErrorMessage(
              "not_found", "model version " + version + " is not served, " + m.version() + " is"));
    }
    return m;
  }

  private byte[] frame(ModelSnapshot m) {
    if (cachedVersion != m.version()) {
      cachedFrame =
          TensorFrame.ofFloats(new int[] {m.numItems(), m.factors()}, m.itemFactors()).encode();
      cachedVersion = m.version();
    }
    return cachedFrame;
  }

  @Override
  public synchronized ModelMetadata modelMetadata(String token, long version) {
    String path = "GET /v1/models/" + version;
    record(path, token, path.getBytes(StandardCharsets.UTF_8));
    authenticate(token);
    ModelSnapshot m = requireVersion(version);
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
  public synchronized byte[] modelFactors(String token, long version) {
    String path = "GET /v1/models/" + version + "/factors";
    record(path, token, path.getBytes(StandardCharsets.UTF_8));
    authenticate(token);
    return frame(requireVersion(version)).clone();
  }

  @Override
  public synchronized List<CatalogueItem> catalogue(String token, long version) {
    String path = "GET /v1/models/" + version + "/catalogue";
    record(path, token, path.getBytes(StandardCharsets.UTF_8));
    authenticate(token);
    requireVersion(version);
    return catalogue;
  }

  @Override
  public synchronized void upload(String token, String deviceId, long round, byte[] frame) {
    record("POST /v1/rounds/" + round + "/updates", token, frame);
    String device = authenticate(token);
    if (!device.equals(deviceId) || open == null || open.round() != round) {
      throw new ServerException(new ErrorMessage("conflict", "no open round " + round));
    }
    if (!assigned.contains(device) || !uploaded.add(device)) {
      throw new ServerException(
          new ErrorMessage("conflict", "device is not assigned, or already uploaded"));
    }
    long[] values = TensorFrame.decode(frame).longs();
    if (values.length != open.dimension()) {
      throw new ServerException(
          new ErrorMessage(
              "invalid_request", "the update must have " + open.dimension() + " values"));
    }
    long mask = open.mask();
    for (int i = 0; i < values.length; i++) {
      sum[i] = (sum[i] + values[i]) & mask;
    }
    if (uploaded.size() == cohortSize) {
      server.finishRound(open, sum, uploaded.size(), random);
      open = null;
    }
  }

  @Override
  public synchronized void consent(String token, ConsentUpdate update) {
    record("POST /v1/consent", token, Json.writeBytes(update));
    authenticate(token);
    consentLedger.add(update);
  }

  @Override
  public synchronized void delete(String token, DeletionRequest request) {
    record("POST /v1/deletions", token, Json.writeBytes(request));
    String device = authenticate(token);
    deletions.add(request);
    deviceByToken.values().remove(device);
  }

  @Override
  public synchronized void report(String token, LdpReport report) {
    record("POST /v1/reports", token, Json.writeBytes(report));
    authenticate(token);
    reports.add(report);
  }
}
