package dev.tacit.federated.round;

import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.server.BudgetExceededException;
import dev.tacit.federated.server.FederatedServer;
import dev.tacit.federated.server.ReleaseGate;
import dev.tacit.federated.server.RoundAlgorithm;
import dev.tacit.federated.server.SumRejectedException;
import dev.tacit.privacy.random.RandomSource;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * One federated round over SecAgg+ (DESIGN.md, "One federated round"), independent of the
 * transport: devices check in while it recruits (each selected with probability q), then the four
 * SecAgg+ phases run with a deadline each, and the unmasked sum goes to {@link
 * FederatedServer#finishRound}. A phase closes as soon as every device expected in it has sent, or
 * when its deadline passes ({@link #tick}); devices that have not sent by then are dropouts, which
 * SecAgg+ survives down to its threshold. Any failure aborts the round and the model does not
 * change.
 *
 * <p>Privacy is charged when the masking phase closes ({@link FederatedServer#release}, through the
 * session's {@link ReleaseGate}), right before the unmask requests go out: from then on the server
 * could compute the sum. A round aborted earlier charges nothing; one aborted later, or whose sum
 * is {@linkplain Status#REJECTED rejected}, keeps its charge. If the gate refuses the charge, the
 * round aborts before any unmask request is sent.
 *
 * <p>A device that withdraws its training consent ({@link #withdraw}) is refused from then on and
 * is a dropout: if its masked input arrived before the masking phase closed, it is taken out of the
 * sum. After that the counted inputs are fixed (the survivors reveal the self-mask shares of every
 * counted device, and revealing both kinds of share of one device would expose its input), so an
 * input counted by then stays in the released sum.
 *
 * <p>The HTTP server and the in-process test server both drive this class. Thread-safe: every
 * method holds the session's lock; {@link #awaitPast} waits on it without holding it.
 */
public final class RoundSession {
  /** Neighbours beyond the threshold an early close keeps for later phases' dropouts. */
  static final int EARLY_CLOSE_MARGIN = 1;

  /** Idle gaps a quorate phase waits before closing without {@link #EARLY_CLOSE_MARGIN}. */
  static final int PATIENCE = 10;

  /** Where a round is. */
  public enum Status {
    /** Devices check in and are sampled. */
    RECRUITING,
    /** SecAgg+ round 0: devices advertise their public keys. */
    ADVERTISING,
    /** SecAgg+ round 1: devices send encrypted shares. */
    SHARING,
    /** SecAgg+ round 2: devices send masked inputs. */
    MASKING,
    /** SecAgg+ round 3: devices reveal shares so the server can remove the masks. */
    UNMASKING,
    /** The sum was released and the model stepped. */
    COMPLETED,
    /** The round ended without a model: nothing was released if it ended before unmasking. */
    ABORTED,
    /**
     * The sum was released (and charged) but was larger than honest devices can produce ({@link
     * dev.tacit.federated.server.SumCheck}): no model was published.
     */
    REJECTED;

    /** Whether the round is over. */
    public boolean isOver() {
      return this == COMPLETED || this == ABORTED || this == REJECTED;
    }

    /** The lower-case name used on the wire and in the database. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Told of every change of status, under the session's lock (keep it short). */
  @FunctionalInterface
  public interface Listener {
    /** The session moved to a new status. */
    void changed(RoundSession session);
  }

  /**
   * Which devices no longer hold training consent, asked once more when the masking phase closes,
   * for withdrawals that did not reach {@link #withdraw} (recorded by another server process, say).
   */
  @FunctionalInterface
  public interface ConsentCheck {
    /** The devices among {@code devices} that withdrew training, or were deleted. */
    Set<String> withdrawnAmong(Collection<String> devices);

    /** No second check: every withdrawal reaches {@link #withdraw}. */
    static ConsentCheck none() {
      return devices -> Set.of();
    }
  }

  /** A device's answer at check-in. */
  public enum Decision {
    /** The device is in the cohort. */
    SELECTED,
    /** The device was not sampled for this round. */
    NOT_SELECTED,
    /** The round no longer recruits. */
    CLOSED
  }

  /**
   * Cohorts up to this size use the complete graph (every device a neighbour of every other, the
   * classic SecAgg of Bonawitz et al.): there the O(n²) key agreements are cheap, and a sparse
   * neighbourhood of about 2·log2(n) devices would make the round fail when a few of its dropouts
   * happen to fall in one neighbourhood. Larger cohorts use the sparse SecAgg+ graph.
   */
  public static final int COMPLETE_GRAPH_UP_TO = 100;

  private final long round;
  private final RoundAlgorithm federated;
  private final RoundRules rules;
  private final SecureRandom random;
  private final RandomSource serverRandom;
  private final LongSupplier nanoTime;
  private final IntSupplier eligible;
  private final Listener listener;
  private final ReleaseGate gate;
  private final ConsentCheck consents;

  private Status status = Status.RECRUITING;
  private long deadline;
  private final Map<String, Boolean> decisions = new HashMap<>();
  private final List<String> cohort = new ArrayList<>();
  private final Map<String, Integer> clientOf = new HashMap<>();
  private RoundPlan plan;
  private boolean planOpen;
  private SecAggConfig secAgg;
  private SecAggServer server;
  private Map<Integer, NeighbourKeys> neighbours = Map.of();
  private Map<Integer, RoutedShares> routed = Map.of();
  private Map<Integer, UnmaskRequest> unmaskRequests = Map.of();
  private final Set<Integer> sent = new HashSet<>();
  private long lastMessage;
  private long phaseStart;
  private long quorumAt = -1;
  private Set<Integer> expected = Set.of();
  private int survivors;
  private Object result;
  private String note = "";
  private Status abortedIn;
  private SumRejectedException rejection;
  private boolean released;
  private final Set<String> withdrawn = new HashSet<>();

  private RoundSession(
      long round,
      RoundAlgorithm federated,
      RoundRules rules,
      SecureRandom random,
      RandomSource serverRandom,
      LongSupplier nanoTime,
      IntSupplier eligible,
      Listener listener,
      ReleaseGate gate,
      ConsentCheck consents) {
    this.round = round;
    this.federated = federated;
    this.rules = rules;
    this.random = random;
    this.serverRandom = serverRandom;
    this.nanoTime = nanoTime;
    this.eligible = eligible;
    this.listener = listener;
    this.gate = gate;
    this.consents = consents;
    this.deadline = nanoTime.getAsLong() + rules.recruitWindow().toNanos();
  }

  /**
   * Opens round {@code round} for recruiting, charging its release to {@code federated}'s own
   * accountant only.
   *
   * @see #open(long, RoundAlgorithm, RoundRules, SecureRandom, RandomSource, LongSupplier,
   *     IntSupplier, Listener, ReleaseGate, ConsentCheck)
   */
  public static RoundSession open(
      long round,
      RoundAlgorithm federated,
      RoundRules rules,
      SecureRandom random,
      RandomSource serverRandom,
      LongSupplier nanoTime,
      IntSupplier eligible,
      Listener listener) {
    return open(
        round,
        federated,
        rules,
        random,
        serverRandom,
        nanoTime,
        eligible,
        listener,
        ReleaseGate.none(),
        ConsentCheck.none());
  }

  /**
   * Opens round {@code round} for recruiting. Nothing is charged until the round's sum is released,
   * when the masking phase closes.
   *
   * @param eligible how many devices may check in (those that granted training); recruiting closes
   *     early once that many have
   * @param gate what the release is charged to (the server's privacy ledger), beside {@code
   *     federated}'s own accountant
   * @param consents asked, when the masking phase closes, which devices whose masked input arrived
   *     no longer hold training consent: those are left out of the sum
   * @throws BudgetExceededException if one more round would take ε past the budget: the round does
   *     not start
   */
  public static RoundSession open(
      long round,
      RoundAlgorithm federated,
      RoundRules rules,
      SecureRandom random,
      RandomSource serverRandom,
      LongSupplier nanoTime,
      IntSupplier eligible,
      Listener listener,
      ReleaseGate gate,
      ConsentCheck consents) {
    if (round < 1) {
      throw new IllegalArgumentException("round must be >= 1, was " + round);
    }
    if (gate == null || consents == null) {
      throw new IllegalArgumentException("gate and consents must be given");
    }
    double after = federated.epsilonAfterNextRound();
    if (after > federated.epsilonBudget()) {
      throw new BudgetExceededException(after, federated.epsilonBudget());
    }
    RoundSession s =
        new RoundSession(
            round,
            federated,
            rules,
            random,
            serverRandom,
            nanoTime,
            eligible,
            listener,
            gate,
            consents);
    listener.changed(s);
    return s;
  }

  // ------------------------------------------------------------------ state

  /** The round number. */
  public long round() {
    return round;
  }

  /** The current status. */
  public synchronized Status status() {
    return status;
  }

  /** The plan, once recruiting has closed; null before. */
  public synchronized RoundPlan plan() {
    return plan;
  }

  /** The model version the round trains on. */
  public synchronized long modelVersion() {
    return plan != null ? plan.modelVersion() : federated.modelVersion();
  }

  /** The devices recruited so far. */
  public synchronized int cohortSize() {
    return cohort.size();
  }

  /** The masked inputs counted in the sum (0 until the round completes). */
  public synchronized int survivors() {
    return survivors;
  }

  /** The federated iALS model the round produced, or null (also for another algorithm). */
  public synchronized ModelSnapshot result() {
    return result instanceof ModelSnapshot m ? m : null;
  }

  /** What the round's {@link RoundAlgorithm#finishRound} produced, or null. */
  public synchronized Object outcome() {
    return result;
  }

  /** Why the round was aborted or rejected, or an empty string. */
  public synchronized String note() {
    return note;
  }

  /** Why the round's sum was rejected (with its norm and the bound), or null if it was not. */
  public synchronized SumRejectedException rejection() {
    return rejection;
  }

  /** The status the round was in when it aborted, or null if it did not abort. */
  public synchronized Status abortedIn() {
    return abortedIn;
  }

  /**
   * Whether the round's sum was released and charged (the masking phase closed): true also for a
   * round that aborted or was rejected after that.
   */
  public synchronized boolean released() {
    return released;
  }

  /** The rules. */
  public RoundRules rules() {
    return rules;
  }

  /**
   * Waits until the round has moved past {@code phase} (or is over), at most {@code timeoutMillis}.
   *
   * @return the status then
   */
  public synchronized Status awaitPast(Status phase, long timeoutMillis)
      throws InterruptedException {
    long end = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (status.ordinal() <= phase.ordinal() && !status.isOver()) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000L));
    }
    return status;
  }

  /**
   * Closes the current phase if its deadline has passed, or early: once it has reached the rules'
   * quorum, has been quiet for their idle gap, has given its stragglers half as long again as the
   * quorum took to arrive (a loaded server or a cold start slows every device, not only the
   * dropouts), and leaves every neighbourhood its threshold ({@link #viable}). Call it
   * periodically.
   */
  public synchronized void tick() {
    if (status.isOver()) {
      return;
    }
    long now = nanoTime.getAsLong();
    long quiet = now - lastMessage;
    boolean quorate =
        status != Status.RECRUITING
            && rules.quorum() < 1
            && quorumAt >= 0
            && now - quorumAt >= (quorumAt - phaseStart) / 2
            && quiet >= rules.idleGap().toNanos()
            && (viable(status == Status.UNMASKING ? 0 : EARLY_CLOSE_MARGIN)
                || (quiet >= PATIENCE * rules.idleGap().toNanos() && viable(0)));
    if (now - deadline >= 0 || quorate) {
      close();
    }
  }

  /**
   * Whether closing the phase now would leave every device of the phase, whether it sent or not,
   * with at least the threshold of neighbours that sent (their shares are what reconstructs its
   * masks), plus {@code margin}: an early close must not abort the session, so when stragglers are
   * needed the phase waits for them, or for its deadline.
   *
   * <p>A quorate, quiet phase closes when every neighbourhood keeps one spare neighbour beyond the
   * threshold (before the last phase), so that the next dropout in it does not abort the round:
   * closing at exactly the threshold did that once in about 20 demo rounds. When some neighbourhood
   * has only the threshold, the phase gives its stragglers {@link #PATIENCE} idle gaps before it
   * closes anyway, rather than waiting for its deadline for devices that have most likely dropped.
   */
  private boolean viable(int margin) {
    int t = secAgg.threshold() + margin;
    for (int c : expected) {
      int alive = 0;
      for (int v : server.graph().neighbourhood(c)) {
        if (sent.contains(v)) {
          alive++;
        }
      }
      if (alive < t) {
        return false;
      }
    }
    return true;
  }

  /** Aborts the round (for example, at shutdown): nothing is released. Idempotent. */
  public synchronized void abort(String reason) {
    if (!status.isOver()) {
      fail(reason);
    }
  }

  // ------------------------------------------------------------------ recruiting

  /**
   * A device checks in. The first check-in of a device in a round decides, with probability q,
   * whether it joins; asking again gives the same answer.
   */
  public synchronized Decision checkIn(String device) {
    if (withdrawn.contains(device)) {
      return Decision.CLOSED;
    }
    Boolean decided = decisions.get(device);
    if (decided != null) {
      return decided ? Decision.SELECTED : Decision.NOT_SELECTED;
    }
    if (status != Status.RECRUITING) {
      return Decision.CLOSED;
    }
    boolean selected = random.nextDouble() < rules.samplingRate();
    decisions.put(device, selected);
    if (selected) {
      cohort.add(device);
    }
    if (cohort.size() >= rules.maxCohort() || decisions.size() >= eligible.getAsInt()) {
      close();
    }
    return selected ? Decision.SELECTED : Decision.NOT_SELECTED;
  }

  /**
   * A device that checked in but may not join this round (the server's per-device privacy budget
   * refuses it): it counts among the devices that decided, never selected, so that recruiting does
   * not wait for it until the window closes. Nothing happens outside recruiting, or for a device
   * that decided already.
   */
  public synchronized void decline(String device) {
    if (status != Status.RECRUITING || decisions.containsKey(device)) {
      return;
    }
    decisions.put(device, false);
    if (decisions.size() >= eligible.getAsInt()) {
      close();
    }
  }

  /**
   * The session parameters for {@code device}, once recruiting has closed.
   *
   * @throws RoundException NOT_READY while recruiting, NOT_MEMBER if the device is not in the
   *     cohort, ABORTED if the round was aborted
   */
  public synchronized SecAggSession session(String device) {
    Integer id = member(device, Status.RECRUITING);
    return SecAggWire.session(secAgg, id);
  }

  // ------------------------------------------------------------------ SecAgg+ phases

  /** Round 0: the device's public keys. */
  public synchronized void advertise(String device, KeyAdvert keys) {
    int id = submitting(device, Status.ADVERTISING);
    if (keys.clientId() != id) {
      throw new RoundException(
          RoundException.Kind.INVALID,
          "clientId must be this device's id in the session, " + id + ", was " + keys.clientId());
    }
    receive(id, () -> server.receive(SecAggWire.advert(secAgg, keys)));
  }

  /** Round 0 result: the keys of the device's neighbours. */
  public synchronized NeighbourKeyList neighbours(String device) {
    return SecAggWire.neighbours(outcome(device, Status.ADVERTISING, neighbours));
  }

  /** Round 1: the device's encrypted shares. */
  public synchronized void shares(String device, ShareBundle shares) {
    int id = submitting(device, Status.SHARING);
    receive(id, () -> server.receive(SecAggWire.shares(secAgg, id, shares)));
  }

  /** Round 1 result: the shares routed to the device. */
  public synchronized ShareBundle routedShares(String device) {
    return SecAggWire.routed(outcome(device, Status.SHARING, routed));
  }

  /** Round 2: the device's masked input, a TensorFrame of residues. */
  public synchronized void maskedInput(String device, byte[] frame) {
    int id = submitting(device, Status.MASKING);
    receive(id, () -> server.receive(SecAggWire.masked(secAgg, id, frame)));
  }

  /** Round 3 request: which neighbours' shares to reveal. */
  public synchronized UnmaskQuery unmaskQuery(String device) {
    return SecAggWire.query(outcome(device, Status.MASKING, unmaskRequests));
  }

  /** Round 3: the device's revealed shares. */
  public synchronized void unmask(String device, UnmaskAnswer answer) {
    int id = submitting(device, Status.UNMASKING);
    receive(id, () -> server.receive(SecAggWire.answer(secAgg, id, answer)));
  }

  /** The server's answer to {@code device} once {@code phase} has closed. */
  private <T> T outcome(String device, Status phase, Map<Integer, T> answers) {
    int id = member(device, phase);
    T answer = answers.get(id);
    if (answer == null) {
      throw notInPhase(id, phase);
    }
    return answer;
  }

  private RoundException notInPhase(int id, Status phase) {
    return new RoundException(
        RoundException.Kind.NOT_MEMBER,
        "client "
            + id
            + " did not complete the "
            + phase.wireName()
            + " phase of round "
            + round
            + " in time: it is a dropout");
  }

  /** The device's client id, once {@code after} is over. */
  private int member(String device, Status after) {
    refuseWithdrawn(device);
    if (status == Status.ABORTED) {
      throw new RoundException(
          RoundException.Kind.ABORTED, "round " + round + " was aborted: " + note);
    }
    if (status.ordinal() <= after.ordinal()) {
      throw new RoundException(
          RoundException.Kind.NOT_READY,
          "round " + round + " is still " + status.wireName() + "; ask again");
    }
    Integer id = clientOf.get(device);
    if (id == null) {
      throw new RoundException(
          RoundException.Kind.NOT_MEMBER, "the device is not in the cohort of round " + round);
    }
    return id;
  }

  private int submitting(String device, Status phase) {
    refuseWithdrawn(device);
    if (status == Status.ABORTED) {
      throw new RoundException(
          RoundException.Kind.ABORTED, "round " + round + " was aborted: " + note);
    }
    Integer id = clientOf.get(device);
    if (id == null && status != Status.RECRUITING) {
      throw new RoundException(
          RoundException.Kind.NOT_MEMBER, "the device is not in the cohort of round " + round);
    }
    if (status != phase) {
      throw new RoundException(
          RoundException.Kind.WRONG_PHASE,
          "round " + round + " is " + status.wireName() + ", not " + phase.wireName());
    }
    if (!expected.contains(id)) {
      throw notInPhase(id, Status.values()[phase.ordinal() - 1]);
    }
    if (sent.contains(id)) {
      throw new RoundException(
          RoundException.Kind.REPLAY,
          "client " + id + " already sent its " + phase.wireName() + " message: a replay");
    }
    return id;
  }

  private void refuseWithdrawn(String device) {
    if (withdrawn.contains(device)) {
      throw new RoundException(
          RoundException.Kind.WITHDRAWN,
          "the device withdrew its training consent during round "
              + round
              + ": it is a dropout from then on");
    }
  }

  /**
   * The device withdrew its training consent: from now on every message of it is refused ({@link
   * RoundException.Kind#WITHDRAWN}) and it is a dropout. While the round recruits it leaves the
   * cohort; before the masking phase closes its masked input, if it arrived, is taken out of the
   * sum ({@link SecAggServer#dropMaskedInput}), and its neighbours reveal its mask-key shares as
   * for any dropout. Once the masking phase has closed its input stays counted: the sum's release
   * was charged with it, and its neighbours reveal its self-mask shares; revealing its mask-key
   * shares too would expose its input. Idempotent; a device that is not in the round is only
   * remembered.
   */
  public synchronized void withdraw(String device) {
    if (!withdrawn.add(device) || status.isOver()) {
      return;
    }
    if (status == Status.RECRUITING) {
      cohort.remove(device);
      return;
    }
    Integer id = clientOf.get(device);
    if (id == null) {
      return;
    }
    if (status == Status.MASKING && routed.containsKey(id) && server.dropMaskedInput(id)) {
      sent.remove(id);
    }
    if (expected.contains(id) && !sent.contains(id)) {
      Set<Integer> rest = new HashSet<>(expected);
      rest.remove(id);
      expected = Set.copyOf(rest);
      if (!expected.isEmpty() && sent.containsAll(expected)) {
        close();
      }
    }
  }

  private void receive(int id, Runnable work) {
    try {
      work.run();
    } catch (IllegalArgumentException e) { // a ProtocolException too
      throw new RoundException(RoundException.Kind.INVALID, e.getMessage(), e);
    } catch (IllegalStateException e) { // the SecAgg+ session is in another phase, or over
      throw new RoundException(RoundException.Kind.WRONG_PHASE, e.getMessage(), e);
    }
    sent.add(id);
    lastMessage = nanoTime.getAsLong();
    if (quorumAt < 0 && sent.size() >= Math.ceil(rules.quorum() * expected.size())) {
      quorumAt = lastMessage;
    }
    if (sent.containsAll(expected)) {
      close();
    }
  }

  // ------------------------------------------------------------------ transitions

  private void enter(Status next, Set<Integer> expectedSenders) {
    status = next;
    Set<Integer> senders = new HashSet<>(expectedSenders);
    for (String device : withdrawn) {
      Integer id = clientOf.get(device);
      if (id != null) {
        senders.remove(id);
      }
    }
    expected = Set.copyOf(senders);
    sent.clear();
    lastMessage = nanoTime.getAsLong();
    phaseStart = lastMessage;
    quorumAt = -1;
    deadline = lastMessage + rules.phaseTimeout().toNanos();
    listener.changed(this);
    notifyAll();
  }

  /** Closes the current phase: the deadline passed, or everyone expected has sent. */
  private void close() {
    try {
      switch (status) {
        case RECRUITING -> closeRecruiting();
        case ADVERTISING -> {
          neighbours = server.finishAdvertising();
          enter(Status.SHARING, Set.copyOf(neighbours.keySet()));
        }
        case SHARING -> {
          routed = server.finishSharing();
          enter(Status.MASKING, Set.copyOf(routed.keySet()));
        }
        case MASKING -> closeMasking();
        case UNMASKING -> finish();
        default -> {}
      }
    } catch (RuntimeException e) {
      fail(
          "SecAgg+ "
              + status.wireName()
              + " failed: "
              + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  private void closeRecruiting() {
    int n = cohort.size();
    if (n < rules.minCohort()) {
      fail(
          "only "
              + n
              + " devices were recruited, fewer than the "
              + rules.minCohort()
              + " a round needs");
      return;
    }
    try {
      federated.advanceRoundNumber(round - 1);
      plan = federated.planRound(n);
      planOpen = true;
    } catch (BudgetExceededException e) {
      fail(e.getMessage());
      return;
    }
    List<String> order = new ArrayList<>(cohort);
    Collections.shuffle(order, random);
    for (int i = 0; i < order.size(); i++) {
      clientOf.put(order.get(i), i + 1);
    }
    byte[] nonce = new byte[8];
    random.nextBytes(nonce);
    StringBuilder hex = new StringBuilder("r").append(round).append('-');
    for (byte b : nonce) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    String sessionId = hex.toString();
    secAgg =
        SecAggConfig.create(sessionId, round, n, plan.dimension())
            .withModulusBits(plan.modulusBits());
    if (n <= COMPLETE_GRAPH_UP_TO) {
      secAgg = secAgg.withNeighbourhoodSize(n);
    }
    server = SecAggServer.create(secAgg, random);
    Set<Integer> all = new LinkedHashSet<>();
    for (int i = 1; i <= n; i++) {
      all.add(i);
    }
    enter(Status.ADVERTISING, all);
  }

  /**
   * Closes the masking phase: the counted inputs are fixed, and the sum is released (charged)
   * before any unmask request can be fetched. Too few inputs for the noise, or a refused charge,
   * abort the round with nothing released.
   */
  private void closeMasking() {
    Set<Integer> arrived = new HashSet<>(server.countedClients());
    Map<String, Integer> senders = new HashMap<>();
    for (Map.Entry<String, Integer> e : clientOf.entrySet()) {
      if (arrived.contains(e.getValue())) {
        senders.put(e.getKey(), e.getValue());
      }
    }
    for (String device : consents.withdrawnAmong(senders.keySet())) {
      Integer id = senders.get(device);
      if (id != null && withdrawn.add(device)) {
        server.dropMaskedInput(id);
      }
    }
    int counted = server.countedClients().size();
    if (counted < plan.minSurvivors()) {
      fail(
          "only "
              + counted
              + " masked inputs arrived, fewer than the "
              + plan.minSurvivors()
              + " the noise was scaled for: nothing was released or charged");
      return;
    }
    Set<Integer> countedIds = new HashSet<>(server.countedClients());
    List<String> countedDevices = new ArrayList<>();
    for (Map.Entry<String, Integer> e : senders.entrySet()) {
      if (countedIds.contains(e.getValue())) {
        countedDevices.add(e.getKey());
      }
    }
    unmaskRequests = server.finishMasking();
    try {
      federated.release(plan, counted, countedDevices, gate);
    } catch (RuntimeException e) { // refused by the budget, or the ledger failed: nothing charged
      unmaskRequests = Map.of();
      fail(
          "the release of the sum was not charged ("
              + (e.getMessage() == null ? e.toString() : e.getMessage())
              + "): no unmask request was sent, nothing was released");
      return;
    }
    released = true;
    enter(Status.UNMASKING, Set.copyOf(unmaskRequests.keySet()));
  }

  private void finish() {
    AggregateSum sum = server.finishUnmasking();
    survivors = sum.count();
    planOpen = false; // finishRound closes the plan, also when it refuses
    try {
      result = federated.finishRound(plan, sum.sum(), sum.count(), serverRandom);
      status = Status.COMPLETED;
    } catch (SumRejectedException e) {
      rejection = e;
      note = e.getMessage();
      status = Status.REJECTED;
    }
    expected = Set.of();
    listener.changed(this);
    notifyAll();
  }

  private void fail(String reason) {
    if (planOpen) {
      federated.abortRound(plan);
      planOpen = false;
    }
    note = reason.length() > 500 ? reason.substring(0, 500) : reason;
    abortedIn = status;
    status = Status.ABORTED;
    expected = Set.of();
    listener.changed(this);
    notifyAll();
  }

  @Override
  public synchronized String toString() {
    return "RoundSession[round="
        + round
        + ", status="
        + status.wireName()
        + ", cohort="
        + cohort.size()
        + "]";
  }
}
