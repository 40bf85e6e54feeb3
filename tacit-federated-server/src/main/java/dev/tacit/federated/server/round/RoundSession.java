package dev.tacit.federated.server.round;

import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.round.RoundException;
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
import dev.tacit.secagg.server.SecAggServer;
import java.security.SecureRandom;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * One federated round over SecAgg+ (DESIGN.md, "One federated round"), independent of the
 * transport: devices check in while it recruits (each selected with probability q), then the four
 * SecAgg+ phases run with a deadline each, and the unmasked sum goes to {@link
 * FederatedServer#finishRound}. A phase closes as soon as every device expected in it has sent, or
 * when its deadline passes ({@link #tick}); devices that have not sent by then are dropouts, which
 * SecAgg+ survives down to its threshold. Any failure aborts the round and the model does not
 * change. Deadlines are measured on the {@link Ticker} the session is opened with, so a test can
 * move them by hand. The parts: {@link PhaseClock} decides when a phase closes, {@link Attendance}
 * counts who sent in it (the dropouts), {@link Recruitment} samples the devices that check in and
 * holds the cohort and their client ids, {@link SecAggPhases} runs SecAgg+ in wire terms, {@link
 * RoundRelease} plans the round, charges the release of its sum and hands the sum on, {@link
 * Refusals} words what a device's message is refused with; the session keeps the status and moves
 * it from phase to phase.
 *
 * <p>Privacy is charged when the masking phase closes ({@link FederatedServer#release}, through the
 * session's {@link ReleaseGate}), right before the unmask requests go out: from then on the server
 * could compute the sum. A round aborted earlier charges nothing; one aborted later, or whose sum
 * is {@linkplain SessionStatus#REJECTED rejected}, keeps its charge. If the gate refuses the
 * charge, the round aborts before any unmask request is sent.
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
  /**
   * Cohorts up to this size use the complete graph (every device a neighbour of every other, the
   * classic SecAgg of Bonawitz et al.): there the O(n²) key agreements are cheap, and a sparse
   * neighbourhood of about 2·log2(n) devices would make the round fail when a few of its dropouts
   * happen to fall in one neighbourhood. Larger cohorts use the sparse SecAgg+ graph.
   */
  public static final int COMPLETE_GRAPH_UP_TO = 100;

  private final long round;
  private final RoundRules rules;
  private final SecureRandom random;
  private final RoundListener listener;
  private final PhaseClock clock;
  private final Recruitment recruits;
  private final Attendance attendance = new Attendance();
  private final MessageCheck check;
  private final RoundRelease release;

  private SessionStatus status = SessionStatus.RECRUITING;
  private SecAggPhases secAgg;
  private String note = "";
  private SessionStatus abortedIn;

  private RoundSession(
      long round,
      RoundRelease release,
      RoundRules rules,
      PhaseClock clock,
      SecureRandom random,
      IntSupplier eligible,
      RoundListener listener) {
    this.round = round;
    this.rules = rules;
    this.random = random;
    this.listener = listener;
    this.clock = clock;
    this.recruits = new Recruitment(rules, random, eligible);
    this.check = new MessageCheck(round, recruits, attendance);
    this.release = release;
  }

  /**
   * Opens round {@code round} for recruiting. Nothing is charged until the round's sum is released,
   * when the masking phase closes.
   *
   * @param ticker what the recruiting window and the phases' deadlines are measured on ({@link
   *     Ticker#system()}, or the server's clock through {@link Ticker#of})
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
      Ticker ticker,
      IntSupplier eligible,
      RoundListener listener,
      ReleaseGate gate,
      ConsentCheck consents) {
    if (round < 1) {
      throw new IllegalArgumentException("round must be >= 1, was " + round);
    }
    if (gate == null || consents == null || ticker == null) {
      throw new IllegalArgumentException("ticker, gate and consents must be given");
    }
    double after = federated.epsilonAfterNextRound();
    if (after > federated.epsilonBudget()) {
      throw new BudgetExceededException(after, federated.epsilonBudget());
    }
    RoundSession s =
        new RoundSession(
            round,
            new RoundRelease(round, federated, gate, consents, serverRandom),
            rules,
            new PhaseClock(ticker, rules),
            random,
            eligible,
            listener);
    listener.changed(s);
    return s;
  }

  // ------------------------------------------------------------------ state

  /** The round number. */
  public long round() {
    return round;
  }

  /** The current status. */
  public synchronized SessionStatus status() {
    return status;
  }

  /** The plan, once recruiting has closed; null before. */
  public synchronized RoundPlan plan() {
    return release.plan();
  }

  /** The model version the round trains on. */
  public synchronized long modelVersion() {
    return release.modelVersion();
  }

  /** The devices recruited so far. */
  public synchronized int cohortSize() {
    return recruits.cohortSize();
  }

  /** The masked inputs counted in the sum (0 until the round completes). */
  public synchronized int survivors() {
    return release.survivors();
  }

  /** The federated iALS model the round produced, or null (also for another algorithm). */
  public synchronized ModelSnapshot result() {
    return release.result() instanceof ModelSnapshot m ? m : null;
  }

  /** What the round's {@link RoundAlgorithm#finishRound} produced, or null. */
  public synchronized Object outcome() {
    return release.result();
  }

  /** Why the round was aborted or rejected, or an empty string. */
  public synchronized String note() {
    return note;
  }

  /** Why the round's sum was rejected (with its norm and the bound), or null if it was not. */
  public synchronized SumRejectedException rejection() {
    return release.rejection();
  }

  /** The status the round was in when it aborted, or null if it did not abort. */
  public synchronized SessionStatus abortedIn() {
    return abortedIn;
  }

  /**
   * Whether the round's sum was released and charged (the masking phase closed): true also for a
   * round that aborted or was rejected after that.
   */
  public synchronized boolean released() {
    return release.released();
  }

  /** The rules. */
  public RoundRules rules() {
    return rules;
  }

  /**
   * Waits until the round has moved past {@code phase} (or is over), at most {@code timeoutMillis}
   * of real time: this bounds how long the caller's thread blocks (a long poll), it is no deadline
   * of the round, which {@link #tick} measures on the session's ticker.
   *
   * @return the status then
   */
  public synchronized SessionStatus awaitPast(SessionStatus phase, long timeoutMillis)
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
   * quorum took to arrive, and leaves every neighbourhood its threshold ({@link PhaseClock#due}).
   * Call it periodically.
   */
  public synchronized void tick() {
    if (status.isOver()) {
      return;
    }
    if (clock.due(
        status == SessionStatus.RECRUITING, status == SessionStatus.UNMASKING, this::viable)) {
      close();
    }
  }

  /**
   * Whether closing the phase now would leave every device of the phase, whether it sent or not,
   * with at least the threshold of neighbours that sent, plus {@code margin}: an early close must
   * not abort the session, so when stragglers are needed the phase waits for them, or for its
   * deadline.
   *
   * <p>A quorate, quiet phase closes when every neighbourhood keeps one spare neighbour beyond the
   * threshold (before the last phase), so that the next dropout in it does not abort the round:
   * closing at exactly the threshold did that once in about 20 demo rounds. When some neighbourhood
   * has only the threshold, the phase gives its stragglers {@link PhaseClock#PATIENCE} idle gaps
   * before it closes anyway, rather than waiting for its deadline for devices that have most likely
   * dropped.
   */
  private boolean viable(int margin) {
    return secAgg.viable(attendance, margin);
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
  public synchronized CheckInDecision checkIn(String device) {
    CheckInDecision answered = recruits.answered(device);
    if (answered != null) {
      return answered;
    }
    if (status != SessionStatus.RECRUITING) {
      return CheckInDecision.CLOSED;
    }
    CheckInDecision decision = recruits.select(device);
    if (recruits.full()) {
      close();
    }
    return decision;
  }

  /**
   * A device that checked in but may not join this round (the server's per-device privacy budget
   * refuses it): it counts among the devices that decided, never selected, so that recruiting does
   * not wait for it until the window closes. Nothing happens outside recruiting, or for a device
   * that decided already.
   */
  public synchronized void decline(String device) {
    if (status == SessionStatus.RECRUITING && recruits.decline(device)) {
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
    Integer id = check.member(status, note, device, SessionStatus.RECRUITING);
    return secAgg.session(id);
  }

  // ------------------------------------------------------------------ SecAgg+ phases

  /** Round 0: the device's public keys. */
  public synchronized void advertise(String device, KeyAdvert keys) {
    int id = check.submitting(status, note, device, SessionStatus.ADVERTISING);
    if (keys.clientId() != id) {
      throw Refusals.wrongClientId(id, keys.clientId());
    }
    receive(id, () -> secAgg.advertise(keys));
  }

  /** Round 0 result: the keys of the device's neighbours. */
  public synchronized NeighbourKeyList neighbours(String device) {
    return outcome(device, SessionStatus.ADVERTISING, secAgg::neighboursOf);
  }

  /** Round 1: the device's encrypted shares. */
  public synchronized void shares(String device, ShareBundle shares) {
    int id = check.submitting(status, note, device, SessionStatus.SHARING);
    receive(id, () -> secAgg.shares(id, shares));
  }

  /** Round 1 result: the shares routed to the device. */
  public synchronized ShareBundle routedShares(String device) {
    return outcome(device, SessionStatus.SHARING, secAgg::routedTo);
  }

  /** Round 2: the device's masked input, a TensorFrame of residues. */
  public synchronized void maskedInput(String device, byte[] frame) {
    int id = check.submitting(status, note, device, SessionStatus.MASKING);
    receive(id, () -> secAgg.masked(id, frame));
  }

  /** Round 3 request: which neighbours' shares to reveal. */
  public synchronized UnmaskQuery unmaskQuery(String device) {
    return outcome(device, SessionStatus.MASKING, secAgg::queryFor);
  }

  /** Round 3: the device's revealed shares. */
  public synchronized void unmask(String device, UnmaskAnswer answer) {
    int id = check.submitting(status, note, device, SessionStatus.UNMASKING);
    receive(id, () -> secAgg.unmask(id, answer));
  }

  /** The server's answer to {@code device} once {@code phase} has closed. */
  private <T> T outcome(String device, SessionStatus phase, IntFunction<T> answers) {
    int id = check.member(status, note, device, phase);
    T answer = answers.apply(id);
    if (answer == null) {
      throw Refusals.dropout(round, id, phase);
    }
    return answer;
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
    if (!recruits.withdraw(device, status == SessionStatus.RECRUITING)
        || status.isOver()
        || status == SessionStatus.RECRUITING) {
      return;
    }
    Integer id = recruits.clientId(device);
    if (id == null) {
      return;
    }
    if (status == SessionStatus.MASKING && secAgg.dropMaskedInput(id)) {
      attendance.unsend(id);
    }
    if (attendance.excuse(id)) {
      close();
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
    attendance.sent(id);
    clock.received(attendance.reached(rules.quorum()));
    if (attendance.complete()) {
      close();
    }
  }

  // ------------------------------------------------------------------ transitions

  private void enter(SessionStatus next, Set<Integer> expectedSenders) {
    status = next;
    attendance.open(expectedSenders, recruits.withdrawnIds());
    clock.enter();
    listener.changed(this);
    notifyAll();
  }

  /** Closes the current phase: the deadline passed, or everyone expected has sent. */
  private void close() {
    try {
      switch (status) {
        case RECRUITING -> closeRecruiting();
        case ADVERTISING -> enter(SessionStatus.SHARING, secAgg.finishAdvertising());
        case SHARING -> enter(SessionStatus.MASKING, secAgg.finishSharing());
        case MASKING -> enter(SessionStatus.UNMASKING, release.release(secAgg, recruits));
        case UNMASKING -> finish();
        default -> {}
      }
    } catch (AbortRoundException e) { // the round's own rules refuse it: no SecAgg+ failure
      fail(e.getMessage());
    } catch (RuntimeException e) {
      fail(
          "SecAgg+ "
              + status.wireName()
              + " failed: "
              + (e.getMessage() == null ? e.toString() : e.getMessage()));
    }
  }

  private void closeRecruiting() throws AbortRoundException {
    int n = recruits.closedCohort();
    RoundPlan plan = release.plan(n);
    recruits.assignClientIds();
    secAgg = SecAggPhases.start(round, n, plan, random);
    enter(SessionStatus.ADVERTISING, secAgg.clients());
  }

  private void finish() {
    if (release.finish(secAgg.finishUnmasking())) {
      status = SessionStatus.COMPLETED;
    } else {
      note = release.rejection().getMessage();
      status = SessionStatus.REJECTED;
    }
    attendance.end();
    listener.changed(this);
    notifyAll();
  }

  private void fail(String reason) {
    release.abort();
    note = reason.length() > 500 ? reason.substring(0, 500) : reason;
    abortedIn = status;
    status = SessionStatus.ABORTED;
    attendance.end();
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
        + recruits.cohortSize()
        + "]";
  }
}
