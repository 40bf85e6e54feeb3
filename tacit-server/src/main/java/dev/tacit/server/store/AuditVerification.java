package dev.tacit.server.store;

import java.util.Optional;

/**
 * The result of checking the audit chain.
 *
 * @param valid whether every row chains to the one before it
 * @param rows the number of rows checked
 * @param firstBadRow the sequence number of the first row that breaks the chain, if any
 * @param problem what is wrong, or {@code "ok"}
 */
public record AuditVerification(
    boolean valid, long rows, Optional<Long> firstBadRow, String problem) {

  static AuditVerification ok(long rows) {
    return new AuditVerification(true, rows, Optional.empty(), "ok");
  }

  static AuditVerification broken(long rows, long row, String problem) {
    return new AuditVerification(false, rows, Optional.of(row), problem);
  }
}
