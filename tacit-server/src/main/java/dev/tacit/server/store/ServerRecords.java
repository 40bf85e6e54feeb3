package dev.tacit.server.store;

import dev.tacit.privacy.budget.Spend;
import dev.tacit.privacy.participant.ParticipantBudget;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.security.AuditKey;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Tacit server's database holds, for the operator's tools ({@code tacit report}, {@code
 * tacit audit}, {@code tacit demo}): model versions, rounds, released evaluations, the privacy
 * ledger, each device's ε, consent counts, the stored simulation report and the audit log. The
 * tools read the server through this facade and know none of its tables; the one write is the
 * catalogue's readable item titles, which the operator publishes.
 */
public final class ServerRecords implements AutoCloseable {
  /** The SQLite file of a server's data directory. */
  public static final String SQLITE_FILE = "tacit.db";

  private final Storage storage;
  private final boolean owned;

  /**
   * The ledger's rows, built on first use and kept: building one reads the whole ledger, which each
   * read of the ledger would otherwise do once more. Its reads go to the database.
   */
  private SqlLedgerStore ledgerStore;

  private ServerRecords(Storage storage, boolean owned) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.owned = owned;
  }

  /** The records of a database a running server holds; {@link #close} leaves it open. */
  public static ServerRecords of(Storage storage) {
    return new ServerRecords(storage, false);
  }

  /**
   * Opens the database at {@code jdbcUrl} to read it, with the audit key when one is given (null
   * for none: the audit chain then cannot be checked).
   *
   * @throws IllegalArgumentException if the URL is not of a supported database
   */
  public static ServerRecords open(String jdbcUrl, Clock clock, AuditKey auditKey) {
    return new ServerRecords(Storage.open(jdbcUrl, clock, auditKey), true);
  }

  /** The JDBC URL of the SQLite database in a server's data directory. */
  public static String sqliteUrl(Path dataDir) {
    return "jdbc:sqlite:" + dataDir.resolve(SQLITE_FILE).toAbsolutePath();
  }

  /** The latest model version, if any was published. */
  public Optional<ModelVersion> latestModel() {
    return new ModelRegistry(storage).latest();
  }

  /** One model version, if it was published. */
  public Optional<ModelVersion> model(long version) {
    return new ModelRegistry(storage).get(version);
  }

  /** Every round, oldest first. */
  public List<RoundRow> rounds() {
    return new RoundStore(storage).rounds();
  }

  /** One round, if it is recorded. */
  public Optional<RoundRow> round(long round) {
    return new RoundStore(storage).round(round);
  }

  /** The released federated evaluations by model version, oldest first. */
  public List<RoundStore.EvaluationRow> evaluations() {
    return new RoundStore(storage).evaluations();
  }

  /**
   * One entry of the privacy ledger.
   *
   * @param row the entry as stored, with the ε after it
   * @param spend the release it records
   */
  public record LedgerEntry(SqlLedgerStore.Row row, Spend spend) {}

  /** The privacy ledger, in sequence order. */
  public List<LedgerEntry> ledger() {
    return ledgerStore().rows().stream()
        .map(r -> new LedgerEntry(r, SqlLedgerStore.spend(r)))
        .toList();
  }

  /** Each device's own training ε against the server, summarized, against {@code budget}. */
  public DeviceEpsilons.Summary deviceEpsilons(ParticipantBudget budget) {
    return new DeviceEpsilons(ledgerStore(), budget).summary();
  }

  private synchronized SqlLedgerStore ledgerStore() {
    if (ledgerStore == null) {
      ledgerStore = new SqlLedgerStore(storage, Map.of()); // no budget: only the rows are read
    }
    return ledgerStore;
  }

  /** The registered devices. */
  public long deviceCount() {
    return storage.deviceCount();
  }

  /** The devices whose latest decision for a purpose is a grant, by purpose. */
  public Map<Purpose, Long> currentGrants() {
    return storage.currentGrants();
  }

  /** The simulation report the server stored last (the one its dashboard shows), if any. */
  public Optional<DashboardQueries.StoredReport> storedReport() {
    return new DashboardQueries(storage).latestReport();
  }

  /** The audit log. */
  public AuditLog audit() {
    return storage.audit();
  }

  /** Replaces the catalogue's readable item titles (item id to title), for the model explorer. */
  public void replaceItemTitles(Map<String, String> titles) {
    new ItemTitles(storage).replace(titles);
  }

  /** Closes the database if this facade opened it. */
  @Override
  public void close() {
    if (owned) {
      storage.close();
    }
  }
}
