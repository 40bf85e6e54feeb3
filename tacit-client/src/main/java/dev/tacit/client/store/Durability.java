package dev.tacit.client.store;

/** When an appended record reaches the disk. */
public enum Durability {
  /**
   * The record is written to the operating system before {@code record} returns: it survives a
   * crash of the app, and a power loss may lose only the last records (never corrupting older
   * ones). Snapshots are always synced.
   */
  WRITE,
  /** Every record is also synced to the disk (fdatasync) before {@code record} returns. */
  SYNC
}
