package dev.tacit.sim.fleet;

import com.google.crypto.tink.subtle.AesGcmJce;
import dev.tacit.client.BudgetAgainstServer;
import dev.tacit.client.DeviceConditions;
import dev.tacit.client.Event;
import dev.tacit.client.ParticipationResult;
import dev.tacit.client.Signal;
import dev.tacit.client.TacitClient;
import dev.tacit.client.server.HttpServerConnection;
import dev.tacit.client.store.Durability;
import dev.tacit.client.store.KeyProvider;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RoundStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many real {@link TacitClient}s in one process, each with its own encrypted store and key, talking
 * to a real server over HTTP through one shared HTTP client. Each device records its own history,
 * grants the given purposes, and then takes part in rounds when {@link #runRound} asks all of them
 * to at once (each on a virtual thread), some of them losing the network at a random point of the
 * round.
 */
public final class DeviceFleet implements AutoCloseable {

  /** One device. */
  public record Member(TacitClient client, DroppingConnection link, List<String> heldBack) {}

  /**
   * What one call of {@link #runRound} did.
   *
   * @param round the round the devices took part in (0 if none was assigned)
   * @param status the round's final status on the server
   * @param contributed devices whose part of the round completed
   * @param dropped devices made to lose the network during the round
   * @param notSelected devices told to retry later (not sampled, or no round)
   * @param late devices that answered a phase after the server had closed it (stragglers, which the
   *     round counted as dropouts)
   * @param failed devices whose round failed for another reason
   * @param seconds the wall time, until the server finished the round
   * @param firstFailure what the first failed device said, or an empty string
   */
  public record RoundResult(
      long round,
      String status,
      int contributed,
      int dropped,
      int notSelected,
      int late,
      int failed,
      double seconds,
      String firstFailure) {}

  private final List<Member> members;
  private final HttpClient http;
  private final URI server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  private DeviceFleet(List<Member> members, HttpClient http, URI server) {
    this.members = members;
    this.http = http;
    this.server = server;
  }

  /**
   * Creates one device per history under {@code root}, records its items (as views, a second apart,
   * ending now), grants {@code purposes}, and registers it with the server.
   *
   * @param histories each device's item ids, oldest first
   * @param heldBack each device's held-back items, for federated evaluation (may be empty lists)
   */
  public static DeviceFleet create(
      Path root,
      URI server,
      List<List<String>> histories,
      List<List<String>> heldBack,
      Set<Purpose> purposes,
      long seed)
      throws InterruptedException {
    return create(root, server, histories, heldBack, purposes, seed, null);
  }

  /**
   * As {@link #create(Path, URI, List, List, Set, long)}, each device with {@code budget} as its
   * own budget against the server ({@link TacitClient.Builder#budgetAgainstServer}; null for the
   * SDK's default).
   */
  public static DeviceFleet create(
      Path root,
      URI server,
      List<List<String>> histories,
      List<List<String>> heldBack,
      Set<Purpose> purposes,
      long seed,
      dev.tacit.privacy.participant.ParticipantBudget budget)
      throws InterruptedException {
    if (histories.size() != heldBack.size()) {
      throw new IllegalArgumentException("one held-back list per history is needed");
    }
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    Instant now = Instant.now();
    List<Member> members = new ArrayList<>();
    // A bounded number of devices set up at once: each writes its encrypted store and then
    // registers, and a thousand at once on a busy machine time out at the server.
    java.util.concurrent.Semaphore setting = new java.util.concurrent.Semaphore(SETUP_AT_ONCE);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Member>> made = new ArrayList<>();
      for (int d = 0; d < histories.size(); d++) {
        int device = d;
        made.add(
            pool.submit(
                () -> {
                  setting.acquire();
                  try {
                    return member(
                        root, server, http, device, histories, heldBack, purposes, budget, now);
                  } finally {
                    setting.release();
                  }
                }));
      }
      for (Future<Member> f : made) {
        members.add(get(f));
      }
    }
    return new DeviceFleet(members, http, server);
  }

  /** How many devices {@link #create} sets up at once. */
  static final int SETUP_AT_ONCE = 32;

  private static Member member(
      Path root,
      URI server,
      HttpClient http,
      int device,
      List<List<String>> histories,
      List<List<String>> heldBack,
      Set<Purpose> purposes,
      dev.tacit.privacy.participant.ParticipantBudget budget,
      Instant now)
      throws GeneralSecurityException {
    DroppingConnection link =
        new DroppingConnection(
            HttpServerConnection.builder(server)
                .transport(dev.tacit.client.jdk.JdkHttpTransport.of(http))
                // A long poll answered late on a busy machine is still an answer.
                .requestTimeout(Duration.ofSeconds(120))
                .build());
    byte[] key = new byte[32];
    SecureRandom random = new SecureRandom();
    random.nextBytes(key);
    TacitClient.Builder builder =
        TacitClient.builder()
            .storageDirectory(root.resolve("device-" + device))
            .keyProvider(KeyProvider.of(new AesGcmJce(key), "simulated device key"))
            .server(link)
            .durability(Durability.WRITE)
            .secureRandom(random);
    if (budget != null) {
      builder.budgetAgainstServer(new BudgetAgainstServer(budget.epsilon(), budget.delta()));
    }
    TacitClient c = builder.build();
    for (Purpose p : purposes) {
      c.consent().grant(p);
    }
    List<String> items = histories.get(device);
    for (int i = 0; i < items.size(); i++) {
      c.record(Event.of(items.get(i), Signal.VIEW, now.minusSeconds(items.size() - i)));
    }
    c.connect();
    return new Member(c, link, List.copyOf(heldBack.get(device)));
  }

  private static <T> T get(Future<T> f) throws InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof GeneralSecurityException g) {
        throw new IllegalStateException("cannot create a device key", g);
      }
      throw new IllegalStateException(c);
    }
  }

  /** The devices. */
  public List<Member> members() {
    return members;
  }

  /** The number of devices. */
  public int size() {
    return members.size();
  }

  /**
   * Asks every device to take part in a round at once; each loses the network with probability
   * {@code dropout} at a random point of the round. Returns when every device is done and the
   * server has finished the round (completed or aborted).
   */
  public RoundResult runRound(double dropout, Random random) throws InterruptedException {
    DropPoint[] points = DropPoint.values();
    List<DropPoint> plan = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      plan.add(random.nextDouble() < dropout ? points[random.nextInt(points.length)] : null);
    }
    return run(plan);
  }

  /**
   * Like {@link #runRound(double, Random)}, with exactly {@code drops} devices, chosen at random,
   * losing the network, each at a random point of the round.
   */
  public RoundResult runRound(int drops, Random random) throws InterruptedException {
    if (drops < 0 || drops > members.size()) {
      throw new IllegalArgumentException(
          "drops must be in [0, " + members.size() + "], was " + drops);
    }
    DropPoint[] points = DropPoint.values();
    List<DropPoint> plan = new ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      plan.add(i < drops ? points[random.nextInt(points.length)] : null);
    }
    java.util.Collections.shuffle(plan, random);
    return run(plan);
  }

  private RoundResult run(List<DropPoint> plan) throws InterruptedException {
    long t0 = System.nanoTime();
    List<Future<ParticipationResult>> results = new ArrayList<>();
    int dropped = 0;
    for (int i = 0; i < members.size(); i++) {
      Member m = members.get(i);
      m.link().dropAt(plan.get(i));
      results.add(threads.submit(() -> m.client().participate(DeviceConditions.idle())));
    }
    int contributed = 0;
    int notSelected = 0;
    int failed = 0;
    int late = 0;
    String firstFailure = "";
    long round = 0;
    for (int i = 0; i < results.size(); i++) {
      ParticipationResult r = get(results.get(i));
      switch (r.status()) {
        case CONTRIBUTED -> contributed++;
        case RETRY_LATER, SKIPPED -> notSelected++;
        case FAILED -> {
          if (r.detail().contains("simulated loss of network")) {
            dropped++;
          } else if (r.detail().contains("wrong_phase") || r.detail().contains("not_in_round")) {
            late++;
          } else {
            if (failed == 0) {
              firstFailure = r.detail();
            }
            failed++;
          }
        }
      }
      round = Math.max(round, r.round());
    }
    for (Member m : members) {
      m.link().dropAt(null);
    }
    String status = round == 0 ? "none" : awaitEnd(round);
    return new RoundResult(
        round,
        status,
        contributed,
        dropped,
        notSelected,
        late,
        failed,
        (System.nanoTime() - t0) / 1e9,
        firstFailure);
  }

  /** Polls {@code GET /v1/rounds/{round}} until the round is over. */
  private String awaitEnd(long round) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    int unreachable = 0;
    while (System.nanoTime() < end && unreachable < 100) {
      try {
        HttpResponse<byte[]> r =
            http.send(
                HttpRequest.newBuilder(server.resolve("/v1/rounds/" + round)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 200) {
          RoundStatus s = Json.read(r.body(), RoundStatus.class);
          if (Set.of("completed", "aborted", "rejected").contains(s.status())) {
            return s.status();
          }
        }
        unreachable = 0;
      } catch (IOException e) {
        unreachable++; // the server may be busy, or gone: give up after 5 s of silence
      }
      Thread.sleep(50);
    }
    return unreachable > 0 ? "unreachable" : "unfinished";
  }

  /**
   * Every device that granted {@code evaluation} scores the current model on its held-back items
   * and reports the two figures.
   *
   * @return the reports sent
   */
  public int reportEvaluations() throws InterruptedException {
    List<Future<Boolean>> sent = new ArrayList<>();
    for (Member m : members) {
      if (!m.heldBack().isEmpty()) {
        sent.add(threads.submit(() -> m.client().reportEvaluation(m.heldBack())));
      }
    }
    int n = 0;
    for (Future<Boolean> f : sent) {
      n += get(f) ? 1 : 0;
    }
    return n;
  }

  /** Closes every client (their stores stay on disk). */
  @Override
  public void close() {
    threads.shutdownNow();
    for (Member m : members) {
      m.client().close();
    }
    http.close();
  }
}
