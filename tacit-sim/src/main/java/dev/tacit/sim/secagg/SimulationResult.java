package dev.tacit.sim.secagg;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.SecAggAbortedException;
import dev.tacit.secagg.graph.NeighbourGraph;
import dev.tacit.secagg.server.AggregateSum;
import java.util.Optional;

/**
 * The outcome of a simulated session: the sum, or the abort; with the neighbour graph used and the
 * largest number of bytes any one client sent.
 */
public final class SimulationResult {
  private final AggregateSum sum;
  private final SecAggAbortedException abort;
  private final NeighbourGraph graph;
  private final long maxBytesSentPerClient;

  private SimulationResult(
      AggregateSum sum,
      SecAggAbortedException abort,
      NeighbourGraph graph,
      long maxBytesSentPerClient) {
    this.sum = sum;
    this.abort = abort;
    this.graph = graph;
    this.maxBytesSentPerClient = maxBytesSentPerClient;
  }

  static SimulationResult completed(AggregateSum sum, NeighbourGraph graph, long maxBytes) {
    return new SimulationResult(Preconditions.checkNotNull(sum, "sum"), null, graph, maxBytes);
  }

  static SimulationResult aborted(
      SecAggAbortedException abort, NeighbourGraph graph, long maxBytes) {
    return new SimulationResult(null, Preconditions.checkNotNull(abort, "abort"), graph, maxBytes);
  }

  /** Whether the session aborted. */
  public boolean isAborted() {
    return abort != null;
  }

  /** The sum, if the session completed. */
  public Optional<AggregateSum> sum() {
    return Optional.ofNullable(sum);
  }

  /**
   * The sum of a completed session.
   *
   * @throws IllegalStateException if the session aborted
   */
  public AggregateSum sumOrThrow() {
    if (abort != null) {
      throw new IllegalStateException("the session aborted: " + abort.getMessage(), abort);
    }
    return sum;
  }

  /** The abort, if the session aborted. */
  public Optional<SecAggAbortedException> abort() {
    return Optional.ofNullable(abort);
  }

  /** The neighbour graph of the session. */
  public NeighbourGraph graph() {
    return graph;
  }

  /** The most bytes one client sent over the session, in the messages' compact encoding. */
  public long maxBytesSentPerClient() {
    return maxBytesSentPerClient;
  }

  @Override
  public String toString() {
    return isAborted()
        ? "SimulationResult[aborted: " + abort.getMessage() + "]"
        : "SimulationResult[" + sum + "]";
  }
}
