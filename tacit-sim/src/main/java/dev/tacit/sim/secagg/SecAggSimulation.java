package dev.tacit.sim.secagg;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.Phase;
import dev.tacit.secagg.SecAggAbortedException;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.client.SecAggClient;
import dev.tacit.secagg.message.AdvertiseKeys;
import dev.tacit.secagg.message.MaskedInput;
import dev.tacit.secagg.message.NeighbourKeys;
import dev.tacit.secagg.message.RoutedShares;
import dev.tacit.secagg.message.ShareKeys;
import dev.tacit.secagg.message.UnmaskRequest;
import dev.tacit.secagg.message.UnmaskResponse;
import dev.tacit.secagg.server.AggregateSum;
import dev.tacit.secagg.server.SecAggServer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.IntStream;

/**
 * Runs a whole session, the server and all n clients, in one process, with dropouts injected at
 * each phase: for tests, simulations and benchmarks. Client work runs in parallel on the common
 * fork-join pool.
 */
public final class SecAggSimulation {
  private SecAggSimulation() {}

  /**
   * Runs one session over {@code inputs} (client i + 1's input is {@code inputs[i]}, m residues
   * modulo 2^bits), dropping clients as {@code plan} says.
   *
   * <p>The server's graph and every client's keys derive from {@code random}: each client gets its
   * own SHA1PRNG generator seeded from it, so that a seeded {@code random} reproduces a run. That
   * derivation is for simulation only; a real device uses its own {@link SecureRandom}.
   *
   * @throws IllegalArgumentException if there are not n inputs of length m
   */
  public static SimulationResult run(
      SecAggConfig config, long[][] inputs, DropoutPlan plan, SecureRandom random) {
    Preconditions.checkNotNull(config, "config");
    Preconditions.checkNotNull(inputs, "inputs");
    Preconditions.checkNotNull(plan, "plan");
    Preconditions.checkNotNull(random, "random");
    int n = config.numClients();
    Preconditions.checkArgument(
        inputs.length == n, "there must be %d inputs (one per client), was %d", n, inputs.length);
    for (int i = 0; i < n; i++) {
      Preconditions.checkArgument(
          inputs[i] != null && inputs[i].length == config.vectorLength(),
          "input of client %d must have length %d",
          i + 1,
          config.vectorLength());
    }
    SecAggServer server = SecAggServer.create(config, random);
    SecAggClient[] clients = new SecAggClient[n + 1];
    for (int id = 1; id <= n; id++) {
      clients[id] = SecAggClient.create(config, id, derive(random));
    }
    AtomicLongArray bytes = new AtomicLongArray(n + 1);
    try {
      IntStream.rangeClosed(1, n)
          .parallel()
          .filter(id -> plan.takesPart(id, Phase.ADVERTISE_KEYS))
          .forEach(
              id -> {
                AdvertiseKeys message = clients[id].advertiseKeys();
                bytes.addAndGet(id, message.encodedSize());
                server.receive(message);
              });
      Map<Integer, NeighbourKeys> keys = server.finishAdvertising();
      keys.values().parallelStream()
          .filter(m -> plan.takesPart(m.recipient(), Phase.SHARE_KEYS))
          .forEach(
              m -> {
                ShareKeys message = clients[m.recipient()].shareKeys(m);
                bytes.addAndGet(m.recipient(), message.encodedSize());
                server.receive(message);
              });
      Map<Integer, RoutedShares> routed = server.finishSharing();
      routed.values().parallelStream()
          .filter(m -> plan.takesPart(m.recipient(), Phase.MASKED_INPUT))
          .forEach(
              m -> {
                MaskedInput message =
                    clients[m.recipient()].maskInput(m, inputs[m.recipient() - 1]);
                bytes.addAndGet(m.recipient(), message.encodedSize());
                server.receive(message);
              });
      Map<Integer, UnmaskRequest> requests = server.finishMasking();
      requests.values().parallelStream()
          .filter(m -> plan.takesPart(m.recipient(), Phase.UNMASK))
          .forEach(
              m -> {
                UnmaskResponse message = clients[m.recipient()].unmask(m);
                bytes.addAndGet(m.recipient(), message.encodedSize());
                server.receive(message);
              });
      AggregateSum sum = server.finishUnmasking();
      return SimulationResult.completed(sum, server.graph(), max(bytes));
    } catch (SecAggAbortedException e) {
      return SimulationResult.aborted(e, server.graph(), max(bytes));
    }
  }

  private static long max(AtomicLongArray bytes) {
    long max = 0;
    for (int i = 0; i < bytes.length(); i++) {
      max = Math.max(max, bytes.get(i));
    }
    return max;
  }

  private static SecureRandom derive(SecureRandom random) {
    try {
      SecureRandom derived = SecureRandom.getInstance("SHA1PRNG");
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      derived.setSeed(seed);
      return derived;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is not available in this JDK", e);
    }
  }
}
