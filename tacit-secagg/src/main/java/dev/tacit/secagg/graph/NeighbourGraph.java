package dev.tacit.secagg.graph;

import dev.tacit.check.Preconditions;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Who shares secrets with whom in a session of clients 1..n. Every client's neighbourhood has
 * exactly {@code k} members including itself: a Harary graph H(k - 1, n) (each client joined to the
 * (k - 1) / 2 nearest on either side of a ring) under a random relabelling, as in SecAgg+ (Bell et
 * al., CCS 2020), or the complete graph when {@code k == n}.
 */
public final class NeighbourGraph {
  private final int size;
  private final int neighbourhoodSize;
  private final int[][] neighbourhoods;

  private NeighbourGraph(int size, int neighbourhoodSize, int[][] neighbourhoods) {
    this.size = size;
    this.neighbourhoodSize = neighbourhoodSize;
    this.neighbourhoods = neighbourhoods;
  }

  /**
   * A Harary graph on clients 1..{@code n} with neighbourhoods of {@code k} (itself included) under
   * a random relabelling drawn from {@code random}; the complete graph when {@code k == n}.
   *
   * @throws IllegalArgumentException if {@code n < 2}, or {@code k} is not odd in [3, n] and not
   *     equal to {@code n}
   */
  public static NeighbourGraph harary(int n, int k, RandomGenerator random) {
    Preconditions.checkNotNull(random, "random");
    Preconditions.checkArgument(n >= 2, "n must be >= 2, was %d", n);
    if (k == n) {
      return complete(n);
    }
    Preconditions.checkArgument(
        k >= 3 && k < n && k % 2 == 1,
        "neighbourhood size k must be odd in [3, n) or equal to n = %d, was %d",
        n,
        k);
    int[] ring = new int[n];
    for (int i = 0; i < n; i++) {
      ring[i] = i + 1;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = ring[i];
      ring[i] = ring[j];
      ring[j] = tmp;
    }
    int half = (k - 1) / 2;
    int[][] neighbourhoods = new int[n + 1][];
    for (int position = 0; position < n; position++) {
      int[] members = new int[k];
      for (int d = -half; d <= half; d++) {
        members[d + half] = ring[Math.floorMod(position + d, n)];
      }
      Arrays.sort(members);
      neighbourhoods[ring[position]] = members;
    }
    return new NeighbourGraph(n, k, neighbourhoods);
  }

  /**
   * The complete graph on clients 1..{@code n}: everyone is everyone's neighbour.
   *
   * @throws IllegalArgumentException if {@code n < 2}
   */
  public static NeighbourGraph complete(int n) {
    Preconditions.checkArgument(n >= 2, "n must be >= 2, was %d", n);
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i + 1;
    }
    int[][] neighbourhoods = new int[n + 1][];
    for (int id = 1; id <= n; id++) {
      neighbourhoods[id] = all;
    }
    return new NeighbourGraph(n, n, neighbourhoods);
  }

  /** The number of clients n. */
  public int size() {
    return size;
  }

  /** The neighbourhood size k, each client included in its own neighbourhood. */
  public int neighbourhoodSize() {
    return neighbourhoodSize;
  }

  /** Whether every client is every other's neighbour. */
  public boolean isComplete() {
    return neighbourhoodSize == size;
  }

  /**
   * The sorted ids of {@code clientId}'s neighbourhood, itself included.
   *
   * @throws IllegalArgumentException if {@code clientId} is not in [1, n]
   */
  public int[] neighbourhood(int clientId) {
    checkId(clientId);
    return neighbourhoods[clientId].clone();
  }

  /** Whether clients {@code a} and {@code b} are neighbours (every client is its own). */
  public boolean areNeighbours(int a, int b) {
    checkId(a);
    checkId(b);
    return Arrays.binarySearch(neighbourhoods[a], b) >= 0;
  }

  private void checkId(int clientId) {
    Preconditions.checkArgument(
        clientId >= 1 && clientId <= size, "client id must be in [1, %d], was %d", size, clientId);
  }

  @Override
  public String toString() {
    return "NeighbourGraph[n=" + size + ", k=" + neighbourhoodSize + "]";
  }
}
