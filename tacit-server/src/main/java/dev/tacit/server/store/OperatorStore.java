package dev.tacit.server.store;

import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.error.Conflict;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator's controls in the server's database: raises of a privacy budget ({@code
 * budget_raises}) and the pause of the rounds ({@code training_pause}). Each change is written with
 * its audit entry, naming the operator's reason, in one transaction: a change without its audit
 * entry is never stored.
 */
public final class OperatorStore {
  /** The audit action of a budget raise. */
  public static final String BUDGET_RAISED = "operator.budget.raised";

  /** The audit action of a pause of the rounds. */
  public static final String ROUNDS_PAUSED = "operator.rounds.paused";

  /** The audit action of a resumption of the rounds. */
  public static final String ROUNDS_RESUMED = "operator.rounds.resumed";

  private final Storage storage;

  /** A store over {@code storage}. */
  public OperatorStore(Storage storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
  }

  /**
   * One raise of a purpose's budget.
   *
   * @param seq its sequence number
   * @param purpose the purpose
   * @param epsilonBefore the budget's ε before
   * @param epsilonAfter the budget's ε after
   * @param reason the operator's reason
   * @param auditSeq the audit entry written with it
   * @param raisedAt when
   */
  public record BudgetRaise(
      long seq,
      Purpose purpose,
      double epsilonBefore,
      double epsilonAfter,
      String reason,
      long auditSeq,
      Instant raisedAt) {}

  /**
   * The operator's pause of the rounds.
   *
   * @param reason the operator's reason
   * @param auditSeq the audit entry written with it
   * @param pausedAt when
   */
  public record Pause(String reason, long auditSeq, Instant pausedAt) {}

  /**
   * The budgets in force: per purpose, the configured budget, or the largest raise when it is
   * larger (same δ).
   */
  public Map<Purpose, PrivacyBudget> effectiveBudgets(Map<Purpose, PrivacyBudget> configured) {
    Map<Purpose, PrivacyBudget> out = new EnumMap<>(configured);
    for (BudgetRaise r : raises()) {
      PrivacyBudget b = out.get(r.purpose());
      if (b != null && r.epsilonAfter() > b.epsilon()) {
        out.put(r.purpose(), new PrivacyBudget(r.epsilonAfter(), b.delta()));
      }
    }
    return out;
  }

  /**
   * Records a raise of {@code purpose}'s budget from {@code before} to {@code after} and its audit
   * entry, in one transaction.
   *
   * @throws RuntimeException if the database fails, in which case neither is stored
   */
  public BudgetRaise recordRaise(
      Purpose purpose, PrivacyBudget before, PrivacyBudget after, String reason) {
    Instant now = storage.clock().instant();
    return storage.write(
        h -> {
          long seq = Storage.nextSeq(h, "budget_raises");
          AuditLog.Entry e =
              storage
                  .audit()
                  .append(
                      h,
                      now,
                      BUDGET_RAISED,
                      "-",
                      "purpose="
                          + purpose.name().toLowerCase(java.util.Locale.ROOT)
                          + " epsilon="
                          + before.epsilon()
                          + "->"
                          + after.epsilon()
                          + " reason="
                          + reason);
          h.createUpdate(
                  "INSERT INTO budget_raises (seq, purpose, epsilon_before, epsilon_after, reason,"
                      + " audit_seq, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
              .bind(0, seq)
              .bind(1, purpose.name())
              .bind(2, before.epsilon())
              .bind(3, after.epsilon())
              .bind(4, reason)
              .bind(5, e.seq())
              .bind(6, now.toString())
              .execute();
          return new BudgetRaise(
              seq, purpose, before.epsilon(), after.epsilon(), reason, e.seq(), now);
        });
  }

  /** Every raise, oldest first. */
  public List<BudgetRaise> raises() {
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT seq, purpose, epsilon_before, epsilon_after, reason, audit_seq,"
                            + " raised_at FROM budget_raises ORDER BY seq")
                    .map(
                        (rs, ctx) ->
                            new BudgetRaise(
                                rs.getLong(1),
                                Purpose.valueOf(rs.getString(2)),
                                rs.getDouble(3),
                                rs.getDouble(4),
                                rs.getString(5),
                                rs.getLong(6),
                                Instant.parse(rs.getString(7))))
                    .list());
  }

  /** The operator's pause, or empty while the rounds run. */
  public Optional<Pause> pause() {
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT reason, audit_seq, paused_at FROM training_pause WHERE id = 1")
                    .map(
                        (rs, ctx) ->
                            new Pause(
                                rs.getString(1), rs.getLong(2), Instant.parse(rs.getString(3))))
                    .findOne());
  }

  /**
   * Pauses the rounds with {@code reason}, audited, in one transaction.
   *
   * @throws Conflict ALREADY_PAUSED if the rounds are paused already (nothing changes)
   */
  public Pause pauseRounds(String reason) {
    Instant now = storage.clock().instant();
    return storage.write(
        h -> {
          long paused =
              h.createQuery("SELECT COUNT(*) FROM training_pause").mapTo(Long.class).one();
          if (paused > 0) {
            throw new Conflict(
                Conflict.Kind.ALREADY_PAUSED, "the rounds are paused already: resume them first");
          }
          AuditLog.Entry e = storage.audit().append(h, now, ROUNDS_PAUSED, "-", "reason=" + reason);
          h.createUpdate(
                  "INSERT INTO training_pause (id, reason, audit_seq, paused_at) VALUES (1, ?, ?, ?)")
              .bind(0, reason)
              .bind(1, e.seq())
              .bind(2, now.toString())
              .execute();
          return new Pause(reason, e.seq(), now);
        });
  }

  /**
   * Resumes the rounds with {@code reason}, audited, in one transaction.
   *
   * @return the audit entry's sequence number
   * @throws Conflict NOT_PAUSED if the rounds are not paused (nothing changes)
   */
  public long resumeRounds(String reason) {
    Instant now = storage.clock().instant();
    return storage.write(
        h -> {
          Optional<String> was =
              h.createQuery("SELECT paused_at FROM training_pause WHERE id = 1")
                  .mapTo(String.class)
                  .findOne();
          if (was.isEmpty()) {
            throw new Conflict(Conflict.Kind.NOT_PAUSED, "the rounds are not paused");
          }
          AuditLog.Entry e =
              storage
                  .audit()
                  .append(
                      h,
                      now,
                      ROUNDS_RESUMED,
                      "-",
                      "paused_since=" + was.get() + " reason=" + reason);
          h.createUpdate("DELETE FROM training_pause WHERE id = 1").execute();
          return e.seq();
        });
  }
}
