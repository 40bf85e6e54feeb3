package dev.tacit.secagg.server;

import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.TestRandom;
import dev.tacit.secagg.client.SecAggClient;
import dev.tacit.secagg.graph.NeighbourGraph;
import dev.tacit.secagg.message.AdvertiseKeys;
import dev.tacit.secagg.message.MaskedInput;
import dev.tacit.secagg.message.NeighbourKeys;
import dev.tacit.secagg.message.RoutedShares;
import dev.tacit.secagg.message.ShareKeys;
import dev.tacit.secagg.message.UnmaskRequest;
import java.util.Map;
import java.util.TreeMap;

/** A session driven step by step, so that tests can intercept and alter messages. */
public final class ManualSession {
  public final SecAggConfig config;
  public final SecAggServer server;
  public final SecAggClient[] clients;
  public final long[][] inputs;
  public final Map<Integer, AdvertiseKeys> advertised = new TreeMap<>();
  public Map<Integer, NeighbourKeys> neighbourKeys;
  public final Map<Integer, ShareKeys> shareKeys = new TreeMap<>();
  public Map<Integer, RoutedShares> routed;
  public final Map<Integer, MaskedInput> masked = new TreeMap<>();
  public Map<Integer, UnmaskRequest> requests;

  public ManualSession(SecAggConfig config, long seed) {
    this(config, seed, Runtime.getRuntime().availableProcessors());
  }

  /** A session whose server unmasks with {@code unmaskingThreads} threads. */
  public ManualSession(SecAggConfig config, long seed, int unmaskingThreads) {
    this.config = config;
    this.server =
        SecAggServer.create(
            config,
            NeighbourGraph.harary(
                config.numClients(), config.neighbourhoodSize(), TestRandom.seeded(seed)::nextInt),
            unmaskingThreads);
    this.clients = new SecAggClient[config.numClients() + 1];
    for (int id = 1; id <= config.numClients(); id++) {
      clients[id] = SecAggClient.create(config, id, TestRandom.seeded(seed * 1000 + id));
    }
    this.inputs = TestRandom.inputs(config.numClients(), config.vectorLength(), 32, seed);
  }

  /** A complete-graph session of 5 clients, threshold 3, vectors of 16. */
  public static ManualSession small() {
    return new ManualSession(SecAggConfig.create("manual", 3, 5, 16).withThreshold(3), 42);
  }

  public ManualSession advertise() {
    for (int id = 1; id < clients.length; id++) {
      AdvertiseKeys keys = clients[id].advertiseKeys();
      advertised.put(id, keys);
      server.receive(keys);
    }
    neighbourKeys = server.finishAdvertising();
    return this;
  }

  public ManualSession share() {
    for (NeighbourKeys keys : neighbourKeys.values()) {
      ShareKeys message = clients[keys.recipient()].shareKeys(keys);
      shareKeys.put(keys.recipient(), message);
      server.receive(message);
    }
    routed = server.finishSharing();
    return this;
  }

  public ManualSession mask() {
    for (RoutedShares shares : routed.values()) {
      MaskedInput message =
          clients[shares.recipient()].maskInput(shares, inputs[shares.recipient() - 1]);
      masked.put(shares.recipient(), message);
      server.receive(message);
    }
    requests = server.finishMasking();
    return this;
  }
}
