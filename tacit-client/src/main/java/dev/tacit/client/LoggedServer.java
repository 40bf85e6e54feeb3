package dev.tacit.client;

import dev.tacit.client.consent.ConsentLedger;
import dev.tacit.client.server.ServerConnection;
import dev.tacit.client.server.Traffic;
import dev.tacit.privacy.accounting.PrivacyGuarantee;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The server connection as the client's parts use it: every call goes into the transparency log
 * with the bytes the connection counted at the wire for it (sent, and in the description the
 * answer's), whether it succeeded or not. A message for {@code training} is refused once training
 * was withdrawn; a masked update is logged with its cost against the server before it leaves.
 */
final class LoggedServer {
  private final ServerConnection server;
  private final LocalState state;
  private final ConsentLedger consent;
  private final ServerBudget budget;
  private final Clock clock;

  /** {@code server} may be null: then the client works offline. */
  LoggedServer(
      ServerConnection server,
      LocalState state,
      ConsentLedger consent,
      ServerBudget budget,
      Clock clock) {
    this.server = server;
    this.state = state;
    this.consent = consent;
    this.budget = budget;
    this.clock = clock;
  }

  /** Whether a server is configured. */
  boolean configured() {
    return server != null;
  }

  /** The connection, for the calls made inside {@link #send}. */
  ServerConnection connection() {
    return server;
  }

  /**
   * Makes one call and logs it.
   *
   * @throws TrainingWithdrawnException if the purpose is {@code training} and it was withdrawn
   */
  <T> T send(String purpose, String endpoint, String description, Supplier<T> call) {
    synchronized (state) {
      state.requireOpen();
      if (purpose.equals("training") && !consent.trainingGranted()) {
        throw new TrainingWithdrawnException();
      }
    }
    return metered(purpose, endpoint, description, null, null, call);
  }

  /** {@link #send} for a call without an answer. */
  void run(String purpose, String endpoint, String description, Runnable call) {
    send(
        purpose,
        endpoint,
        description,
        () -> {
          call.run();
          return null;
        });
  }

  /**
   * Sends a masked model update of a round whose sum carries noise multiplier {@code z} (0 for none
   * of the device's own): it is logged, with what it costs this device against the server, before
   * it leaves, so that the log never holds less than was sent.
   */
  void sendMaskedUpdate(String endpoint, String description, double z, Runnable call) {
    String withCost;
    synchronized (state) {
      state.requireOpen();
      if (!consent.trainingGranted()) {
        throw new TrainingWithdrawnException();
      }
      PrivacyGuarantee after = budget.afterOneMore(z);
      withCost =
          description
              + String.format(
                  Locale.ROOT,
                  "; with it, this device's own epsilon against the server (the rounds it"
                      + " took part in, composed without amplification) is %.4g at delta"
                      + " %.3g",
                  after.epsilon(),
                  after.delta());
    }
    metered(
        "training",
        endpoint,
        withCost,
        z,
        null,
        () -> {
          call.run();
          return null;
        });
  }

  /**
   * Sends an analytics report randomized with {@code epsilon} (ε-local DP); it is logged with that
   * cost, also if the call fails, so that the log never holds less than was sent.
   */
  void sendReport(String endpoint, String description, double epsilon, Runnable call) {
    metered(
        "analytics",
        endpoint,
        description,
        null,
        epsilon,
        () -> {
          call.run();
          return null;
        });
  }

  private <T> T metered(
      String purpose,
      String endpoint,
      String description,
      Double z,
      Double reportEpsilon,
      Supplier<T> call) {
    Instant at = clock.instant();
    server.takeTraffic();
    try {
      return call.get();
    } finally {
      Traffic t = server.takeTraffic();
      OutboundRecord r =
          new OutboundRecord(
              at,
              purpose,
              endpoint,
              t.sent(),
              description + "; answer: " + t.received() + " bytes",
              z,
              reportEpsilon);
      synchronized (state) {
        state.log(r);
      }
    }
  }
}
