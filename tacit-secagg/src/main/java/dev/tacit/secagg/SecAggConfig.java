package dev.tacit.secagg;

import dev.tacit.check.Preconditions;

/**
 * The public parameters of one secure-aggregation session.
 *
 * @param sessionId unique id of the session: 1-128 characters from {@code [A-Za-z0-9._:-]}
 * @param round the federated round this session belongs to, {@code >= 0}
 * @param numClients n, the clients invited (ids 1..n), {@code >= 3}
 * @param neighbourhoodSize k, the neighbourhood of every client including itself: odd and {@code <
 *     n} (a sparse SecAgg+ graph) or {@code == n} (every client a neighbour of every other)
 * @param threshold t, the Shamir threshold: shares needed to reconstruct, in [2, k]
 * @param modulusBits 32 or 64: inputs and sums live in Z_(2^bits)
 * @param vectorLength m, the number of elements of every input, in [1, 2^28]
 * @param requireSignatures whether advertised keys must carry Ed25519 signatures by the devices
 */
public record SecAggConfig(
    String sessionId,
    long round,
    int numClients,
    int neighbourhoodSize,
    int threshold,
    int modulusBits,
    int vectorLength,
    boolean requireSignatures) {

  /** The largest supported vector length. */
  public static final int MAX_VECTOR_LENGTH = 1 << 28;

  /** The largest supported number of clients. */
  public static final int MAX_CLIENTS = 1 << 20;

  /** Validates every parameter; see the record description for the rules. */
  public SecAggConfig {
    Preconditions.checkNotNull(sessionId, "sessionId");
    Preconditions.checkArgument(
        sessionId.matches("[A-Za-z0-9._:-]{1,128}"),
        "sessionId must be 1-128 characters from [A-Za-z0-9._:-], was \"%s\"",
        sessionId.length() > 140 ? sessionId.substring(0, 140) + "..." : sessionId);
    Preconditions.checkArgument(round >= 0, "round must be >= 0, was %d", round);
    Preconditions.checkArgument(
        numClients >= 3 && numClients <= MAX_CLIENTS,
        "numClients must be in [3, %d], was %d",
        MAX_CLIENTS,
        numClients);
    Preconditions.checkArgument(
        neighbourhoodSize == numClients
            || (neighbourhoodSize >= 3
                && neighbourhoodSize < numClients
                && neighbourhoodSize % 2 == 1),
        "neighbourhoodSize must be odd in [3, numClients) or equal to numClients = %d, was %d",
        numClients,
        neighbourhoodSize);
    Preconditions.checkArgument(
        threshold >= 2 && threshold <= neighbourhoodSize,
        "threshold must be in [2, neighbourhoodSize = %d], was %d",
        neighbourhoodSize,
        threshold);
    Preconditions.checkArgument(
        modulusBits == 32 || modulusBits == 64,
        "modulusBits must be 32 or 64, was %d",
        modulusBits);
    Preconditions.checkArgument(
        vectorLength >= 1 && vectorLength <= MAX_VECTOR_LENGTH,
        "vectorLength must be in [1, %d], was %d",
        MAX_VECTOR_LENGTH,
        vectorLength);
  }

  /**
   * A session with the default graph and threshold ({@link #defaultNeighbourhoodSize}, {@link
   * #defaultThreshold}), 32-bit arithmetic and no signatures.
   *
   * @throws IllegalArgumentException if a parameter is out of range
   */
  public static SecAggConfig create(
      String sessionId, long round, int numClients, int vectorLength) {
    Preconditions.checkArgument(
        numClients >= 3 && numClients <= MAX_CLIENTS,
        "numClients must be in [3, %d], was %d",
        MAX_CLIENTS,
        numClients);
    int k = defaultNeighbourhoodSize(numClients);
    return new SecAggConfig(
        sessionId, round, numClients, k, defaultThreshold(k), 32, vectorLength, false);
  }

  /**
   * The SecAgg+ neighbourhood size for n clients: the smallest odd integer {@code >= 2 log2(n)}, or
   * n (the complete graph) when that is not smaller than n.
   */
  public static int defaultNeighbourhoodSize(int numClients) {
    int k = (int) Math.ceil(2 * Math.log(numClients) / Math.log(2) - 1e-9);
    if (k % 2 == 0) {
      k++;
    }
    k = Math.max(k, 3);
    return k >= numClients ? numClients : k;
  }

  /** The default threshold for neighbourhoods of k: ceil(2k / 3), at least 2. */
  public static int defaultThreshold(int neighbourhoodSize) {
    return Math.max(2, (2 * neighbourhoodSize + 2) / 3);
  }

  /** A copy with neighbourhood size {@code k} and its default threshold. */
  public SecAggConfig withNeighbourhoodSize(int k) {
    return new SecAggConfig(
        sessionId,
        round,
        numClients,
        k,
        defaultThreshold(k),
        modulusBits,
        vectorLength,
        requireSignatures);
  }

  /** A copy with threshold {@code t}. */
  public SecAggConfig withThreshold(int t) {
    return new SecAggConfig(
        sessionId,
        round,
        numClients,
        neighbourhoodSize,
        t,
        modulusBits,
        vectorLength,
        requireSignatures);
  }

  /** A copy with arithmetic modulo 2^{@code bits}. */
  public SecAggConfig withModulusBits(int bits) {
    return new SecAggConfig(
        sessionId,
        round,
        numClients,
        neighbourhoodSize,
        threshold,
        bits,
        vectorLength,
        requireSignatures);
  }

  /** A copy that does or does not require Ed25519 signatures on advertised keys. */
  public SecAggConfig withSignatures(boolean required) {
    return new SecAggConfig(
        sessionId,
        round,
        numClients,
        neighbourhoodSize,
        threshold,
        modulusBits,
        vectorLength,
        required);
  }

  /** Whether every client is a neighbour of every other. */
  public boolean isCompleteGraph() {
    return neighbourhoodSize == numClients;
  }

  /** The mask selecting the low {@code modulusBits} bits of a long. */
  public long modulusMask() {
    return modulusBits == 64 ? -1L : 0xffff_ffffL;
  }
}
