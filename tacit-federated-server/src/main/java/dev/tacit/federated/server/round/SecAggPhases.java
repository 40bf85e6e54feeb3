package dev.tacit.federated.server.round;

import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.round.SecAggWire;
import dev.tacit.protocol.KeyAdvert;
import dev.tacit.protocol.NeighbourKeyList;
import dev.tacit.protocol.SecAggSession;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.UnmaskAnswer;
import dev.tacit.protocol.UnmaskQuery;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.message.NeighbourKeys;
import dev.tacit.secagg.message.RoutedShares;
import dev.tacit.secagg.message.UnmaskRequest;
import dev.tacit.secagg.server.AggregateSum;
import dev.tacit.secagg.server.SecAggServer;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SecAgg+ server of one round in wire terms: the session it runs, the messages it takes, and
 * what it answers each client once a phase has closed (null for a client that has no answer: a
 * dropout). Not thread-safe: the session calls it under its lock.
 */
final class SecAggPhases {
  private final SecAggConfig config;
  private final SecAggServer server;
  private Map<Integer, NeighbourKeys> neighbours = Map.of();
  private Map<Integer, RoutedShares> routed = Map.of();
  private Map<Integer, UnmaskRequest> unmaskRequests = Map.of();

  private SecAggPhases(SecAggConfig config, SecureRandom random) {
    this.config = config;
    this.server = SecAggServer.create(config, random);
  }

  /**
   * The session of round {@code round} for {@code n} clients, with a fresh random session id, over
   * the complete graph up to {@link RoundSession#COMPLETE_GRAPH_UP_TO} clients.
   */
  static SecAggPhases start(long round, int n, RoundPlan plan, SecureRandom random) {
    byte[] nonce = new byte[8];
    random.nextBytes(nonce);
    StringBuilder id = new StringBuilder("r").append(round).append('-');
    for (byte b : nonce) {
      id.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    SecAggConfig config =
        SecAggConfig.create(id.toString(), round, n, plan.dimension())
            .withModulusBits(plan.modulusBits());
    if (n <= RoundSession.COMPLETE_GRAPH_UP_TO) {
      config = config.withNeighbourhoodSize(n);
    }
    return new SecAggPhases(config, random);
  }

  /** The client ids 1..n, every one expected to advertise. */
  Set<Integer> clients() {
    Set<Integer> all = new LinkedHashSet<>();
    for (int i = 1; i <= config.numClients(); i++) {
      all.add(i);
    }
    return all;
  }

  /** The session parameters client {@code id} runs with. */
  SecAggSession session(int id) {
    return SecAggWire.session(config, id);
  }

  void advertise(KeyAdvert keys) {
    server.receive(SecAggWire.advert(config, keys));
  }

  void shares(int id, ShareBundle shares) {
    server.receive(SecAggWire.shares(config, id, shares));
  }

  void masked(int id, byte[] frame) {
    server.receive(SecAggWire.masked(config, id, frame));
  }

  void unmask(int id, UnmaskAnswer answer) {
    server.receive(SecAggWire.answer(config, id, answer));
  }

  /** Closes round 0: the clients that advertised, each expected to share. */
  Set<Integer> finishAdvertising() {
    neighbours = server.finishAdvertising();
    return Set.copyOf(neighbours.keySet());
  }

  /** Closes round 1: the clients whose shares were routed, each expected to send its input. */
  Set<Integer> finishSharing() {
    routed = server.finishSharing();
    return Set.copyOf(routed.keySet());
  }

  /** Closes round 2: the clients asked to unmask, each expected to answer. */
  Set<Integer> finishMasking() {
    unmaskRequests = server.finishMasking();
    return Set.copyOf(unmaskRequests.keySet());
  }

  /** The release was refused: no unmask request is handed out. */
  void withholdUnmasking() {
    unmaskRequests = Map.of();
  }

  /** Closes round 3: the sum of the counted inputs. */
  AggregateSum finishUnmasking() {
    return server.finishUnmasking();
  }

  /** The keys of client {@code id}'s neighbours, or null. */
  NeighbourKeyList neighboursOf(int id) {
    NeighbourKeys keys = neighbours.get(id);
    return keys == null ? null : SecAggWire.neighbours(keys);
  }

  /** The shares routed to client {@code id}, or null. */
  ShareBundle routedTo(int id) {
    RoutedShares shares = routed.get(id);
    return shares == null ? null : SecAggWire.routed(shares);
  }

  /** Which shares client {@code id} is asked to reveal, or null. */
  UnmaskQuery queryFor(int id) {
    UnmaskRequest request = unmaskRequests.get(id);
    return request == null ? null : SecAggWire.query(request);
  }

  /**
   * Takes client {@code id}'s masked input out of the sum, if it arrived and the masking phase is
   * still open.
   *
   * @return whether an input was taken out
   */
  boolean dropMaskedInput(int id) {
    return routed.containsKey(id) && server.dropMaskedInput(id);
  }

  /** The clients whose masked input is counted. */
  List<Integer> countedClients() {
    return server.countedClients();
  }

  /**
   * Whether closing the phase now leaves every client {@code attendance} expects with at least the
   * threshold plus {@code margin} neighbours that sent.
   */
  boolean viable(Attendance attendance, int margin) {
    return attendance.viable(server.graph(), config.threshold() + margin);
  }
}
