package dev.tacit.server.error;

import java.util.Objects;

/**
 * An operation that the server's state refuses (answered 409 with the {@link Kind}'s code): a
 * second catalogue, a pause of paused rounds, a report to a closed query, ...
 */
public final class Conflict extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** Which state refused the operation. */
  public enum Kind {
    /** A catalogue was published before; it is published once. */
    CATALOGUE_EXISTS("catalogue_exists"),
    /** The rounds are paused already. */
    ALREADY_PAUSED("already_paused"),
    /** The rounds are not paused. */
    NOT_PAUSED("not_paused"),
    /** The analytics query is closed already. */
    QUERY_CLOSED("query_closed"),
    /** A budget is only ever raised: the new ε is not above the current one. */
    BUDGET_NOT_RAISED("budget_not_raised");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    /** The error code of the answer. */
    public String code() {
      return code;
    }
  }

  private final Kind kind;

  /** A conflict of {@code kind}, described by {@code message}. */
  public Conflict(Kind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** Which state refused the operation. */
  public Kind kind() {
    return kind;
  }
}
