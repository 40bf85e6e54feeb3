package dev.tacit.federated.server.round;

import dev.tacit.federated.round.RoundException;

/**
 * Who may send what, when: checks a device's message against the round's state and answers the
 * device's client id, or throws the {@link RoundException} it is refused with ({@link Refusals}).
 * Not thread-safe: the session calls it under its lock.
 */
final class MessageCheck {
  private final long round;
  private final Recruitment recruits;
  private final Attendance attendance;

  MessageCheck(long round, Recruitment recruits, Attendance attendance) {
    this.round = round;
    this.recruits = recruits;
    this.attendance = attendance;
  }

  /**
   * The client id of {@code device}, asking for the server's answer once {@code after} is over.
   *
   * @param note why the round was aborted, if it was
   * @throws RoundException WITHDRAWN, ABORTED, NOT_READY before {@code after} is over, NOT_MEMBER
   */
  int member(SessionStatus status, String note, String device, SessionStatus after) {
    refuseWithdrawn(device);
    if (status == SessionStatus.ABORTED) {
      throw Refusals.aborted(round, note);
    }
    if (status.ordinal() <= after.ordinal()) {
      throw Refusals.notReady(round, status);
    }
    Integer id = recruits.clientId(device);
    if (id == null) {
      throw Refusals.notMember(round);
    }
    return id;
  }

  /**
   * The client id of {@code device}, sending its message of {@code phase}.
   *
   * @param note why the round was aborted, if it was
   * @throws RoundException WITHDRAWN, ABORTED, NOT_MEMBER (also for a dropout of an earlier phase),
   *     WRONG_PHASE in another phase, REPLAY for a message sent before
   */
  int submitting(SessionStatus status, String note, String device, SessionStatus phase) {
    refuseWithdrawn(device);
    if (status == SessionStatus.ABORTED) {
      throw Refusals.aborted(round, note);
    }
    Integer id = recruits.clientId(device);
    if (id == null && status != SessionStatus.RECRUITING) {
      throw Refusals.notMember(round);
    }
    if (status != phase) {
      throw Refusals.wrongPhase(round, status, phase);
    }
    if (!attendance.expects(id)) {
      throw Refusals.dropout(round, id, SessionStatus.values()[phase.ordinal() - 1]);
    }
    if (attendance.hasSent(id)) {
      throw Refusals.replay(id, phase);
    }
    return id;
  }

  private void refuseWithdrawn(String device) {
    if (recruits.withdrawn(device)) {
      throw Refusals.withdrawn(round);
    }
  }
}
