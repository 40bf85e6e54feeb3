package dev.tacit.server.rounds;

import dev.tacit.server.store.CoordinatorLock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which server process coordinates the rounds: the one that holds the {@link CoordinatorLock}
 * (always the only one on SQLite). A process on standby tries again every {@link #RETRY} of the
 * server's clock, and takes over once the coordinator is gone. Thread-safe.
 */
final class CoordinatorElection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CoordinatorElection.class);

  /** How often a process on standby tries to take the lock. */
  static final Duration RETRY = Duration.ofSeconds(2);

  private final BooleanSupplier tryLock;
  private final Runnable unlock;
  private final Clock clock;
  private final Runnable onElected;
  private boolean elected;
  private Instant nextAttempt = Instant.MIN;

  /** An election over {@code lock}; {@code onElected} runs once, when this process wins it. */
  CoordinatorElection(CoordinatorLock lock, Clock clock, Runnable onElected) {
    this(lock::tryAcquire, lock::close, clock, onElected);
  }

  /**
   * @param tryLock takes the lock if it is free, and tells whether this process holds it
   * @param unlock gives the lock up
   */
  CoordinatorElection(BooleanSupplier tryLock, Runnable unlock, Clock clock, Runnable onElected) {
    this.tryLock = tryLock;
    this.unlock = unlock;
    this.clock = clock;
    this.onElected = onElected;
  }

  /** Tries to take the lock at start; on standby, {@link #retry} tries again later. */
  synchronized void start() {
    if (!attempt()) {
      LOG.info(
          "event=coordinator status=standby note=\"another server process coordinates the rounds\"");
    }
  }

  /** Tries again if this process is on standby and {@link #RETRY} has passed since the last try. */
  synchronized void retry() {
    Instant now = clock.instant();
    if (!elected && !now.isBefore(nextAttempt)) {
      nextAttempt = now.plus(RETRY);
      attempt();
    }
  }

  private boolean attempt() {
    if (!tryLock.getAsBoolean()) {
      return false;
    }
    onElected.run(); // if taking over fails, this process is not elected: it tries again
    elected = true;
    return true;
  }

  /** Gives the lock up. */
  @Override
  public void close() {
    unlock.run();
  }
}
