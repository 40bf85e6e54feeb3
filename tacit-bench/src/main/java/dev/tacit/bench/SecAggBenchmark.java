package dev.tacit.bench;

import dev.tacit.secagg.SecAggAbortedException;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.client.SecAggClient;
import dev.tacit.secagg.crypto.MaskPrg;
import dev.tacit.secagg.graph.NeighbourGraph;
import dev.tacit.secagg.message.AdvertiseKeys;
import dev.tacit.secagg.message.MaskedInput;
import dev.tacit.secagg.message.NeighbourKeys;
import dev.tacit.secagg.message.RoutedShares;
import dev.tacit.secagg.message.ShareKeys;
import dev.tacit.secagg.message.UnmaskRequest;
import dev.tacit.secagg.message.UnmaskResponse;
import dev.tacit.secagg.server.AggregateSum;
import dev.tacit.secagg.server.SecAggServer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one SecAgg+ session with n = 1000 clients, vectors of m = 100,000 32-bit words, the
 * default graph (k = 21, t = 14) and 10% of the clients dropping out after sharing keys, before
 * their masked input is counted (so that the server must remove their pairwise masks from the
 * survivors' inputs; the survivors reveal those keys in round 3, see {@code PairwiseKey}):
 *
 * <ul>
 *   <li>{@code clientTotal}: one client's total compute over the four rounds;
 *   <li>{@code serverTotal}: the server's total compute over the four rounds, on one thread;
 *   <li>{@code prgOnlyBound}: only generating the PRG output the unmasking needs (one thread), the
 *       lower bound the server is compared with.
 * </ul>
 *
 * <p>The session's messages are produced once per trial; bytes sent per client are computed from
 * the messages' compact encoding and printed with the ratio of server time to the PRG bound. Run:
 * {@code java -jar tacit-bench/target/benchmarks.jar SecAggBenchmark -f 1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx8g"})
public class SecAggBenchmark {
  static final int CLIENTS = 1000;
  static final int LENGTH = 100_000;
  static final double DROPPED = 0.10;

  private int numClients;
  private int length;
  private SecAggConfig config;
  private NeighbourGraph graph;
  private List<AdvertiseKeys> adverts;
  private List<ShareKeys> shares;
  private List<MaskedInput> masked;
  private List<UnmaskResponse> responses;
  private long[][] inputs;
  private byte[][] clientSeeds;
  private int measuredClient;
  private NeighbourKeys clientKeys;
  private RoutedShares clientShares;
  private UnmaskRequest clientRequest;
  private long bytesSent;
  private long bytesReceived;
  private int streams;
  private byte[][] boundKeys;
  private double boundOneThreadMs;
  private double boundTwoThreadsMs;
  private final List<Long> serverNanos = Collections.synchronizedList(new ArrayList<>());
  private final List<Double> boundSamplesMs = new ArrayList<>();
  private String measuring = "";

  /** The clients of the session. */
  protected int clients() {
    return CLIENTS;
  }

  /** The length m of every input vector (32-bit words). */
  protected int length() {
    return LENGTH;
  }

  /**
   * The inputs of clients 1..n (index 0 unused), 32-bit words; uniformly random here (the cost of
   * SecAgg+ does not depend on them).
   */
  protected long[][] inputs(SplittableRandom random) {
    long[][] in = new long[numClients + 1][length];
    for (int id = 1; id <= numClients; id++) {
      for (int i = 0; i < length; i++) {
        in[id][i] = random.nextLong() & 0xffff_ffffL;
      }
    }
    return in;
  }

  @Setup(Level.Trial)
  public void setUp() {
    numClients = clients();
    length = length();
    SplittableRandom random = new SplittableRandom(2017);
    inputs = inputs(random);
    for (long seed = 1; ; seed++) {
      try {
        runSession(seed);
        break;
      } catch (SecAggAbortedException e) {
        System.out.println("# seed " + seed + " aborted (" + e.reason() + "); trying the next");
      }
    }
    boundKeys = new byte[streams][32];
    for (byte[] key : boundKeys) {
      random.nextBytes(key);
    }
    boundOneThreadMs = Double.MAX_VALUE;
    boundTwoThreadsMs = Double.MAX_VALUE;
    for (int rep = 0; rep < 4; rep++) {
      long start = System.nanoTime();
      prgBound(1);
      boundOneThreadMs = Math.min(boundOneThreadMs, (System.nanoTime() - start) / 1e6);
      start = System.nanoTime();
      prgBound(2);
      boundTwoThreadsMs = Math.min(boundTwoThreadsMs, (System.nanoTime() - start) / 1e6);
    }
    System.out.printf(
        "%n# SecAgg+ n=%d m=%d k=%d t=%d, %d dropped after sharing; client %d measured%n"
            + "# bytes sent per client: %d (%.1f KB; masked input %d B); received: %d%n"
            + "# PRG output the unmasking needs: %d streams x %d B = %.1f MB;"
            + " PRG-only bound %.1f ms (1 thread), %.1f ms (2 threads)%n",
        numClients,
        length,
        config.neighbourhoodSize(),
        config.threshold(),
        numClients - masked.size(),
        measuredClient,
        bytesSent,
        bytesSent / 1024.0,
        masked.get(0).encodedSize(),
        bytesReceived,
        streams,
        length * 4,
        streams * (length * 4.0) / 1e6,
        boundOneThreadMs,
        boundTwoThreadsMs);
  }

  private void runSession(long seed) {
    config = SecAggConfig.create("bench", 1, numClients, length);
    SecureRandom serverRandom = seeded(new byte[] {(byte) seed, 1});
    SecAggServer server = SecAggServer.create(config, serverRandom);
    graph = server.graph();
    clientSeeds = new byte[numClients + 1][];
    SecAggClient[] clients = new SecAggClient[numClients + 1];
    for (int id = 1; id <= numClients; id++) {
      clientSeeds[id] = new byte[] {(byte) seed, (byte) id, (byte) (id >> 8), 2};
      clients[id] = SecAggClient.create(config, id, seeded(clientSeeds[id]));
    }
    List<Integer> order = new ArrayList<>();
    for (int id = 1; id <= numClients; id++) {
      order.add(id);
    }
    Collections.shuffle(order, new java.util.Random(seed));
    TreeSet<Integer> dropped = new TreeSet<>(order.subList(0, (int) (DROPPED * numClients)));

    adverts = new ArrayList<>();
    for (int id = 1; id <= numClients; id++) {
      AdvertiseKeys keys = clients[id].advertiseKeys();
      adverts.add(keys);
      server.receive(keys);
    }
    Map<Integer, NeighbourKeys> keys = server.finishAdvertising();
    Map<Integer, ShareKeys> shareMap = new ConcurrentHashMap<>();
    IntStream.rangeClosed(1, numClients)
        .parallel()
        .forEach(id -> shareMap.put(id, clients[id].shareKeys(keys.get(id))));
    shares = new ArrayList<>();
    for (int id = 1; id <= numClients; id++) {
      shares.add(shareMap.get(id));
      server.receive(shareMap.get(id));
    }
    Map<Integer, RoutedShares> routed = server.finishSharing();
    Map<Integer, MaskedInput> maskedMap = new ConcurrentHashMap<>();
    IntStream.rangeClosed(1, numClients)
        .parallel()
        .filter(id -> !dropped.contains(id))
        .forEach(id -> maskedMap.put(id, clients[id].maskInput(routed.get(id), inputs[id])));
    masked = new ArrayList<>();
    for (int id = 1; id <= numClients; id++) {
      if (maskedMap.containsKey(id)) {
        masked.add(maskedMap.get(id));
        server.receive(maskedMap.get(id));
      }
    }
    Map<Integer, UnmaskRequest> requests = server.finishMasking();
    responses = new ArrayList<>();
    for (Map.Entry<Integer, UnmaskRequest> request : requests.entrySet()) {
      UnmaskResponse response = clients[request.getKey()].unmask(request.getValue());
      responses.add(response);
      server.receive(response);
    }
    AggregateSum sum = server.finishUnmasking();
    long[] expected = new long[length];
    for (int id : sum.countedClients()) {
      for (int i = 0; i < length; i++) {
        expected[i] += inputs[id][i];
      }
    }
    for (int i = 0; i < length; i++) {
      expected[i] &= 0xffff_ffffL;
    }
    if (!Arrays.equals(expected, sum.sum())) {
      throw new IllegalStateException("the benchmark session produced a wrong sum");
    }
    measuredClient = sum.countedClients().get(0);
    clientKeys = keys.get(measuredClient);
    clientShares = routed.get(measuredClient);
    clientRequest = requests.get(measuredClient);
    bytesSent =
        adverts.get(measuredClient - 1).encodedSize()
            + shareMap.get(measuredClient).encodedSize()
            + maskedMap.get(measuredClient).encodedSize()
            + responses.stream()
                .filter(r -> r.sender() == measuredClient)
                .findFirst()
                .orElseThrow()
                .encodedSize();
    bytesReceived =
        clientKeys.encodedSize() + clientShares.encodedSize() + clientRequest.encodedSize();
    streams = sum.count();
    for (int d : dropped) {
      for (int v : graph.neighbourhood(d)) {
        if (v != d && maskedMap.containsKey(v)) {
          streams++;
        }
      }
    }
  }

  /**
   * Before every server iteration, measures the PRG-only bound again, so that the ratio compares
   * runs made under the same machine load.
   */
  @Setup(Level.Iteration)
  public void measureBoundAgain() {
    if (!measuring.startsWith("server")) {
      return;
    }
    double best = Double.MAX_VALUE;
    for (int rep = 0; rep < 2; rep++) {
      long start = System.nanoTime();
      prgBound(1);
      best = Math.min(best, (System.nanoTime() - start) / 1e6);
    }
    boundSamplesMs.add(best);
  }

  /** (a) One client's total compute: keys, shares, masking and unmasking. */
  @Benchmark
  public UnmaskResponse clientTotal() {
    measuring = "client";
    SecAggClient client =
        SecAggClient.create(config, measuredClient, seeded(clientSeeds[measuredClient]));
    client.advertiseKeys();
    client.shareKeys(clientKeys);
    client.maskInput(clientShares, inputs[measuredClient]);
    return client.unmask(clientRequest);
  }

  /**
   * (b) The server's total compute, unmasking on one thread; warmed up longer, since each call
   * takes about a second and the JIT needs several to settle.
   */
  @Benchmark
  @Warmup(iterations = 2, time = 6)
  @Measurement(iterations = 3, time = 4)
  public AggregateSum serverTotal() {
    return timedServer(1);
  }

  /** The bound: only generating the PRG output that unmasking needs, on one thread. */
  @Benchmark
  public long prgOnlyBound() {
    measuring = "bound";
    return prgBound(1);
  }

  private AggregateSum timedServer(int threads) {
    measuring = "server-" + threads;
    long start = System.nanoTime();
    SecAggServer server = SecAggServer.create(config, graph, threads);
    for (AdvertiseKeys message : adverts) {
      server.receive(message);
    }
    server.finishAdvertising();
    for (ShareKeys message : shares) {
      server.receive(message);
    }
    server.finishSharing();
    for (MaskedInput message : masked) {
      server.receive(message);
    }
    server.finishMasking();
    for (UnmaskResponse message : responses) {
      server.receive(message);
    }
    AggregateSum sum = server.finishUnmasking();
    serverNanos.add(System.nanoTime() - start);
    return sum;
  }

  private long prgBound(int threads) {
    return IntStream.range(0, threads)
        .parallel()
        .mapToLong(
            t -> {
              long checksum = 0;
              for (int s = t; s < boundKeys.length; s += threads) {
                checksum += MaskPrg.expandOnly(boundKeys[s], length, 32);
              }
              return checksum;
            })
        .sum();
  }

  @TearDown(Level.Trial)
  public void report() {
    if (!measuring.startsWith("server") || serverNanos.isEmpty()) {
      return;
    }
    List<Long> sorted = new ArrayList<>(serverNanos);
    Collections.sort(sorted);
    double medianMs = sorted.get(sorted.size() / 2) / 1e6;
    List<Double> bounds = new ArrayList<>(boundSamplesMs);
    Collections.sort(bounds);
    if (!bounds.isEmpty()) {
      double boundMedian = bounds.get(bounds.size() / 2);
      System.out.printf(
          "%n# %s: fastest server run %.1f ms, fastest 1-thread PRG bound %.1f ms: ratio %.2f;"
              + " median server %.1f ms / median bound %.1f ms (bound re-measured before each of %d"
              + " iterations): ratio %.2f%n",
          measuring,
          sorted.get(0) / 1e6,
          bounds.get(0),
          sorted.get(0) / 1e6 / bounds.get(0),
          medianMs,
          boundMedian,
          bounds.size(),
          medianMs / boundMedian);
    }
    System.out.printf(
        "%n# %s: median server total %.1f ms over %d runs; PRG-only bound %.1f ms (1 thread),"
            + " %.1f ms (2 threads); ratio server / 1-thread bound = %.2f%n",
        measuring,
        medianMs,
        sorted.size(),
        boundOneThreadMs,
        boundTwoThreadsMs,
        medianMs / boundOneThreadMs);
  }

  private static SecureRandom seeded(byte[] seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
