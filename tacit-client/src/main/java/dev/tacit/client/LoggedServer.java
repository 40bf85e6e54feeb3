package dev.tacit.client;

import dev.tacit.client.consent.ConsentLedger;
import dev.tacit.client.server.ServerConnection;
import dev.tacit.client.server.Traffic;
import dev.tacit.privacy.accounting.PrivacyGuarantee;
import java.time.Clock;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The server connection as the client's parts use it: every call goes into the transparency log
 * before it is made, with its purpose, endpoint and what it costs against the server, and once it
 * ends (succeeded or not) with the bytes the connection counted at the wire for it (sent, and in
 * the description the answer's). A device stopped while a message is on the wire thus reopens with
 * that message, and its cost, in the log: the log never holds less than was sent. A message for
 * {@code training} is refused once training was withdrawn.
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
    Pending pending;
    synchronized (state) {
      state.requireOpen();
      if (purpose.equals("training") && !consent.trainingGranted()) {
        throw new TrainingWithdrawnException();
      }
      pending = logBefore(purpose, endpoint, description, null, null);
    }
    return complete(pending, call);
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
   * it leaves.
   */
  void sendMaskedUpdate(String endpoint, String description, double z, Runnable call) {
    Pending pending;
    synchronized (state) {
      state.requireOpen();
      if (!consent.trainingGranted()) {
        throw new TrainingWithdrawnException();
      }
      PrivacyGuarantee after = budget.afterOneMore(z);
      String withCost =
          description
              + String.format(
                  Locale.ROOT,
                  "; with it, this device's own epsilon against the server (the rounds it"
                      + " took part in, composed without amplification) is %.4g at delta"
                      + " %.3g",
                  after.epsilon(),
                  after.delta());
      pending = logBefore("training", endpoint, withCost, z, null);
    }
    complete(pending, call);
  }

  /**
   * Logs an analytics report randomized with {@code epsilon} (ε-local DP), with that cost, before
   * it is {@linkplain #complete sent}. The caller holds the state's lock, so that the check of the
   * device's analytics budget and this record are one step: two reports at once cannot both pass.
   */
  Pending logReport(String endpoint, String description, double epsilon) {
    if (!Thread.holdsLock(state)) {
      throw new IllegalStateException("a report is logged under the client's lock");
    }
    return logBefore("analytics", endpoint, description, null, epsilon);
  }

  /** A message logged before its call: its position in the log and what was logged. */
  record Pending(int position, OutboundRecord logged, String description) {}

  private Pending logBefore(
      String purpose, String endpoint, String description, Double z, Double reportEpsilon) {
    OutboundRecord r =
        new OutboundRecord(
            clock.instant(),
            purpose,
            endpoint,
            0,
            description + "; " + NOT_ENDED,
            z,
            reportEpsilon);
    return new Pending(state.log(r), r, description);
  }

  /**
   * What the log says of a message until its call ends: also what a device that stopped mid-call
   * reopens with.
   */
  static final String NOT_ENDED =
      "logged before it was sent; the call had not ended, so its bytes were not counted";

  /**
   * Makes the call of a {@linkplain #logReport logged} message and writes its record again with the
   * bytes counted at the wire, whether the call succeeded or not.
   */
  void complete(Pending pending, Runnable call) {
    complete(
        pending,
        () -> {
          call.run();
          return null;
        });
  }

  private <T> T complete(Pending pending, Supplier<T> call) {
    server.takeTraffic();
    try {
      return call.get();
    } finally {
      Traffic t = server.takeTraffic();
      OutboundRecord logged = pending.logged();
      OutboundRecord r =
          new OutboundRecord(
              logged.time(),
              logged.purpose(),
              logged.endpoint(),
              t.sent(),
              pending.description() + "; answer: " + t.received() + " bytes",
              logged.roundNoiseMultiplier(),
              logged.reportEpsilon());
      synchronized (state) {
        state.settle(pending.position(), r);
      }
    }
  }
}
