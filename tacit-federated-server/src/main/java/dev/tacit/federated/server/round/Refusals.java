package dev.tacit.federated.server.round;

import dev.tacit.federated.round.RoundException;

/** The {@link RoundException}s a round answers a device's message with, one wording each. */
final class Refusals {
  private Refusals() {}

  static RoundException aborted(long round, String note) {
    return new RoundException(
        RoundException.Kind.ABORTED, "round " + round + " was aborted: " + note);
  }

  static RoundException notReady(long round, SessionStatus status) {
    return new RoundException(
        RoundException.Kind.NOT_READY,
        "round " + round + " is still " + status.wireName() + "; ask again");
  }

  static RoundException notMember(long round) {
    return new RoundException(
        RoundException.Kind.NOT_MEMBER, "the device is not in the cohort of round " + round);
  }

  static RoundException dropout(long round, int id, SessionStatus phase) {
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

  static RoundException wrongPhase(long round, SessionStatus status, SessionStatus phase) {
    return new RoundException(
        RoundException.Kind.WRONG_PHASE,
        "round " + round + " is " + status.wireName() + ", not " + phase.wireName());
  }

  static RoundException replay(int id, SessionStatus phase) {
    return new RoundException(
        RoundException.Kind.REPLAY,
        "client " + id + " already sent its " + phase.wireName() + " message: a replay");
  }

  static RoundException withdrawn(long round) {
    return new RoundException(
        RoundException.Kind.WITHDRAWN,
        "the device withdrew its training consent during round "
            + round
            + ": it is a dropout from then on");
  }

  static RoundException wrongClientId(int id, int was) {
    return new RoundException(
        RoundException.Kind.INVALID,
        "clientId must be this device's id in the session, " + id + ", was " + was);
  }
}
