package dev.tacit.federated.server.cooccurrence;

import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.cooccurrence.CooccurrenceFrame;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.federated.cooccurrence.Head;
import dev.tacit.federated.server.ReleaseGate;
import dev.tacit.federated.server.RoundAlgorithm;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.random.RandomSource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two releases of the co-occurrence model as rounds of the round machinery ({@code
 * dev.tacit.federated.server.round.RoundSession}): the first round releases the popularity and
 * publishes the head ({@link CooccurrenceFrame.Stage#HEAD}), the second releases the co-occurrence
 * of the head and publishes the model ({@link CooccurrenceFrame.Stage#COMPLETE}). Each round is on
 * the model version the previous one published, so that a device knows from the version it
 * downloads which release it takes part in. A round that aborts is planned again as the same
 * release. Not thread-safe: one coordinator drives it.
 */
public final class CooccurrenceRounds implements RoundAlgorithm {
  private final CooccurrenceServer server;
  private long version;
  private long round;

  /**
   * The releases of {@code server}, the first on model version {@code modelVersion}, numbered after
   * {@code lastRound}.
   *
   * @throws IllegalArgumentException if the server is missing or a number is negative
   */
  public CooccurrenceRounds(CooccurrenceServer server, long modelVersion, long lastRound) {
    if (server == null) {
      throw new IllegalArgumentException("server must be given");
    }
    if (modelVersion < 0 || lastRound < 0) {
      throw new IllegalArgumentException(
          "modelVersion and lastRound must be >= 0, were " + modelVersion + " and " + lastRound);
    }
    this.server = server;
    this.version = modelVersion;
    this.round = lastRound;
  }

  /** The server that plans and finishes the releases. */
  public CooccurrenceServer server() {
    return server;
  }

  /**
   * What the next release will be charged.
   *
   * @throws IllegalStateException without noise, or when both are charged
   */
  public PrivacyEvent nextEvent() {
    return server.nextEvent();
  }

  /** Whether both releases are finished. */
  public boolean done() {
    return server.done();
  }

  /** ε once every release not yet charged is: a pair that cannot finish does not start. */
  @Override
  public double epsilonAfterNextRound() {
    return server.epsilonAfterRemaining();
  }

  @Override
  public double epsilonBudget() {
    return server.epsilonBudget();
  }

  @Override
  public long modelVersion() {
    return version;
  }

  @Override
  public void advanceRoundNumber(long round) {
    this.round = Math.max(this.round, round);
  }

  /**
   * Plans the next release: the popularity release until it is finished, then the co-occurrence
   * release.
   *
   * @throws IllegalStateException if a release is open or both are finished
   */
  @Override
  public RoundPlan planRound(int cohortSize) {
    if (server.done()) {
      throw new IllegalStateException("both releases are finished");
    }
    RoundPlan plan =
        server.popularityNext()
            ? server.planPopularity(round + 1, version, cohortSize)
            : server.planCooccurrence(round + 1, version, cohortSize);
    round = plan.round();
    return plan;
  }

  @Override
  public void release(RoundPlan plan, int counted, Collection<String> devices, ReleaseGate gate) {
    server.release(plan, counted, devices, gate);
  }

  /**
   * Finishes the open release and returns what it publishes as the next model version.
   *
   * @throws dev.tacit.federated.server.SumRejectedException if the sum is above the honest bound
   */
  @Override
  public CooccurrenceFrame.Published finishRound(
      RoundPlan plan, long[] sum, int counted, RandomSource serverRandom) {
    CooccurrenceFrame.Published published;
    if (server.popularityNext()) {
      Head head = server.finishPopularity(plan, sum, counted, serverRandom);
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("algorithm", "cooccurrence");
      p.put("stage", CooccurrenceFrame.Stage.HEAD.wireName());
      p.put("head_size", head.size());
      p.put("counted", counted);
      published =
          new CooccurrenceFrame.Published(
              CooccurrenceFrame.Stage.HEAD,
              CooccurrenceModel.of(
                  head, new double[0], new double[0], server.config().minLambda(), p));
    } else {
      published =
          new CooccurrenceFrame.Published(
              CooccurrenceFrame.Stage.COMPLETE,
              server.finishCooccurrence(plan, sum, counted, serverRandom));
    }
    version++;
    return published;
  }

  @Override
  public void abortRound(RoundPlan plan) {
    server.abort(plan);
  }
}
