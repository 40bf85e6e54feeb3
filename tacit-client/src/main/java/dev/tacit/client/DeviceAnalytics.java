package dev.tacit.client;

import static dev.tacit.check.Preconditions.checkArgument;

import dev.tacit.client.consent.ConsentLedger;
import dev.tacit.privacy.ldp.FrequencyOracle;
import dev.tacit.privacy.ldp.LocalHashReport;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.AnalyticsQuery;
import dev.tacit.protocol.LdpReport;
import dev.tacit.protocol.Purpose;
import java.util.List;
import java.util.function.Function;

/**
 * Device analytics under local differential privacy: the server's open queries, and answers to them
 * randomized on the device (generalized randomized response or optimized local hashing), sent only
 * while {@code analytics} is granted.
 */
final class DeviceAnalytics {
  private final LocalState state;
  private final ConsentLedger consent;
  private final LoggedServer server;
  private final RandomSource random;
  private final double budget;

  DeviceAnalytics(
      LocalState state,
      ConsentLedger consent,
      LoggedServer server,
      RandomSource random,
      double budget) {
    this.state = state;
    this.consent = consent;
    this.server = server;
    this.random = random;
    this.budget = budget;
  }

  /** The ε of the reports sent, added up, and of those being sent (logged before they leave). */
  double spent() {
    synchronized (state) {
      return state.reportEpsilonSpent();
    }
  }

  /** The token to send with, or null when analytics may not talk to the server. */
  private String tokenIfAllowed() {
    state.requireOpen();
    if (!consent.isGranted(Purpose.ANALYTICS) || !server.configured() || state.token() == null) {
      return null;
    }
    return state.token();
  }

  /** See {@link TacitClient#analyticsQueries}. */
  List<AnalyticsQuery> queries() {
    String token;
    synchronized (state) {
      token = tokenIfAllowed();
    }
    if (token == null) {
      return List.of();
    }
    return server.send(
        "analytics",
        "GET /v1/analytics/queries",
        "which analytics questions are open: nothing about you is sent",
        () -> server.connection().analyticsQueries(token));
  }

  /** See {@link TacitClient#answer}. */
  boolean answer(AnalyticsQuery query, String label) {
    if (query == null) {
      throw new IllegalArgumentException("query must be given");
    }
    int value = query.valueOf(label);
    int domainSize = query.labels().size();
    return switch (query.mechanism()) {
      case GRR -> report(query.id(), value, domainSize, query.epsilon());
      case OLH -> {
        FrequencyOracle<LocalHashReport> olh =
            FrequencyOracle.optimizedLocalHashing(domainSize, query.epsilon());
        yield send(
            query.id(),
            query.epsilon(),
            domainSize,
            LdpReport.Mechanism.OLH,
            r -> {
              LocalHashReport h = olh.randomize(value, r);
              return new long[] {h.seed(), h.bucket()};
            });
      }
    };
  }

  /** See {@link TacitClient#reportAnalytics}. */
  boolean report(String metric, int value, int domainSize, double epsilon) {
    FrequencyOracle<Integer> grr =
        FrequencyOracle.generalizedRandomizedResponse(domainSize, epsilon);
    checkArgument(
        value >= 0 && value < domainSize,
        "value must be in [0, domainSize = %s), was %s",
        domainSize,
        value);
    return send(
        metric,
        epsilon,
        domainSize,
        LdpReport.Mechanism.GRR,
        r -> new long[] {0, grr.randomize(value, r)});
  }

  /**
   * Randomizes under the lock (the random source is the client's) and sends the report, if {@code
   * analytics} is granted and a server is configured; {@code randomize} gives the seed and value.
   */
  private boolean send(
      String metric,
      double epsilon,
      int domainSize,
      LdpReport.Mechanism mechanism,
      Function<RandomSource, long[]> randomize) {
    String token;
    LdpReport report;
    LoggedServer.Pending logged;
    synchronized (state) {
      token = tokenIfAllowed();
      if (token == null || !(spent() + epsilon <= budget * (1 + 1e-12))) {
        return false; // past the device's analytics budget: nothing is randomized or sent
      }
      long[] seedAndValue = randomize.apply(random);
      report =
          new LdpReport(
              state.deviceId(),
              metric,
              mechanism,
              epsilon,
              domainSize,
              seedAndValue[0],
              (int) seedAndValue[1]);
      // in the log, with its ε, before it leaves: two reports at once cannot both pass the budget
      logged =
          server.logReport(
              "POST /v1/devices/{id}/reports",
              "a randomized (ε = "
                  + epsilon
                  + ", "
                  + mechanism.wireName()
                  + ") report of "
                  + metric,
              epsilon);
    }
    server.complete(logged, () -> server.connection().report(token, report));
    return true;
  }
}
