package dev.tacit.secagg.server;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.Phase;
import dev.tacit.secagg.SecAggAbortedException;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.graph.NeighbourGraph;
import dev.tacit.secagg.internal.vector.ModularVector;
import dev.tacit.secagg.message.AdvertiseKeys;
import dev.tacit.secagg.message.EncryptedShare;
import dev.tacit.secagg.message.MaskedInput;
import dev.tacit.secagg.message.NeighbourKeys;
import dev.tacit.secagg.message.RoutedShares;
import dev.tacit.secagg.message.SecAggMessage;
import dev.tacit.secagg.message.ShareKeys;
import dev.tacit.secagg.message.UnmaskRequest;
import dev.tacit.secagg.message.UnmaskResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The server of one secure-aggregation session (Bonawitz et al., CCS 2017, over the SecAgg+ graph
 * of Bell et al., CCS 2020). It collects each round's messages with {@code receive}, closes the
 * round with {@code finish...}, which returns the messages for the next one, and finally returns
 * the sum of exactly the inputs it counted.
 *
 * <p>Clients that drop out are tolerated in every round. A client whose neighbourhood falls below
 * the threshold t before it sends its masked input is left out of the session; after masked inputs
 * are collected, the session aborts (releasing nothing, reconstructing nothing) when fewer than t
 * neighbours of any client whose secret is needed answer. Messages from the wrong session, round or
 * phase, duplicates and malformed ones are refused. Methods are thread-safe.
 *
 * <p>Until round 2 closes, a client's masked input can still be left out ({@link
 * #dropMaskedInput}), for a client whose owner withdrew consent: so the server keeps every masked
 * input of round 2 until it closes, n·m residues for n clients and vectors of m (for example 190
 * clients of 53,824 32-bit residues: 41 MB), and then only the running sum.
 */
public final class SecAggServer {
  private final SecAggConfig config;
  private final NeighbourGraph graph;
  private final int threads;
  private final MessageChecks checks;

  private Phase phase = Phase.ADVERTISE_KEYS;
  private boolean finished;
  private SecAggAbortedException abort;

  private final Map<Integer, AdvertiseKeys> advertised = new TreeMap<>();
  private final Set<String> advertisedKeys = new HashSet<>();
  private final Map<Integer, int[]> announced = new TreeMap<>();
  private final Map<Integer, ShareKeys> shared = new TreeMap<>();
  private final TreeSet<Integer> sharers = new TreeSet<>();
  private final TreeSet<Integer> counted = new TreeSet<>();
  private final Map<Integer, MaskedInput> received = new TreeMap<>();
  private final Set<Integer> leftOut = new HashSet<>();
  private ModularVector sum;
  private final Map<Integer, UnmaskRequest> requests = new TreeMap<>();
  private final Map<Integer, UnmaskResponse> responses = new TreeMap<>();

  private SecAggServer(SecAggConfig config, NeighbourGraph graph, int threads) {
    this.config = config;
    this.graph = graph;
    this.threads = threads;
    this.checks = new MessageChecks(config);
  }

  /**
   * A server for {@code config} with a fresh random neighbour graph (the complete graph when {@code
   * k == n}) and unmasking spread over all available processors.
   */
  public static SecAggServer create(SecAggConfig config, SecureRandom random) {
    Preconditions.checkNotNull(config, "config");
    Preconditions.checkNotNull(random, "random");
    return create(
        config,
        NeighbourGraph.harary(config.numClients(), config.neighbourhoodSize(), random::nextInt),
        Runtime.getRuntime().availableProcessors());
  }

  /**
   * A server for {@code config} over {@code graph}, unmasking with {@code unmaskingThreads} threads
   * (1 runs everything on the calling thread).
   *
   * @throws IllegalArgumentException if the graph does not match the configuration or {@code
   *     unmaskingThreads < 1}
   */
  public static SecAggServer create(
      SecAggConfig config, NeighbourGraph graph, int unmaskingThreads) {
    Preconditions.checkNotNull(config, "config");
    Preconditions.checkNotNull(graph, "graph");
    Preconditions.checkArgument(
        graph.size() == config.numClients()
            && graph.neighbourhoodSize() == config.neighbourhoodSize(),
        "graph %s does not match n = %d, k = %d",
        graph,
        config.numClients(),
        config.neighbourhoodSize());
    Preconditions.checkArgument(
        unmaskingThreads >= 1, "unmaskingThreads must be >= 1, was %d", unmaskingThreads);
    return new SecAggServer(config, graph, unmaskingThreads);
  }

  /** The session parameters. */
  public SecAggConfig config() {
    return config;
  }

  /** The neighbour graph of the session. */
  public NeighbourGraph graph() {
    return graph;
  }

  /** The round whose messages the server currently collects. */
  public synchronized Phase phase() {
    return phase;
  }

  /** Whether the session has aborted. */
  public synchronized boolean isAborted() {
    return abort != null;
  }

  /** Receives a client's advertised keys (round 0). */
  public synchronized void receive(AdvertiseKeys message) {
    Preconditions.checkNotNull(message, "message");
    int sender = message.sender();
    expectPhase(Phase.ADVERTISE_KEYS, "AdvertiseKeys", sender);
    checks.session(message.sessionId(), message.round(), "AdvertiseKeys", sender);
    checks.client(sender);
    Preconditions.checkArgument(
        !advertised.containsKey(sender),
        "duplicate AdvertiseKeys from client %d: replay refused",
        sender);
    String encryption = Arrays.toString(message.encryptionPublicKey());
    String mask = Arrays.toString(message.maskPublicKey());
    Preconditions.checkArgument(
        !encryption.equals(mask)
            && !advertisedKeys.contains(encryption)
            && !advertisedKeys.contains(mask),
        "client %d advertised a public key that is already in use: keys must be unique",
        sender);
    advertisedKeys.add(encryption);
    advertisedKeys.add(mask);
    advertised.put(sender, message);
  }

  /**
   * Closes round 0: leaves out clients with fewer than t advertised neighbours (itself included)
   * and returns, for each remaining client, its neighbours' keys.
   *
   * @throws SecAggAbortedException if no client has t neighbours left
   */
  public synchronized Map<Integer, NeighbourKeys> finishAdvertising() {
    expectPhase(Phase.ADVERTISE_KEYS, "finishAdvertising", 0);
    Set<Integer> alive = prune(new TreeSet<>(advertised.keySet()), Phase.ADVERTISE_KEYS);
    Map<Integer, NeighbourKeys> out = new LinkedHashMap<>();
    for (int u : alive) {
      int[] members = aliveNeighbourhood(u, alive);
      announced.put(u, members);
      List<AdvertiseKeys> keys = new ArrayList<>(members.length);
      for (int v : members) {
        keys.add(advertised.get(v));
      }
      out.put(u, new NeighbourKeys(config.sessionId(), config.round(), u, keys));
    }
    phase = Phase.SHARE_KEYS;
    return out;
  }

  /** Receives a client's encrypted shares (round 1). */
  public synchronized void receive(ShareKeys message) {
    Preconditions.checkNotNull(message, "message");
    int sender = message.sender();
    admit(Phase.SHARE_KEYS, message, "ShareKeys", sender, announced.keySet(), shared.keySet());
    checks.shares(message, announced.get(sender));
    shared.put(sender, message);
  }

  /**
   * Closes round 1: leaves out clients with fewer than t neighbours (itself included) that shared
   * keys, and routes each remaining client the shares its remaining neighbours encrypted for it.
   *
   * @throws SecAggAbortedException if no client has t neighbours left
   */
  public synchronized Map<Integer, RoutedShares> finishSharing() {
    expectPhase(Phase.SHARE_KEYS, "finishSharing", 0);
    Set<Integer> alive = prune(new TreeSet<>(shared.keySet()), Phase.SHARE_KEYS);
    sharers.addAll(alive);
    Map<Integer, List<EncryptedShare>> inbox = new TreeMap<>();
    for (int u : alive) {
      inbox.put(u, new ArrayList<>());
    }
    for (int u : alive) {
      for (EncryptedShare share : shared.get(u).shares()) {
        List<EncryptedShare> box = inbox.get(share.recipient());
        if (box != null) {
          box.add(share);
        }
      }
    }
    Map<Integer, RoutedShares> out = new LinkedHashMap<>();
    for (Map.Entry<Integer, List<EncryptedShare>> entry : inbox.entrySet()) {
      out.put(
          entry.getKey(),
          new RoutedShares(config.sessionId(), config.round(), entry.getKey(), entry.getValue()));
    }
    shared.clear();
    sum = ModularVector.zeros(config.modulusBits(), config.vectorLength());
    phase = Phase.MASKED_INPUT;
    return out;
  }

  /** Receives a client's masked input (round 2) and adds it to the running sum. */
  public synchronized void receive(MaskedInput message) {
    Preconditions.checkNotNull(message, "message");
    int sender = message.sender();
    admit(Phase.MASKED_INPUT, message, "MaskedInput", sender, sharers, counted);
    Preconditions.checkArgument(
        !leftOut.contains(sender),
        "MaskedInput from client %d, which was left out of the session: refused",
        sender);
    Preconditions.checkArgument(
        message.modulusBits() == config.modulusBits() && message.length() == config.vectorLength(),
        "MaskedInput from client %d has %d elements of %d bits, expected %d of %d bits",
        sender,
        message.length(),
        message.modulusBits(),
        config.vectorLength(),
        config.modulusBits());
    sum.add(message);
    counted.add(sender);
    received.put(sender, message);
  }

  /**
   * Leaves client {@code sender} out of the sum (its owner withdrew consent before round 2 closed):
   * its masked input, if it arrived, is taken out of the running sum, a later one is refused, and
   * the client is then treated like one that dropped before sending its masked input, so {@link
   * #finishMasking} asks its counted neighbours for its mask-key shares. Only possible while masked
   * inputs are collected: once round 2 has closed, the surviving clients reveal the self-mask
   * shares of every counted client, and revealing both kinds of share of one client would expose
   * its input.
   *
   * @return whether a masked input of the client had arrived (and was taken out)
   * @throws IllegalStateException if the session does not collect masked inputs now
   * @throws IllegalArgumentException if the client did not share keys in round 1
   */
  public synchronized boolean dropMaskedInput(int sender) {
    expectPhase(Phase.MASKED_INPUT, "dropMaskedInput", sender);
    Preconditions.checkArgument(
        sharers.contains(sender),
        "client %d is not in the session after round 1: nothing to leave out",
        sender);
    leftOut.add(sender);
    MaskedInput input = received.remove(sender);
    if (input == null) {
      return false;
    }
    sum.subtract(input);
    counted.remove(sender);
    return true;
  }

  /** The clients whose masked inputs are in the sum so far (round 2), in order. */
  public synchronized List<Integer> countedClients() {
    return List.copyOf(counted);
  }

  /**
   * Closes round 2: fixes the counted clients and asks each of them, for each neighbour, for the
   * self-mask-seed share (counted neighbours) or the mask-key share (neighbours that dropped after
   * sharing keys).
   *
   * @throws SecAggAbortedException if a counted client has fewer than t counted neighbours, or a
   *     dropped client whose masks must be removed has fewer than t counted neighbours
   */
  public synchronized Map<Integer, UnmaskRequest> finishMasking() {
    expectPhase(Phase.MASKED_INPUT, "finishMasking", 0);
    if (counted.isEmpty()) {
      throw fail(Phase.MASKED_INPUT, "no client delivered a masked input");
    }
    for (int u : sharers) {
      int[] alive = aliveNeighbourhood(u, counted);
      boolean needed = counted.contains(u) || alive.length > 0;
      if (needed && alive.length < config.threshold()) {
        throw fail(
            Phase.MASKED_INPUT,
            String.format(
                "only %d neighbours of client %d delivered masked inputs; the threshold is %d",
                alive.length, u, config.threshold()));
      }
    }
    Map<Integer, UnmaskRequest> out = new LinkedHashMap<>();
    for (int u : counted) {
      List<Integer> survivors = new ArrayList<>();
      List<Integer> dropped = new ArrayList<>();
      for (int v : aliveNeighbourhood(u, sharers)) {
        (counted.contains(v) ? survivors : dropped).add(v);
      }
      UnmaskRequest request =
          new UnmaskRequest(config.sessionId(), config.round(), u, survivors, dropped);
      requests.put(u, request);
      out.put(u, request);
    }
    received.clear();
    phase = Phase.UNMASK;
    return out;
  }

  /** Receives a client's revealed shares (round 3). */
  public synchronized void receive(UnmaskResponse message) {
    Preconditions.checkNotNull(message, "message");
    int sender = message.sender();
    expectPhase(Phase.UNMASK, "UnmaskResponse", sender);
    checks.session(message.sessionId(), message.round(), "UnmaskResponse", sender);
    UnmaskRequest request = requests.get(sender);
    Preconditions.checkArgument(
        request != null, "UnmaskResponse from client %d, which was not asked", sender);
    Preconditions.checkArgument(
        !responses.containsKey(sender),
        "duplicate UnmaskResponse from client %d: replay refused",
        sender);
    checks.answers(message, request);
    responses.put(sender, message);
  }

  /**
   * Closes round 3: reconstructs the self-mask seeds of the counted clients, removes their self
   * masks and the pairwise masks the counted clients share with dropped ones, and returns the sum
   * of the counted inputs. A pairwise mask is removed with the key its counted client revealed;
   * only when some counted neighbour of a dropped client did not answer is that client's mask key
   * reconstructed, checked against its advertised public key and agreed with the neighbours whose
   * keys are missing.
   *
   * @throws SecAggAbortedException if fewer than t neighbours of any client whose secret is needed
   *     answered (checked before any reconstruction), or a reconstructed key does not match the
   *     advertised one
   */
  public synchronized AggregateSum finishUnmasking() {
    expectPhase(Phase.UNMASK, "finishUnmasking", 0);
    try {
      sum.add(
          new Unmasker(config, threads, advertised, u -> aliveNeighbourhood(u, counted))
              .masks(responses.values(), sharers, counted));
    } catch (SecAggAbortedException e) {
      throw fail(e.phase(), e.reason());
    }
    long[] result = sum.toResidues();
    finished = true;
    responses.clear();
    return new AggregateSum(config.modulusBits(), result, new ArrayList<>(counted));
  }

  private Set<Integer> prune(TreeSet<Integer> alive, Phase current) {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Integer u : new ArrayList<>(alive)) {
        if (aliveNeighbourhood(u, alive).length < config.threshold()) {
          alive.remove(u);
          changed = true;
        }
      }
    }
    if (alive.isEmpty()) {
      throw fail(
          current,
          String.format(
              "no client has %d neighbours (itself included) left in the session",
              config.threshold()));
    }
    return alive;
  }

  private int[] aliveNeighbourhood(int u, Set<Integer> alive) {
    return Arrays.stream(graph.neighbourhood(u)).filter(alive::contains).toArray();
  }

  private SecAggAbortedException fail(Phase current, String reason) {
    abort = new SecAggAbortedException(config.sessionId(), current, reason);
    if (sum != null) {
      sum.clear();
    }
    received.clear();
    responses.clear();
    return abort;
  }

  /**
   * Checks what a client's message ({@code what}) of phase {@code expected} must pass before its
   * contents are read, in this order: that it arrives in that phase, belongs to this session and
   * round, comes from a client that is still {@code inSession} after the round before (the phases
   * are the rounds 0 to 3, in order), and is not a replay of one already {@code received}.
   */
  private void admit(
      Phase expected,
      SecAggMessage message,
      String what,
      int sender,
      Set<Integer> inSession,
      Set<Integer> received) {
    expectPhase(expected, what, sender);
    checks.session(message.sessionId(), message.round(), what, sender);
    Preconditions.checkArgument(
        inSession.contains(sender),
        "%s from client %d, which is not in the session after round %d",
        what,
        sender,
        expected.ordinal() - 1);
    Preconditions.checkArgument(
        !received.contains(sender), "duplicate %s from client %d: replay refused", what, sender);
  }

  private void expectPhase(Phase expected, String what, int sender) {
    if (abort != null) {
      throw new IllegalStateException(
          "session " + config.sessionId() + " has aborted: " + abort.reason(), abort);
    }
    Preconditions.checkState(
        !finished, "session %s has finished; %s refused", config.sessionId(), what);
    if (phase != expected) {
      String from = sender > 0 ? " from client " + sender : "";
      throw new IllegalStateException(
          String.format(
              "%s%s arrives in phase %s of session %s, expected in phase %s: %s refused",
              what,
              from,
              phase,
              config.sessionId(),
              expected,
              phase.ordinal() > expected.ordinal() ? "late or replayed message" : "early message"));
    }
  }

  @Override
  public synchronized String toString() {
    return "SecAggServer[session="
        + config.sessionId()
        + ", phase="
        + phase
        + ", aborted="
        + (abort != null)
        + "]";
  }
}
