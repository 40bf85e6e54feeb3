package dev.tacit.secagg.server;

import dev.tacit.secagg.Phase;
import dev.tacit.secagg.SecAggAbortedException;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.crypto.KeySchedule;
import dev.tacit.secagg.crypto.SecretBytes;
import dev.tacit.secagg.crypto.X25519;
import dev.tacit.secagg.crypto.X25519PrivateKey;
import dev.tacit.secagg.internal.SecretLedger;
import dev.tacit.secagg.internal.vector.ModularVector;
import dev.tacit.secagg.message.AdvertiseKeys;
import dev.tacit.secagg.message.PairwiseKey;
import dev.tacit.secagg.message.RevealedShare;
import dev.tacit.secagg.message.UnmaskResponse;
import dev.tacit.secagg.shamir.Shamir;
import dev.tacit.secagg.shamir.ShamirShare;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Round 3 of a session's server: from the clients' answers, the sum of the masks to take out of the
 * sum of the masked inputs. A counted client's self mask comes from its seed, rebuilt from t
 * shares. A dropped client's pairwise mask with a counted neighbour comes from the key that
 * neighbour revealed; only when one is missing is the dropped client's mask key rebuilt from its
 * shares, checked against its advertised public key and agreed with the neighbours whose keys are
 * missing.
 */
final class Unmasker {
  /** The length of a self-mask seed and of a mask key, in bytes. */
  static final int SEED_LENGTH = 32;

  private final SecAggConfig config;
  private final int threads;
  private final Map<Integer, AdvertiseKeys> advertised;
  private final IntFunction<int[]> countedNeighbours;

  /**
   * An unmasker for the session {@code config}, working on {@code threads} threads.
   *
   * @param advertised the keys each client advertised in round 0
   * @param countedNeighbours the neighbours of a client (itself included) whose input was counted
   */
  Unmasker(
      SecAggConfig config,
      int threads,
      Map<Integer, AdvertiseKeys> advertised,
      IntFunction<int[]> countedNeighbours) {
    this.config = config;
    this.threads = threads;
    this.advertised = advertised;
    this.countedNeighbours = countedNeighbours;
  }

  /**
   * The sum of the masks to remove: the self masks of {@code counted} and the pairwise masks of the
   * clients of {@code sharers} that dropped, with their counted neighbours.
   *
   * @throws SecAggAbortedException if fewer than t neighbours of any client whose secret is needed
   *     answered (checked before any reconstruction), shares are inconsistent, or a reconstructed
   *     key does not match the advertised one
   */
  ModularVector masks(
      Collection<UnmaskResponse> responses, Set<Integer> sharers, Set<Integer> counted) {
    Map<Integer, List<ShamirShare>> seedShares = new TreeMap<>();
    Map<Integer, List<ShamirShare>> keyShares = new TreeMap<>();
    Map<Integer, Map<Integer, byte[]>> revealedKeys = new TreeMap<>();
    for (UnmaskResponse response : responses) {
      for (PairwiseKey key : response.pairwiseKeys()) {
        revealedKeys
            .computeIfAbsent(key.neighbour(), o -> new TreeMap<>())
            .put(response.sender(), SecretLedger.track(key.streamKey()));
      }
      for (RevealedShare share : response.selfMaskShares()) {
        seedShares.computeIfAbsent(share.owner(), o -> new ArrayList<>()).add(share.share());
      }
      for (RevealedShare share : response.maskKeyShares()) {
        keyShares.computeIfAbsent(share.owner(), o -> new ArrayList<>()).add(share.share());
      }
    }
    List<Integer> droppedOwners = new ArrayList<>();
    for (int u : sharers) {
      boolean isCounted = counted.contains(u);
      if (!isCounted && countedNeighbours.apply(u).length == 0) {
        continue;
      }
      List<ShamirShare> shares = (isCounted ? seedShares : keyShares).get(u);
      int available = shares == null ? 0 : shares.size();
      if (available < config.threshold()) {
        throw new SecAggAbortedException(
            config.sessionId(),
            Phase.UNMASK,
            String.format(
                "only %d neighbours of client %d answered the unmask request; the threshold is %d,"
                    + " so no secret is reconstructed",
                available, u, config.threshold()));
      }
      if (!isCounted) {
        droppedOwners.add(u);
      }
    }
    List<Task> tasks = new ArrayList<>();
    for (int u : counted) {
      tasks.add(new Task(u, true, seedShares.get(u), Map.of()));
    }
    for (int d : droppedOwners) {
      tasks.add(new Task(d, false, keyShares.get(d), revealedKeys.getOrDefault(d, Map.of())));
    }
    Collections.sort(tasks, (a, b) -> Boolean.compare(a.selfMask, b.selfMask));
    return run(tasks);
  }

  /**
   * The sum of the masks the tasks remove. With several threads each worker takes a fixed share of
   * the tasks (every workers-th one), so every worker's partial sum holds masks of its own and the
   * result is the same however the threads are scheduled.
   */
  private ModularVector run(List<Task> tasks) {
    int workers = Math.min(threads, tasks.size());
    if (workers <= 1) {
      return drain(tasks, 0, 1);
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers - 1, Unmasker::daemon);
    try {
      List<Future<ModularVector>> futures = new ArrayList<>();
      for (int w = 1; w < workers; w++) {
        int first = w;
        futures.add(pool.submit(() -> drain(tasks, first, workers)));
      }
      ModularVector acc = drain(tasks, 0, workers);
      for (Future<ModularVector> future : futures) {
        acc.add(future.get());
      }
      return acc;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while unmasking", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new IllegalStateException("unmasking failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The sum of the masks removed by tasks first, first + stride, first + 2 stride, ... */
  private ModularVector drain(List<Task> tasks, int first, int stride) {
    ModularVector acc = ModularVector.zeros(config.modulusBits(), config.vectorLength());
    for (int i = first; i < tasks.size(); i += stride) {
      tasks.get(i).applyTo(acc);
    }
    return acc;
  }

  private static Thread daemon(Runnable runnable) {
    Thread thread = new Thread(runnable, "tacit-secagg-unmask");
    thread.setDaemon(true);
    return thread;
  }

  /** Removing one client's masks: its self mask, or its pairwise masks with counted neighbours. */
  private final class Task {
    final int owner;
    final boolean selfMask;
    final List<ShamirShare> shares;
    final Map<Integer, byte[]> revealedKeys;

    Task(int owner, boolean selfMask, List<ShamirShare> shares, Map<Integer, byte[]> revealed) {
      this.owner = owner;
      this.selfMask = selfMask;
      this.shares = shares;
      this.revealedKeys = revealed;
    }

    void applyTo(ModularVector acc) {
      int m = config.vectorLength();
      int bits = config.modulusBits();
      List<Integer> missing = new ArrayList<>();
      if (!selfMask) {
        for (int v : countedNeighbours.apply(owner)) {
          byte[] streamKey = revealedKeys.get(v);
          if (streamKey == null) {
            missing.add(v);
            continue;
          }
          // Counted client v added PRG(s_uv) if owner > v and subtracted it if owner < v.
          acc.addStream(streamKey, owner > v);
          Arrays.fill(streamKey, (byte) 0);
        }
        if (missing.isEmpty()) {
          return;
        }
      }
      byte[] secret;
      try {
        secret = SecretLedger.track(Shamir.reconstruct(shares, config.threshold(), SEED_LENGTH));
      } catch (IllegalArgumentException e) {
        throw new SecAggAbortedException(
            config.sessionId(),
            Phase.UNMASK,
            "the shares of client " + owner + " are inconsistent: " + e.getMessage());
      }
      if (selfMask) {
        SecretBytes seed = SecretBytes.copyOf(secret);
        Arrays.fill(secret, (byte) 0);
        byte[] key =
            SecretLedger.track(
                KeySchedule.selfMaskStreamKey(
                    seed, config.sessionId(), config.round(), owner, m, bits));
        seed.destroy();
        acc.addStream(key, true);
        Arrays.fill(key, (byte) 0);
        return;
      }
      X25519PrivateKey key = X25519PrivateKey.of(secret);
      Arrays.fill(secret, (byte) 0);
      try {
        if (!MessageDigest.isEqual(X25519.publicKey(key), advertised.get(owner).maskPublicKey())) {
          throw new SecAggAbortedException(
              config.sessionId(),
              Phase.UNMASK,
              "the mask key reconstructed for client "
                  + owner
                  + " does not match its advertised public key: a revealed share is wrong");
        }
        for (int v : missing) {
          byte[] secretUv =
              SecretLedger.track(X25519.sharedSecret(key, advertised.get(v).maskPublicKey()));
          byte[] streamKey =
              SecretLedger.track(
                  KeySchedule.pairwiseMaskStreamKey(
                      secretUv, config.sessionId(), config.round(), owner, v, m, bits));
          Arrays.fill(secretUv, (byte) 0);
          // Counted client v added PRG(s_uv) if owner > v and subtracted it if owner < v.
          acc.addStream(streamKey, owner > v);
          Arrays.fill(streamKey, (byte) 0);
        }
      } finally {
        key.destroy();
      }
    }
  }
}
