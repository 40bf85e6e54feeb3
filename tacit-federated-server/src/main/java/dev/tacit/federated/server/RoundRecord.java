package dev.tacit.federated.server;

/**
 * The provenance of one finished round: the model version it produced, cohort and survivors, the
 * clipped fraction when known, the noise multiplier and sampling rate used, and ε after it.
 */
public record RoundRecord(
    long round,
    long modelVersion,
    int cohortSize,
    int survivors,
    double noiseMultiplier,
    double samplingRate,
    double epsilon,
    double delta,
    double updateNorm) {}
