package dev.tacit.secagg.server;

import dev.tacit.check.Preconditions;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The result of a session: the sum modulo 2^{@code modulusBits} of the inputs of exactly the
 * clients in {@code countedClients} (sorted ids).
 */
public record AggregateSum(int modulusBits, long[] sum, List<Integer> countedClients) {

  /** Validates and copies the fields. */
  public AggregateSum {
    Preconditions.checkArgument(
        modulusBits == 32 || modulusBits == 64,
        "modulusBits must be 32 or 64, was %d",
        modulusBits);
    Preconditions.checkNotNull(sum, "sum");
    Preconditions.checkNotNull(countedClients, "countedClients");
    sum = sum.clone();
    countedClients =
        countedClients.stream()
            .sorted()
            .collect(
                Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
  }

  /** A copy of the sum. */
  @Override
  public long[] sum() {
    return sum.clone();
  }

  /** The number of inputs in the sum. */
  public int count() {
    return countedClients.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AggregateSum
        && ((AggregateSum) o).modulusBits == modulusBits
        && Arrays.equals(((AggregateSum) o).sum, sum)
        && ((AggregateSum) o).countedClients.equals(countedClients);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(sum) + countedClients.hashCode();
  }

  @Override
  public String toString() {
    return "AggregateSum[bits="
        + modulusBits
        + ", length="
        + sum.length
        + ", counted="
        + countedClients.size()
        + "]";
  }
}
