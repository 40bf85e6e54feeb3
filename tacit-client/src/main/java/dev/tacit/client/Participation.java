package dev.tacit.client;

import dev.tacit.client.consent.ConsentLedger;
import dev.tacit.client.cooccurrence.CooccurrenceRecommender;
import dev.tacit.client.model.ModelCache;
import dev.tacit.client.server.ServerConnection;
import dev.tacit.client.server.ServerException;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.device.Contribution;
import dev.tacit.federated.device.DeviceStep;
import dev.tacit.federated.round.DeviceRound;
import dev.tacit.federated.round.PlanWire;
import dev.tacit.federated.round.RoundException;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.CheckIn;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.SecAggSession;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The device side of a federated round: check in (waiting while the round gathers devices, on the
 * injected clock and sleeper), decline a round past the budget against the server, download the
 * round's model, compute the clipped and noised contribution, and run SecAgg+ over a link whose
 * every message is in the transparency log. Withdrawing {@code training} stops it before its next
 * message.
 */
final class Participation {
  static final long SHORT_RETRY_SECONDS = 2;
  static final Duration MAX_RECRUIT_WAIT = Duration.ofSeconds(120);

  static final String CONSENT_REFUSED =
      "the server holds no training consent for this device (it was withdrawn on the server, for"
          + " example in the privacy center): the round was abandoned and nothing more was sent;"
          + " the server counts the device as a dropout";

  /**
   * What a round needs beyond the device's data: the policy on conditions, the random sources of
   * the update's noise and of SecAgg+'s keys, and the clock and sleeper of the waits.
   */
  record Environment(
      Policy policy, RandomSource random, SecureRandom secure, Clock clock, Sleeper sleeper) {}

  private final LocalState state;
  private final ConsentLedger consent;
  private final ModelCache models;
  private final Ranker ranker;
  private final LoggedServer server;
  private final ServerBudget budget;
  private final Registration registration;
  private final Environment env;
  private final Object rounds;

  Participation(
      LocalState state,
      ConsentLedger consent,
      ModelCache models,
      Ranker ranker,
      LoggedServer server,
      ServerBudget budget,
      Registration registration,
      Environment env,
      Object rounds) {
    this.state = state;
    this.consent = consent;
    this.models = models;
    this.ranker = ranker;
    this.server = server;
    this.budget = budget;
    this.registration = registration;
    this.env = env;
    this.rounds = rounds;
  }

  /** See {@link TacitClient#participate}. */
  ParticipationResult participate(DeviceConditions conditions) {
    if (conditions == null) {
      throw new IllegalArgumentException("conditions must be given");
    }
    synchronized (rounds) {
      synchronized (state) {
        state.requireOpen();
        if (!consent.trainingGranted()) {
          return ParticipationResult.skipped("training is not granted: nothing was sent");
        }
        if (!server.configured()) {
          return ParticipationResult.skipped("no server is configured: nothing was sent");
        }
        if (!env.policy().allows(conditions)) {
          return ParticipationResult.skipped(
              "the policy does not allow training now (battery, charging or network): nothing"
                  + " was sent");
        }
      }
      try {
        return runRound();
      } catch (TrainingWithdrawnException e) {
        return ParticipationResult.skipped("training was withdrawn: the round was abandoned");
      } catch (RuntimeException e) {
        if (refusedForConsent(e)) {
          return ParticipationResult.skipped(CONSENT_REFUSED);
        }
        return new ParticipationResult(
            ParticipationResult.Status.FAILED, 0, "the round failed: " + e.getMessage());
      }
    }
  }

  private ParticipationResult runRound() {
    String token;
    String id;
    Double lastZ;
    synchronized (state) {
      token = state.token();
      id = state.deviceId();
    }
    if (token == null) {
      String[] registered = registration.register();
      token = registered[0];
      id = registered[1];
    }
    synchronized (state) {
      lastZ = budget.lastNoiseMultiplier();
      if (lastZ != null && !budget.admits(lastZ)) {
        // One more round like the last one would pass the budget: do not even offer to take part.
        return ParticipationResult.skipped(budget.declined(lastZ));
      }
    }
    CheckInResponse answer = checkIn(token, id);
    if (answer.assignment() == null) {
      return new ParticipationResult(
          ParticipationResult.Status.RETRY_LATER,
          0,
          "no round for this device now; retry after " + answer.retryAfterSeconds() + " s");
    }
    RoundPlan plan = PlanWire.plan(answer.assignment());
    try {
      DeviceRound.checkNoiseClaim(plan);
    } catch (RoundException e) {
      // Before the budget is consulted: the claimed noise is what the device would charge itself.
      return new ParticipationResult(
          ParticipationResult.Status.FAILED, plan.round(), "the round failed: " + e.getMessage());
    }
    double cost = ServerBudget.costOf(plan);
    synchronized (state) {
      if (!budget.admits(cost)) {
        // Selected, but this round would pass the budget: abandon it before any SecAgg+ message;
        // the server counts the device as a dropout.
        return new ParticipationResult(
            ParticipationResult.Status.SKIPPED, plan.round(), budget.declined(cost));
      }
    }
    try {
      return runAssignedRound(token, id, plan);
    } catch (TrainingWithdrawnException e) {
      throw e;
    } catch (RuntimeException e) { // the result names the round, for the app and the operator
      if (refusedForConsent(e)) {
        return new ParticipationResult(
            ParticipationResult.Status.SKIPPED, plan.round(), CONSENT_REFUSED);
      }
      return new ParticipationResult(
          ParticipationResult.Status.FAILED, plan.round(), "the round failed: " + e.getMessage());
    }
  }

  /**
   * Offers to take part, and checks in again while the server answers that the round is still
   * recruiting (a short retry), for at most {@link #MAX_RECRUIT_WAIT} by the clock or of waiting.
   */
  private CheckInResponse checkIn(String token, String id) {
    ServerConnection connection = server.connection();
    CheckIn checkIn = new CheckIn(id, modelVersion());
    String endpoint = "POST /v1/devices/{id}/check-in";
    CheckInResponse answer =
        server.send(
            "training",
            endpoint,
            "offered to take part in a training round",
            () -> connection.checkIn(token, checkIn));
    Instant deadline = env.clock().instant().plus(MAX_RECRUIT_WAIT);
    long waited = 0;
    while (answer.assignment() == null
        && answer.retryAfterSeconds() <= SHORT_RETRY_SECONDS
        && env.clock().instant().isBefore(deadline)
        && waited < MAX_RECRUIT_WAIT.getSeconds()) {
      // Selected, but the round is still recruiting: the server asks to check in again shortly.
      env.sleeper().sleep(Duration.ofSeconds(answer.retryAfterSeconds()));
      waited += Math.max(1, answer.retryAfterSeconds());
      answer =
          server.send(
              "training",
              endpoint,
              "checked in again while the round was still gathering devices",
              () -> connection.checkIn(token, checkIn));
    }
    return answer;
  }

  /**
   * Whether the server refused a message because it holds no training consent for this device: the
   * device then sends nothing more in the round (it is a dropout there), and does not retry.
   */
  private static boolean refusedForConsent(RuntimeException e) {
    return e instanceof ServerException s && s.code().equals("consent_required");
  }

  private long modelVersion() {
    synchronized (state) {
      return models.version();
    }
  }

  private ParticipationResult runAssignedRound(String token, String device, RoundPlan plan) {
    ServerConnection connection = server.connection();
    SecAggSession session =
        server.send(
            "training",
            "GET /v1/devices/{id}/rounds/{round}/session",
            "asked for the secure-aggregation session of round " + plan.round(),
            () -> connection.session(token, device, plan.round()));
    DeviceRound.checkSession(plan, session);
    if (modelVersion() != plan.modelVersion()) {
      registration.download(token, plan.modelVersion(), "training");
    }
    ModelSnapshot m;
    CooccurrenceRecommender cooc;
    int[] rows;
    synchronized (state) {
      m = models.model();
      cooc = models.cooccurrence();
      rows = ranker.positiveRows();
    }
    Contribution c =
        cooc != null
            ? cooc.contribute(rows, plan, env.random())
            : DeviceStep.contribute(m, rows, plan, env.random());
    LoggedRound link = new LoggedRound(connection.round(token, device, plan.round()), server, plan);
    DeviceRound.run(plan, session, c.encodedShared(), link, env.secure());
    return new ParticipationResult(
        ParticipationResult.Status.CONTRIBUTED,
        plan.round(),
        "contributed a masked update to round " + plan.round());
  }
}
