package dev.tacit.protocol;

/**
 * SecAgg+ round 3: one Shamir share a device reveals about a neighbour (its self-mask seed if the
 * neighbour survived, its mask key if it dropped): the share's x-coordinate and its field chunks.
 *
 * @param owner the neighbour whose secret the share is of
 * @param x the share's x-coordinate, {@code >= 1}
 * @param values the share's values, one per field-sized chunk of the secret (1 to 64)
 */
public record ShareReveal(int owner, int x, long[] values) {
  /** Validates and copies. */
  public ShareReveal {
    Checks.atLeast(owner, 1, "owner");
    Checks.atLeast(x, 1, "x");
    Checks.present(values, "values");
    Checks.require(
        values.length >= 1 && values.length <= 64,
        "values must have 1 to 64 entries, had " + values.length);
    values = values.clone();
  }

  @Override
  public long[] values() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShareReveal s
        && s.owner == owner
        && s.x == x
        && java.util.Arrays.equals(s.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * owner + x;
  }

  @Override
  public String toString() {
    return "ShareReveal[owner=" + owner + ", x=" + x + ", (values hidden)]";
  }
}
