package dev.tacit.server.store;

import org.jdbi.v3.core.Handle;

/**
 * Which server process coordinates the federated rounds. Several processes may share one PostgreSQL
 * database, but a round's SecAgg+ state lives in the memory of one of them: the process that holds
 * a session-level advisory lock on its own open connection is the coordinator, and the lock goes
 * with that connection when the process dies, so another can take over. On SQLite (one process per
 * file) the lock is always held.
 */
public final class CoordinatorLock implements AutoCloseable {
  private static final long KEY = 0x7461636974726fL; // "tacitro"

  private final Storage storage;
  private Handle handle;
  private boolean held;

  /** A lock over {@code storage}'s database, not yet acquired. */
  public CoordinatorLock(Storage storage) {
    this.storage = storage;
  }

  /**
   * Takes the lock if it is free (or already ours and its connection still alive).
   *
   * @return whether this process holds it now
   */
  public synchronized boolean tryAcquire() {
    if (storage.dialect() == Storage.Dialect.SQLITE) {
      held = true;
      return true;
    }
    if (held) {
      try {
        handle.createQuery("SELECT 1").mapTo(Integer.class).one();
        return true;
      } catch (RuntimeException e) {
        release();
      }
    }
    Handle h = storage.jdbi().open();
    try {
      boolean got =
          h.createQuery("SELECT pg_try_advisory_lock(" + KEY + ")").mapTo(Boolean.class).one();
      if (got) {
        handle = h;
        held = true;
        return true;
      }
    } catch (RuntimeException e) {
      // the database is unreachable: not the coordinator
    }
    h.close();
    return false;
  }

  private void release() {
    held = false;
    if (handle != null) {
      try {
        handle.close(); // closing the connection releases a session-level advisory lock
      } catch (RuntimeException e) {
        // already gone
      }
      handle = null;
    }
  }

  /** Gives the lock up. */
  @Override
  public synchronized void close() {
    release();
  }
}
