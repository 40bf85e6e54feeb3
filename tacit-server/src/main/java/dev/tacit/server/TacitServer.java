package dev.tacit.server;

import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.analytics.AnalyticsRoutes;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.dashboard.DashboardRoutes;
import dev.tacit.server.evaluation.EvaluationRoutes;
import dev.tacit.server.explorer.ExplorerRoutes;
import dev.tacit.server.http.Api;
import dev.tacit.server.http.DeviceRoutes;
import dev.tacit.server.http.Guard;
import dev.tacit.server.http.ModelRoutes;
import dev.tacit.server.http.PrivacyNotice;
import dev.tacit.server.http.PrivacyRoutes;
import dev.tacit.server.http.Routes;
import dev.tacit.server.http.ServerContext;
import dev.tacit.server.http.Withdrawals;
import dev.tacit.server.operator.OperatorRoutes;
import dev.tacit.server.rounds.RoundRoutes;
import dev.tacit.server.rounds.RoundService;
import dev.tacit.server.rounds.TrainingSettings;
import dev.tacit.server.security.AuditKey;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.SelfSignedCertificate;
import dev.tacit.server.security.Tokens;
import dev.tacit.server.store.DeviceEpsilons;
import dev.tacit.server.store.ModelRegistry;
import dev.tacit.server.store.ServerRecords;
import dev.tacit.server.store.SqlLedgerStore;
import dev.tacit.server.store.Storage;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tacit coordinator: opens the database (migrating it), the privacy ledger and the model
 * registry, and serves the {@code /v1} API over HTTP or TLS on virtual threads.
 *
 * <pre>{@code
 * try (TacitServer server = TacitServer.create(ServerConfig.builder().port(0).build()).start()) {
 *   URI base = server.baseUri();
 * }
 * }</pre>
 */
public final class TacitServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TacitServer.class);

  private static final int ACCEPT_QUEUE = 1024;
  private static final int REQUEST_HEADER_BYTES = 24 * 1024;

  private final ServerConfig config;
  private final Object lock = new Object();
  private Storage storage;
  private ModelRegistry models;
  private SqlLedgerStore ledgerStore;
  private BudgetLedger ledger;
  private Javalin app;
  private TrainingSettings training;
  private Path auditKeyFile;

  /**
   * The audit key's file in the data directory, unless {@link #withAuditKeyFile} says otherwise.
   */
  public static final String AUDIT_KEY_FILE = "audit-key";

  private dev.tacit.server.evaluation.EvaluationSettings evaluation =
      dev.tacit.server.evaluation.EvaluationSettings.defaults();
  private RoundService rounds;
  private boolean started;
  private boolean closed;

  private TacitServer(ServerConfig config) {
    this.config = config;
  }

  /** A server with the given configuration, not yet started. */
  public static TacitServer create(ServerConfig config) {
    return new TacitServer(java.util.Objects.requireNonNull(config, "config"));
  }

  /**
   * Opens the storage and starts serving. Writes a generated admin token to {@code
   * <dataDir>/admin-token} (owner-only) when none was configured.
   *
   * @throws IllegalStateException if the server was started before
   */
  public TacitServer start() {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("the server was already started");
      }
      started = true;
      createOwnerOnly(config.dataDir());
      if (config.databaseUrl() == null) {
        createOwnerOnlyFile(config.dataDir().resolve("tacit.db"));
      }
      Path keyFile = auditKeyFile != null ? auditKeyFile : config.dataDir().resolve(AUDIT_KEY_FILE);
      AuditKey auditKey = AuditKey.loadOrCreate(keyFile, config.random());
      storage = Storage.open(config.effectiveDatabaseUrl(), config.clock(), auditKey);
      if (auditKey.created()) {
        LOG.info("audit key written to {}", keyFile);
        long keyed = storage.upgradeAudit();
        if (keyed > 0) {
          LOG.info("keyed the {} audit rows written before the audit key", keyed);
        } else if (storage.audit().head().isPresent()) {
          LOG.error(
              "the audit log was keyed with another key than the new one in {}: it will not"
                  + " verify; restore the key the log was written with",
              keyFile);
        }
      } else if (storage.audit().unkeyedRows() > 0) {
        LOG.error(
            "the audit log holds {} rows that are not keyed although its key in {} existed"
                + " before: they are left as they are, and tacit audit verify reports them",
            storage.audit().unkeyedRows(),
            keyFile);
      }
      models = new ModelRegistry(storage);
      // The budgets in force: the configured ones, or the operator's raises where larger.
      dev.tacit.server.store.OperatorStore operatorStore =
          new dev.tacit.server.store.OperatorStore(storage);
      java.util.Map<Purpose, PrivacyBudget> budgets =
          operatorStore.effectiveBudgets(config.budgets());
      ledgerStore = new SqlLedgerStore(storage, budgets);
      ledger = BudgetLedger.open(ledgerStore, budgets, config.clock());
      Secret admin = config.adminToken();
      if (admin == null) {
        admin = Tokens.newToken(config.random());
        Path file = config.dataDir().resolve("admin-token");
        writeOwnerOnly(file, admin.reveal());
        LOG.info("admin token written to {}", file);
      }
      PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      DeviceEpsilons deviceEpsilons = new DeviceEpsilons(ledgerStore, config.deviceBudget());
      ServerContext context =
          new ServerContext(
              config,
              storage,
              models,
              ledgerStore,
              ledger,
              deviceEpsilons,
              metrics,
              new Guard(config, storage, admin),
              new Withdrawals());
      if (training == null) {
        // Noise calibrated to the configured budget: a raise allows more rounds, same noise.
        PrivacyBudget b = config.budgets().get(Purpose.TRAINING);
        training = TrainingSettings.defaults(b.epsilon(), b.delta());
      }
      rounds = new RoundService(config, storage, ledger, training, metrics);
      rounds.start();
      PrivacyNotice notice =
          new PrivacyNotice(
              config,
              ledger,
              training.privacy(),
              training.rules().samplingRate(),
              deviceEpsilons,
              evaluation.description(),
              training.algorithm());
      // Route modules, one line each, in the order they are installed:
      List<Routes> modules =
          List.of(
              new DeviceRoutes(context),
              new ModelRoutes(models),
              new PrivacyRoutes(context, notice),
              new RoundRoutes(context, rounds),
              new DashboardRoutes(context, training.algorithm()),
              new AnalyticsRoutes(context),
              new EvaluationRoutes(context, evaluation),
              new OperatorRoutes(context.guard(), operatorControls(operatorStore)),
              new ExplorerRoutes(
                  context,
                  rounds.store()::catalogue,
                  training.federated().alpha(),
                  training.federated().lambda()));
      Api api = new Api(context, modules);
      SslContextFactory.Server ssl = sslContext();
      app =
          Javalin.create(
              c -> {
                api.configure(c);
                c.jetty.host = config.host();
                c.jetty.port = config.port();
                c.jetty.modifyServer(
                    server -> {
                      ServerConnector connector;
                      HttpConfiguration http = new HttpConfiguration();
                      // No "Server: Jetty(12.x)" header: the version helps only an attacker.
                      http.setSendServerVersion(false);
                      http.setSendXPoweredBy(false);
                      // Room for an attestation header (RegistrationAttestation, up to 16 KiB).
                      http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
                      if (ssl != null) {
                        HttpConfiguration https = http;
                        SecureRequestCustomizer src = new SecureRequestCustomizer();
                        src.setSniHostCheck(false);
                        https.addCustomizer(src);
                        connector =
                            new ServerConnector(
                                server,
                                new SslConnectionFactory(ssl, "http/1.1"),
                                new HttpConnectionFactory(https));
                      } else {
                        connector = new ServerConnector(server, new HttpConnectionFactory(http));
                      }
                      connector.setHost(config.host());
                      connector.setPort(config.port());
                      // Many devices connect at once at the start of a round: the default
                      // backlog of 50 overflows and their connections time out.
                      connector.setAcceptQueueSize(ACCEPT_QUEUE);
                      server.setConnectors(new Connector[] {connector});
                    });
              });
      app.start();
      storage.audit("server.started", "database=" + storage.dialect());
      LOG.info(
          "tacit server listening on {} ({} database)",
          baseUri(),
          storage.dialect().name().toLowerCase(java.util.Locale.ROOT));
      return this;
    }
  }

  /** The operator's controls, holding the rounds again if they were paused before a restart. */
  private dev.tacit.server.operator.OperatorControls operatorControls(
      dev.tacit.server.store.OperatorStore store) {
    dev.tacit.server.operator.OperatorControls controls =
        new dev.tacit.server.operator.OperatorControls(store, ledger, rounds, config.budgets());
    controls.restore();
    return controls;
  }

  private SslContextFactory.Server sslContext() {
    ServerConfig.TlsConfig tls = config.tls();
    if (tls.mode() == ServerConfig.TlsConfig.Mode.NONE) {
      return null;
    }
    Path keystore;
    String password;
    if (tls.mode() == ServerConfig.TlsConfig.Mode.SELF_SIGNED) {
      SelfSignedCertificate.Generated g =
          SelfSignedCertificate.generate(
              config.dataDir().resolve("self-signed.p12"), config.random());
      keystore = g.keystore();
      password = g.password();
      LOG.info("generated a self-signed certificate for development at {}", keystore);
    } else {
      keystore = tls.keystore();
      password = tls.password();
    }
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(keystore.toAbsolutePath().toString());
    ssl.setKeyStorePassword(password);
    ssl.setKeyStoreType("PKCS12");
    return ssl;
  }

  private static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /**
   * Creates the data directory (and missing parents) readable by the owner only (0700 on POSIX); a
   * directory that exists is left as it is.
   */
  private static void createOwnerOnly(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        return;
      }
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (posix()) {
        Files.createDirectory(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(dir);
      }
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // created meanwhile by another process: left as it is
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data directory " + dir, e);
    }
  }

  /**
   * Creates the SQLite file, empty and owner-only (0600 on POSIX), before SQLite opens it (SQLite
   * would create it with the umask's permissions; its journal and WAL files copy the file's).
   */
  private static void createOwnerOnlyFile(Path file) {
    if (Files.exists(file) || !posix()) {
      return;
    }
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      // created meanwhile by another process: left as it is
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + file, e);
    }
  }

  private static void writeOwnerOnly(Path file, String content) {
    try {
      Files.deleteIfExists(file);
      if (posix()) {
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-------");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(perms));
      } else {
        Files.createFile(file);
      }
      Files.writeString(
          file, content + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The port the server listens on (the actual one when configured with 0). */
  public int port() {
    synchronized (lock) {
      requireStarted();
      for (Connector c : app.jettyServer().server().getConnectors()) {
        if (c instanceof ServerConnector sc) {
          return sc.getLocalPort();
        }
      }
      return app.port();
    }
  }

  /** {@code http://host:port} or {@code https://...}, with 127.0.0.1 for a wildcard host. */
  public URI baseUri() {
    String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
    String scheme = config.tls().mode() == ServerConfig.TlsConfig.Mode.NONE ? "http" : "https";
    return URI.create(scheme + "://" + host + ":" + port());
  }

  /**
   * Sets how the server trains, before {@link #start}; without it, {@link
   * TrainingSettings#defaults} for the training budget.
   *
   * @throws IllegalStateException if the server was started
   */
  public TacitServer withTraining(TrainingSettings settings) {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("set the training before starting the server");
      }
      this.training = java.util.Objects.requireNonNull(settings, "settings");
      return this;
    }
  }

  /**
   * Sets how federated evaluation is released, before {@link #start}; without it, {@link
   * dev.tacit.server.evaluation.EvaluationSettings#defaults}.
   *
   * @throws IllegalStateException if the server was started
   */
  public TacitServer withEvaluation(dev.tacit.server.evaluation.EvaluationSettings settings) {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("set the evaluation before starting the server");
      }
      this.evaluation = java.util.Objects.requireNonNull(settings, "settings");
      return this;
    }
  }

  /**
   * Sets the file of the audit log's key, before {@link #start}; without it, {@code
   * <dataDir>/audit-key}. Created (owner-only) with a new key when absent. Every server process on
   * one database must use the same key.
   *
   * @throws IllegalStateException if the server was started
   */
  public TacitServer withAuditKeyFile(Path file) {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("set the audit key before starting the server");
      }
      this.auditKeyFile = java.util.Objects.requireNonNull(file, "file");
      return this;
    }
  }

  /** The federated rounds. */
  public RoundService rounds() {
    synchronized (lock) {
      requireStarted();
      return rounds;
    }
  }

  /** The Javalin app, for tests that inspect the router. */
  Javalin javalin() {
    synchronized (lock) {
      requireStarted();
      return app;
    }
  }

  /** The configuration. */
  public ServerConfig config() {
    return config;
  }

  /** The database. */
  public Storage storage() {
    synchronized (lock) {
      requireStarted();
      return storage;
    }
  }

  /** What the database holds, for the operator's tools; closing it leaves the database open. */
  public ServerRecords records() {
    return ServerRecords.of(storage());
  }

  /** The model registry, for publishing versions. */
  public ModelRegistry models() {
    synchronized (lock) {
      requireStarted();
      return models;
    }
  }

  /** The privacy budget ledger, backed by the database. */
  public BudgetLedger ledger() {
    synchronized (lock) {
      requireStarted();
      return ledger;
    }
  }

  private void requireStarted() {
    if (!started || closed) {
      throw new IllegalStateException("the server is not running");
    }
  }

  /** Stops serving and releases the database. Idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed || !started) {
        closed = true;
        return;
      }
      closed = true;
      if (rounds != null) {
        rounds.close();
      }
      if (app != null) {
        app.stop();
      }
      if (storage != null) {
        storage.close();
      }
    }
  }
}
