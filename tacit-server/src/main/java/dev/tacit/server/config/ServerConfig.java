package dev.tacit.server.config;

import static dev.tacit.check.Preconditions.checkArgument;

import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.participant.ParticipantBudget;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.attestation.RegistrationAttestation;
import dev.tacit.server.security.Secret;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The running configuration of a {@link TacitServer}; the privacy notice is generated from it.
 *
 * @param host the address to bind
 * @param port the port, 0 for a random free one
 * @param dataDir where the SQLite file, the admin token and generated keys live
 * @param databaseUrl the JDBC URL; {@code null} for {@code jdbc:sqlite:<dataDir>/tacit.db}
 * @param budgets the (ε, δ) budget of each purpose that spends privacy
 * @param adminToken the admin token; {@code null} to generate one at start
 * @param policyVersion the version of the privacy policy the server serves
 * @param tls how to serve TLS
 * @param rateLimit the per-device request limit
 * @param maxBodyBytes the largest request body accepted
 * @param clock the server's clock
 * @param random the source of ids and tokens
 * @param simulationReport a simulation or evaluation report to load at start for the dashboard's
 *     fairness audit, or {@code null}
 * @param fairnessGapThreshold the per-group NDCG@10 gap above which the dashboard warns
 * @param publicMetrics whether {@code /metrics} answers without the admin token (default false)
 * @param registrationLimit the registrations one source address (IPv4 address, IPv6 /64) may make
 * @param attestation the check a registering device must pass ({@link
 *     RegistrationAttestation#none()} by default)
 * @param deviceEpsilon the ε each device may reach against the server (the releases it was counted
 *     in, composed without amplification by sampling, at the training budget's δ): a device whose
 *     next round would take it past this is not admitted to the round; {@code +∞} for no limit
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    String databaseUrl,
    Map<Purpose, PrivacyBudget> budgets,
    Secret adminToken,
    String policyVersion,
    TlsConfig tls,
    RateLimit rateLimit,
    long maxBodyBytes,
    Clock clock,
    SecureRandom random,
    Path simulationReport,
    double fairnessGapThreshold,
    boolean publicMetrics,
    RateLimit registrationLimit,
    RegistrationAttestation attestation,
    double deviceEpsilon) {

  /**
   * The default per-device ε against the server, as a multiple of the training budget's ε: twice.
   * The training ε is amplified by sampling and holds against those who see only the published
   * models; a device sampled into its expected share of the rounds (q times the rounds the budget
   * pays for) reaches 1.3 to 1.4 times it against the server (10.3 for 2 rounds at the server's
   * defaults, q = 0.1 and 20 rounds for ε = 8; 10.9 for 4 rounds of the demo's 20 at q = 0.2).
   * Twice admits about twice that share (4 rounds at the defaults, 7 in the demo), and refuses the
   * devices the sampler picks far more often than the rest, whose ε would otherwise grow without
   * bound while the amplified ε stays put.
   */
  public static final double DEFAULT_DEVICE_EPSILON_FACTOR = 2.0;

  /** The default data directory, relative to the working directory. */
  public static final Path DEFAULT_DATA_DIR = Path.of("tacit-data");

  /** Validates the configuration. */
  public ServerConfig {
    Objects.requireNonNull(host, "host");
    checkArgument(port >= 0 && port <= 65535, "port must be in [0, 65535], was %s", port);
    Objects.requireNonNull(dataDir, "dataDir");
    budgets = Map.copyOf(Objects.requireNonNull(budgets, "budgets"));
    Objects.requireNonNull(policyVersion, "policyVersion");
    if (!policyVersion.matches("[A-Za-z0-9._:-]{1,32}")) {
      throw new IllegalArgumentException(
          "policyVersion must be 1 to 32 characters of [A-Za-z0-9._:-], was \""
              + policyVersion
              + "\"");
    }
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(rateLimit, "rateLimit");
    Objects.requireNonNull(registrationLimit, "registrationLimit");
    Objects.requireNonNull(attestation, "attestation");
    checkArgument(maxBodyBytes >= 1024, "maxBodyBytes must be >= 1024, was %s", maxBodyBytes);
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(random, "random");
    checkArgument(
        fairnessGapThreshold >= 0 && Double.isFinite(fairnessGapThreshold),
        "fairnessGapThreshold must be >= 0 and finite, was %s",
        fairnessGapThreshold);
    checkArgument(
        deviceEpsilon > 0,
        "deviceEpsilon must be > 0 (or infinite for no limit), was %s",
        deviceEpsilon);
    checkArgument(
        budgets.containsKey(Purpose.TRAINING), "budgets must include training, were %s", budgets);
    checkArgument(
        budgets.keySet().stream().allMatch(Purpose::budgeted),
        "budgets must not include personalization (its data never leaves the device), were %s",
        budgets);
  }

  /**
   * The budget of each device against the server: {@link #deviceEpsilon} at the training budget's
   * δ.
   */
  public ParticipantBudget deviceBudget() {
    return new ParticipantBudget(deviceEpsilon, budgets.get(Purpose.TRAINING).delta());
  }

  /** The JDBC URL in use: the configured one, or the SQLite file in the data directory. */
  public String effectiveDatabaseUrl() {
    return databaseUrl != null
        ? databaseUrl
        : "jdbc:sqlite:" + dataDir.resolve("tacit.db").toAbsolutePath();
  }

  @Override
  public String toString() {
    return "ServerConfig[host="
        + host
        + ", port="
        + port
        + ", dataDir="
        + dataDir
        + ", database="
        + redact(effectiveDatabaseUrl())
        + ", budgets="
        + budgets
        + ", deviceEpsilon="
        + deviceEpsilon
        + ", policyVersion="
        + policyVersion
        + ", tls="
        + tls
        + ", rateLimit="
        + rateLimit
        + ", publicMetrics="
        + publicMetrics
        + ", registrationLimit="
        + registrationLimit
        + ", attestation="
        + attestation.name()
        + "]";
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)password=[^&]*", "password=***");
  }

  /** A builder with the embedded defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A token bucket per key (a device, or a source address): {@code capacity} requests at once,
   * refilled at {@code perSecond}.
   *
   * @param capacity the burst size, >= 1
   * @param perSecond the refill rate, > 0 and finite
   */
  public record RateLimit(int capacity, double perSecond) {
    /** Validates the values. */
    public RateLimit {
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
      }
      if (!(perSecond > 0) || !Double.isFinite(perSecond)) {
        throw new IllegalArgumentException("perSecond must be > 0 and finite, was " + perSecond);
      }
    }
  }

  /**
   * How the server serves TLS.
   *
   * @param mode none, a keystore file, or a generated self-signed certificate
   * @param keystore the PKCS#12 keystore for {@link Mode#KEYSTORE}
   * @param password the keystore password for {@link Mode#KEYSTORE}; never printed
   */
  public record TlsConfig(Mode mode, Path keystore, String password) {
    /** The TLS modes. */
    public enum Mode {
      /** Plain HTTP. */
      NONE,
      /** A keystore given by the operator. */
      KEYSTORE,
      /** A self-signed certificate generated at start, for development. */
      SELF_SIGNED
    }

    /** Validates the values. */
    public TlsConfig {
      Objects.requireNonNull(mode, "mode");
      checkArgument(
          !(mode == Mode.KEYSTORE && (keystore == null || password == null)),
          "a keystore and its password are needed for TLS");
    }

    /** Plain HTTP. */
    public static TlsConfig none() {
      return new TlsConfig(Mode.NONE, null, null);
    }

    /** TLS from a PKCS#12 keystore. */
    public static TlsConfig keystore(Path keystore, String password) {
      return new TlsConfig(Mode.KEYSTORE, keystore, password);
    }

    /** TLS with a self-signed certificate generated at start. */
    public static TlsConfig selfSigned() {
      return new TlsConfig(Mode.SELF_SIGNED, null, null);
    }

    @Override
    public String toString() {
      return "TlsConfig[mode=" + mode + (keystore == null ? "" : ", keystore=" + keystore) + "]";
    }
  }

  /** Builds a {@link ServerConfig}; each setting may be given once. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 8080;
    private Path dataDir = DEFAULT_DATA_DIR;
    private String databaseUrl;
    private Map<Purpose, PrivacyBudget> budgets = defaultBudgets();
    private Double deviceEpsilon;
    private Secret adminToken;
    private String policyVersion = "1";
    private TlsConfig tls = TlsConfig.none();
    private RateLimit rateLimit = new RateLimit(120, 20);
    private long maxBodyBytes = 1 << 20;
    private Clock clock = Clock.systemUTC();
    private SecureRandom random;
    private Path simulationReport;
    private double fairnessGapThreshold = 0.05;
    private boolean publicMetrics;
    private RateLimit registrationLimit = new RateLimit(60, 1);
    private RegistrationAttestation attestation = RegistrationAttestation.none();
    private final java.util.Set<String> given = new java.util.HashSet<>();

    private Builder() {}

    private void once(String setting) {
      if (!given.add(setting)) {
        throw new IllegalStateException(setting + " was already set");
      }
    }

    /** The bind address (default 0.0.0.0). */
    public Builder host(String host) {
      once("host");
      this.host = host;
      return this;
    }

    /** The port (default 8080; 0 for a random free port). */
    public Builder port(int port) {
      once("port");
      this.port = port;
      return this;
    }

    /** The data directory (default {@code ./tacit-data}). */
    public Builder dataDir(Path dataDir) {
      once("dataDir");
      this.dataDir = dataDir;
      return this;
    }

    /** The JDBC URL (default: SQLite in the data directory). */
    public Builder databaseUrl(String databaseUrl) {
      once("databaseUrl");
      this.databaseUrl = databaseUrl;
      return this;
    }

    /** The privacy budgets per purpose. */
    public Builder budgets(Map<Purpose, PrivacyBudget> budgets) {
      once("budgets");
      this.budgets = budgets;
      return this;
    }

    /** The admin token (default: generated at start and written to the data directory). */
    public Builder adminToken(Secret adminToken) {
      once("adminToken");
      this.adminToken = adminToken;
      return this;
    }

    /** The privacy policy version (default 1). */
    public Builder policyVersion(String policyVersion) {
      once("policyVersion");
      this.policyVersion = policyVersion;
      return this;
    }

    /** TLS (default none). */
    public Builder tls(TlsConfig tls) {
      once("tls");
      this.tls = tls;
      return this;
    }

    /** The per-device rate limit (default 120 at once, 20 per second). */
    public Builder rateLimit(RateLimit rateLimit) {
      once("rateLimit");
      this.rateLimit = rateLimit;
      return this;
    }

    /** The largest request body (default 1 MiB). */
    public Builder maxBodyBytes(long maxBodyBytes) {
      once("maxBodyBytes");
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** The clock (default UTC system clock). */
    public Builder clock(Clock clock) {
      once("clock");
      this.clock = clock;
      return this;
    }

    /** The random source (default a new {@link SecureRandom}). */
    public Builder random(SecureRandom random) {
      once("random");
      this.random = random;
      return this;
    }

    /** A simulation or evaluation report to load at start for the fairness audit (default none). */
    public Builder simulationReport(Path simulationReport) {
      once("simulationReport");
      this.simulationReport = simulationReport;
      return this;
    }

    /** The NDCG@10 gap between groups above which the dashboard warns (default 0.05). */
    public Builder fairnessGapThreshold(double fairnessGapThreshold) {
      once("fairnessGapThreshold");
      this.fairnessGapThreshold = fairnessGapThreshold;
      return this;
    }

    /**
     * Whether {@code /metrics} answers without the admin token (default false: it needs it), for a
     * scraper that cannot send one on a network the operator trusts.
     */
    public Builder publicMetrics(boolean publicMetrics) {
      once("publicMetrics");
      this.publicMetrics = publicMetrics;
      return this;
    }

    /**
     * The registrations one source address (IPv4 address, or IPv6 /64) may make (default 60 at
     * once, then one per second).
     */
    public Builder registrationLimit(RateLimit registrationLimit) {
      once("registrationLimit");
      this.registrationLimit = registrationLimit;
      return this;
    }

    /**
     * The check a registering device must pass (default {@link RegistrationAttestation#none()}).
     */
    public Builder attestation(RegistrationAttestation attestation) {
      once("attestation");
      this.attestation = attestation;
      return this;
    }

    /**
     * The ε each device may reach against the server (default {@value
     * ServerConfig#DEFAULT_DEVICE_EPSILON_FACTOR} times the training budget's ε; {@code
     * Double.POSITIVE_INFINITY} for no limit).
     */
    public Builder deviceEpsilon(double deviceEpsilon) {
      once("deviceEpsilon");
      this.deviceEpsilon = deviceEpsilon;
      return this;
    }

    /** The validated configuration. */
    public ServerConfig build() {
      PrivacyBudget training = budgets == null ? null : budgets.get(Purpose.TRAINING);
      return new ServerConfig(
          host,
          port,
          dataDir,
          databaseUrl,
          budgets,
          adminToken,
          policyVersion,
          tls,
          rateLimit,
          maxBodyBytes,
          clock,
          random != null ? random : new SecureRandom(),
          simulationReport,
          fairnessGapThreshold,
          publicMetrics,
          registrationLimit,
          attestation,
          deviceEpsilon == null && training != null
              ? DEFAULT_DEVICE_EPSILON_FACTOR * training.epsilon()
              : deviceEpsilon == null ? Double.NaN : deviceEpsilon);
    }
  }

  /** ε = 8 for training, 4 for evaluation, 2 for analytics, each at δ = 1e-6. */
  public static Map<Purpose, PrivacyBudget> defaultBudgets() {
    Map<Purpose, PrivacyBudget> m = new EnumMap<>(Purpose.class);
    m.put(Purpose.TRAINING, new PrivacyBudget(8.0, 1e-6));
    m.put(Purpose.EVALUATION, new PrivacyBudget(4.0, 1e-6));
    m.put(Purpose.ANALYTICS, new PrivacyBudget(2.0, 1e-6));
    return m;
  }
}
