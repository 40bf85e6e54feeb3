package dev.tacit.server;

import dev.tacit.client.server.HttpServerConnection;
import dev.tacit.client.server.RoundLinks;
import dev.tacit.client.server.ServerConnection;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.device.DeviceStep;
import dev.tacit.federated.round.DeviceRound;
import dev.tacit.federated.round.PlanWire;
import dev.tacit.federated.round.RoundTransport;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.CheckIn;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.Protocol;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.SecAggSession;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Random;

/**
 * A device on the SDK's real HTTP transport ({@link HttpServerConnection}) and the real SecAgg+
 * device code ({@link DeviceStep}, {@link DeviceRound}), whose contribution a test may change
 * before it is masked: a device that lies about its update, or adds no noise.
 */
final class RoundDevice {
  final String id;
  final String token;
  private final ServerConnection server;
  private final String policy;
  private final java.time.Clock clock;

  private RoundDevice(
      String id, String token, ServerConnection server, String policy, java.time.Clock clock) {
    this.id = id;
    this.token = token;
    this.server = server;
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * Registers a device and grants {@code training}, dating its decisions by {@code clock} (the
   * server's, when a test fakes it: the server refuses decisions dated far ahead of its clock).
   */
  static RoundDevice trainer(URI base, String policy, java.time.Clock clock) {
    ServerConnection server =
        HttpServerConnection.builder(base).roundTimeout(Duration.ofSeconds(60)).build();
    RegistrationResponse r = server.register(new RegistrationRequest(Protocol.VERSION, "test"));
    RoundDevice d = new RoundDevice(r.deviceId(), r.token(), server, policy, clock);
    d.consent(Purpose.TRAINING, true);
    return d;
  }

  /** Grants or withdraws a purpose. */
  void consent(Purpose purpose, boolean granted) {
    server.consent(token, new ConsentUpdate(id, purpose, granted, policy, clock.instant()));
  }

  /** Checks in, waiting (up to 20 s) until recruiting closes. */
  CheckInResponse checkIn() {
    return server.checkIn(token, new CheckIn(id, -1));
  }

  /** The plan of an assignment. */
  static RoundPlan plan(CheckInResponse answer) {
    if (answer.assignment() == null) {
      throw new IllegalStateException(
          "no assignment: retry after " + answer.retryAfterSeconds() + " s");
    }
    return PlanWire.plan(answer.assignment());
  }

  /** The SecAgg+ session of {@code round}. */
  SecAggSession session(long round) {
    return server.session(token, id, round);
  }

  /** The SDK's link of the round's phases, as the transport {@link DeviceRound} runs over. */
  RoundTransport transport(long round) {
    return RoundLinks.transport(server.round(token, id, round));
  }

  /**
   * An honest contribution: a random update with L2 norm twice the clip norm, clipped, quantized
   * and noised as the plan says (the device step every client runs).
   */
  static long[] honest(RoundPlan plan, long seed) {
    Random r = new Random(seed);
    double[] update = new double[plan.dimension()];
    double norm = 0;
    for (int i = 0; i < update.length; i++) {
      update[i] = r.nextGaussian();
      norm += update[i] * update[i];
    }
    double f = 2 * plan.clipNorm() / Math.sqrt(norm);
    for (int i = 0; i < update.length; i++) {
      update[i] *= f;
    }
    return DeviceStep.encode(update, plan, RandomSource.seeded(seed)).encoded();
  }

  /** {@code encoded} multiplied by {@code factor} modulo the plan's modulus: a poisoned update. */
  static long[] scaled(long[] encoded, long factor, RoundPlan plan) {
    long[] out = new long[encoded.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (encoded[i] * factor) & plan.mask();
    }
    return out;
  }

  /** Runs the four SecAgg+ phases with {@code input} over {@code transport}. */
  void run(RoundPlan plan, long[] input, RoundTransport transport) {
    DeviceRound.run(plan, session(plan.round()), input, transport, new SecureRandom());
  }
}
