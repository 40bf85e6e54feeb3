package dev.tacit.protocol;

/**
 * The secure-aggregation session of a round, as sent to one device of its cohort once recruiting
 * has closed: the public parameters of the SecAgg+ session and the device's id in it.
 *
 * @param sessionId the session's unique id
 * @param round the federated round
 * @param clientId this device's id in the session, in {@code [1, numClients]}
 * @param numClients n, the devices of the cohort
 * @param neighbourhoodSize k, the neighbourhood of every device including itself
 * @param threshold t, the shares needed to reconstruct a secret
 * @param modulusBits 32 or 64
 * @param vectorLength the length of every masked input
 */
public record SecAggSession(
    String sessionId,
    long round,
    int clientId,
    int numClients,
    int neighbourhoodSize,
    int threshold,
    int modulusBits,
    int vectorLength) {
  /** Validates the session. */
  public SecAggSession {
    Checks.id(sessionId, "sessionId", 128);
    Checks.atLeast(round, 1, "round");
    Checks.atLeast(numClients, 3, "numClients");
    Checks.require(
        clientId >= 1 && clientId <= numClients,
        "clientId must be in [1, numClients = " + numClients + "], was " + clientId);
    Checks.require(
        neighbourhoodSize >= 2 && neighbourhoodSize <= numClients,
        "neighbourhoodSize must be in [2, numClients], was " + neighbourhoodSize);
    Checks.require(
        threshold >= 2 && threshold <= neighbourhoodSize,
        "threshold must be in [2, neighbourhoodSize], was " + threshold);
    Checks.require(
        modulusBits == 32 || modulusBits == 64, "modulusBits must be 32 or 64, was " + modulusBits);
    Checks.atLeast(vectorLength, 1, "vectorLength");
  }
}
