package dev.tacit.server.store;

import dev.tacit.privacy.accounting.Accountant;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.LedgerStore;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.budget.Spend;
import dev.tacit.protocol.Purpose;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The privacy ledger in the server's database, backing a {@code BudgetLedger}: each spend is stored
 * with its mechanism parameters and the purpose's ε after it (RDP accountant, improved conversion,
 * at the budget's δ), with an audit entry and the devices counted in it ({@code device_releases})
 * in the same transaction.
 */
public final class SqlLedgerStore implements LedgerStore {
  private static final String GAUSSIAN = "sampled_gaussian";
  private static final String LAPLACE = "laplace";
  private static final String PURE = "pure_dp";

  private final Storage storage;
  private final Map<Purpose, PrivacyBudget> budgets;
  private final Map<Purpose, Accountant> accountants = new EnumMap<>(Purpose.class);

  /** One row of the ledger, as stored. */
  public record Row(
      long seq,
      Purpose purpose,
      String mechanism,
      double paramA,
      double paramB,
      long repetitions,
      double epsilonAfter,
      double delta,
      String description,
      Instant recordedAt) {}

  /** A store over {@code storage} that computes ε after each spend at the budgets' δ. */
  public SqlLedgerStore(Storage storage, Map<Purpose, PrivacyBudget> budgets) {
    this.storage = storage;
    this.budgets = Map.copyOf(budgets);
    for (Purpose p : budgets.keySet()) {
      accountants.put(p, Accountant.rdp());
    }
    for (Spend s : readAll()) {
      Accountant a = accountants.get(s.purpose());
      if (a != null) {
        a.compose(s.event());
      }
    }
  }

  @Override
  public void append(Spend spend) {
    append(spend, List.of());
  }

  @Override
  public synchronized void append(Spend spend, Collection<String> participants) {
    PrivacyBudget budget = budgets.get(spend.purpose());
    if (budget == null) {
      throw new IllegalArgumentException("no budget for purpose " + spend.purpose());
    }
    Accountant candidate = accountants.get(spend.purpose()).copy().compose(spend.event());
    double epsilonAfter = candidate.guarantee(budget.delta()).epsilon();
    String mechanism;
    double a;
    double b;
    long n;
    if (spend.event() instanceof PrivacyEvent.SampledGaussian g) {
      mechanism = GAUSSIAN;
      a = g.samplingRate();
      b = g.noiseMultiplier();
      n = g.steps();
    } else if (spend.event() instanceof PrivacyEvent.Laplace l) {
      mechanism = LAPLACE;
      a = l.scale();
      b = l.sensitivity();
      n = l.count();
    } else if (spend.event() instanceof PrivacyEvent.PureDp p) {
      mechanism = PURE;
      a = p.epsilon();
      b = 0;
      n = p.count();
    } else {
      throw new IllegalArgumentException("unknown privacy event " + spend.event());
    }
    storage.write(
        h -> {
          h.createUpdate(
                  "INSERT INTO privacy_ledger (seq, purpose, mechanism, param_a, param_b,"
                      + " repetitions, epsilon_after, delta, description, recorded_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
              .bind(0, spend.sequence())
              .bind(1, spend.purpose().name())
              .bind(2, mechanism)
              .bind(3, a)
              .bind(4, b)
              .bind(5, n)
              .bind(6, epsilonAfter)
              .bind(7, budget.delta())
              .bind(8, spend.description())
              .bind(9, spend.recordedAt().toString())
              .execute();
          if (!participants.isEmpty()) {
            var batch =
                h.prepareBatch("INSERT INTO device_releases (device_id, ledger_seq) VALUES (?, ?)");
            for (String device : participants) {
              batch.bind(0, device).bind(1, spend.sequence()).add();
            }
            batch.execute();
          }
          storage
              .audit()
              .append(
                  h,
                  spend.recordedAt(),
                  "privacy.spend",
                  "-",
                  "purpose="
                      + spend.purpose()
                      + " seq="
                      + spend.sequence()
                      + " epsilon="
                      + epsilonAfter);
          return null;
        });
    accountants.put(spend.purpose(), candidate);
  }

  @Override
  public List<Spend> readAll() {
    return rows().stream().map(SqlLedgerStore::spend).toList();
  }

  @Override
  public List<Spend> spendsOf(String device) {
    return rows("WHERE seq IN (SELECT ledger_seq FROM device_releases WHERE device_id = ?)", device)
        .stream()
        .map(SqlLedgerStore::spend)
        .toList();
  }

  /**
   * The spends of {@code purpose} each device was counted in, by device id (devices counted in none
   * are absent).
   */
  public Map<String, List<Spend>> spendsByDevice(Purpose purpose) {
    Map<Long, Spend> bySeq = new java.util.HashMap<>();
    for (Row r : rows()) {
      if (r.purpose() == purpose) {
        bySeq.put(r.seq(), spend(r));
      }
    }
    Map<String, List<Spend>> out = new java.util.HashMap<>();
    storage
        .jdbi()
        .useHandle(
            h ->
                h.createQuery(
                        "SELECT device_id, ledger_seq FROM device_releases"
                            + " ORDER BY device_id, ledger_seq")
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                    .forEach(
                        e -> {
                          Spend s = bySeq.get(e.getValue());
                          if (s != null) {
                            out.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>())
                                .add(s);
                          }
                        }));
    return out;
  }

  static Spend spend(Row r) {
    return new Spend(
        r.seq(),
        r.purpose(),
        switch (r.mechanism()) {
          case GAUSSIAN -> PrivacyEvent.sampledGaussian(r.paramA(), r.paramB(), r.repetitions());
          case PURE -> PrivacyEvent.pureDp(r.paramA(), r.repetitions());
          default -> PrivacyEvent.laplace(r.paramA(), r.paramB(), r.repetitions());
        },
        r.recordedAt(),
        r.description());
  }

  /** Every stored row, in sequence order. */
  public List<Row> rows() {
    return rows("", null);
  }

  private List<Row> rows(String where, String device) {
    return storage
        .jdbi()
        .withHandle(
            h ->
                bind(
                        h.createQuery(
                            "SELECT seq, purpose, mechanism, param_a, param_b, repetitions,"
                                + " epsilon_after, delta, description, recorded_at"
                                + " FROM privacy_ledger "
                                + where
                                + " ORDER BY seq"),
                        device)
                    .map(
                        (rs, ctx) ->
                            new Row(
                                rs.getLong(1),
                                Purpose.valueOf(rs.getString(2)),
                                rs.getString(3),
                                rs.getDouble(4),
                                rs.getDouble(5),
                                rs.getLong(6),
                                rs.getDouble(7),
                                rs.getDouble(8),
                                rs.getString(9),
                                Instant.parse(rs.getString(10))))
                    .list());
  }

  private static org.jdbi.v3.core.statement.Query bind(
      org.jdbi.v3.core.statement.Query q, String device) {
    return device == null ? q : q.bind(0, device);
  }
}
