package dev.tacit.federated.round;

import dev.tacit.federated.RoundPlan;
import dev.tacit.protocol.SecAggSession;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.client.SecAggClient;
import dev.tacit.secagg.message.NeighbourKeys;
import dev.tacit.secagg.message.RoutedShares;
import dev.tacit.secagg.message.UnmaskRequest;
import java.security.SecureRandom;
import java.util.Locale;

/**
 * The device side of the SecAgg+ phases of one round: checks that the server's session is safe for
 * the plan, then advertises keys, shares, masks its input and answers the unmasking request, with
 * {@link SecAggClient} doing every check of the protocol (unique keys, no request for both shares
 * of a neighbour, no second answer). Only masked values and encrypted shares leave.
 */
public final class DeviceRound {
  private DeviceRound() {}

  /**
   * Checks that the noise multiplier a plan claims is one its own noise can give: even if every one
   * of the plan's minimum survivors adds its discrete Gaussian share honestly, the sum's noise is
   * {@code σ_device·√minSurvivors}, over a sensitivity of {@code C·scale + √d} (the device's own
   * clip and rounding, whatever sensitivity the plan states). A server that claimed more would make
   * the device record, and show its user, a smaller ε against the server than its noise gives. With
   * no noise at the devices (central noise) the device claims no ε against the server, so there is
   * nothing to check.
   *
   * @throws RoundException INVALID if the claim is larger than that
   */
  public static void checkNoiseClaim(RoundPlan plan) {
    if (plan.deviceNoiseSigma() == 0) {
      return;
    }
    double sensitivity = plan.clipNorm() * plan.scale() + Math.sqrt(plan.dimension());
    double most = plan.deviceNoiseSigma() * Math.sqrt(plan.minSurvivors()) / sensitivity;
    if (!(plan.noiseMultiplier() <= most * (1 + 1e-9))) {
      throw new RoundException(
          RoundException.Kind.INVALID,
          String.format(
              Locale.ROOT,
              "refusing a plan that claims noise multiplier %.6g: the noise it asks of its devices"
                  + " (sigma %.6g from each of at least %d, over a sensitivity of %.6g) gives at"
                  + " most %.6g",
              plan.noiseMultiplier(),
              plan.deviceNoiseSigma(),
              plan.minSurvivors(),
              sensitivity,
              most));
    }
  }

  /**
   * Checks that a session is consistent with the plan and not weaker than the defaults: a server
   * that lowers the threshold or the neighbourhood could reconstruct a device's masks with the help
   * of fewer devices.
   *
   * @throws RoundException INVALID if it is not
   */
  public static void checkSession(RoundPlan plan, SecAggSession s) {
    String problem = null;
    if (s.round() != plan.round()) {
      problem = "the session is for round " + s.round() + ", the plan for " + plan.round();
    } else if (s.vectorLength() != plan.dimension()) {
      problem = "the session sums " + s.vectorLength() + " values, the plan " + plan.dimension();
    } else if (s.modulusBits() != plan.modulusBits()) {
      problem =
          "the session works modulo 2^" + s.modulusBits() + ", the plan 2^" + plan.modulusBits();
    } else if (s.numClients() != plan.cohortSize()) {
      problem = "the session has " + s.numClients() + " devices, the plan " + plan.cohortSize();
    } else if (s.neighbourhoodSize()
        < Math.min(s.numClients(), SecAggConfig.defaultNeighbourhoodSize(s.numClients()))) {
      problem =
          "the neighbourhood of "
              + s.neighbourhoodSize()
              + " is smaller than the "
              + SecAggConfig.defaultNeighbourhoodSize(s.numClients())
              + " a cohort of "
              + s.numClients()
              + " needs";
    } else if (s.threshold() < SecAggConfig.defaultThreshold(s.neighbourhoodSize())) {
      problem =
          "the threshold "
              + s.threshold()
              + " is below "
              + SecAggConfig.defaultThreshold(s.neighbourhoodSize())
              + " = ceil(2k/3)";
    }
    if (problem != null) {
      throw new RoundException(
          RoundException.Kind.INVALID, "refusing an unsafe SecAgg+ session: " + problem);
    }
  }

  /**
   * Runs the four phases for {@code input} (this device's noised, quantized update).
   *
   * @throws RoundException if the session is unsafe
   * @throws RuntimeException whatever the transport or the SecAgg+ client throws; the device is
   *     then a dropout
   */
  public static void run(
      RoundPlan plan,
      SecAggSession session,
      long[] input,
      RoundTransport transport,
      SecureRandom random) {
    checkSession(plan, session);
    SecAggConfig c = SecAggWire.config(session);
    int id = session.clientId();
    SecAggClient client = SecAggClient.create(c, id, random);
    transport.advertise(SecAggWire.advert(client.advertiseKeys()));
    NeighbourKeys keys = SecAggWire.neighbours(c, id, transport.neighbours());
    transport.shares(SecAggWire.shares(client.shareKeys(keys)));
    RoutedShares shares = SecAggWire.routed(c, id, transport.routedShares());
    transport.maskedInput(SecAggWire.masked(client.maskInput(shares, input)));
    UnmaskRequest request = SecAggWire.query(c, id, transport.unmaskQuery());
    transport.unmask(SecAggWire.answer(client.unmask(request)));
  }
}
