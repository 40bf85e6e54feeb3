package dev.tacit.federated.server.round;

import dev.tacit.secagg.graph.NeighbourGraph;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The dropout accounting of a round's current phase: the clients expected to send in it and those
 * that have. Whoever is expected and has not sent when the phase closes is a dropout. Not
 * thread-safe: the session calls it under its lock.
 */
final class Attendance {
  private Set<Integer> expected = Set.of();
  private final Set<Integer> sent = new HashSet<>();

  /** A phase opens: {@code senders} are expected, except the {@code withdrawn} ones. */
  void open(Collection<Integer> senders, Collection<Integer> withdrawn) {
    Set<Integer> rest = new HashSet<>(senders);
    rest.removeAll(withdrawn);
    expected = Set.copyOf(rest);
    sent.clear();
  }

  /** The round is over: nobody is expected any more. */
  void end() {
    expected = Set.of();
  }

  /** Whether {@code id} is expected to send in this phase. */
  boolean expects(int id) {
    return expected.contains(id);
  }

  /** Whether {@code id} has sent in this phase. */
  boolean hasSent(int id) {
    return sent.contains(id);
  }

  /** {@code id}'s message of the phase was accepted. */
  void sent(int id) {
    sent.add(id);
  }

  /** Forgets that {@code id} sent (its message was taken back). */
  void unsend(int id) {
    sent.remove(id);
  }

  /**
   * {@code id} will not send (it withdrew): it is expected no more.
   *
   * @return whether everyone still expected, at least one, has sent: the phase can close
   */
  boolean excuse(int id) {
    if (!expected.contains(id) || sent.contains(id)) {
      return false;
    }
    Set<Integer> rest = new HashSet<>(expected);
    rest.remove(id);
    expected = Set.copyOf(rest);
    return !expected.isEmpty() && complete();
  }

  /** Whether everyone expected has sent. */
  boolean complete() {
    return sent.containsAll(expected);
  }

  /** Whether at least {@code quorum} (a fraction) of the expected clients have sent. */
  boolean reached(double quorum) {
    return sent.size() >= Math.ceil(quorum * expected.size());
  }

  /**
   * Whether closing the phase now would leave every expected client, whether it sent or not, with
   * at least {@code threshold} neighbours in {@code graph} that sent (their shares are what
   * reconstructs its masks).
   */
  boolean viable(NeighbourGraph graph, int threshold) {
    for (int c : expected) {
      int alive = 0;
      for (int v : graph.neighbourhood(c)) {
        if (sent.contains(v)) {
          alive++;
        }
      }
      if (alive < threshold) {
        return false;
      }
    }
    return true;
  }
}
