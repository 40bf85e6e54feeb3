package dev.tacit.client.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One user's encrypted store in a directory: a snapshot and an append-only journal of records, each
 * sealed with Tink AEAD (AES-256-GCM) under a keyset that is itself wrapped by the {@link
 * KeyProvider}'s key and kept in its own file.
 *
 * <ul>
 *   <li>{@code keyset.bin}: {@code "TKS1"}, salt length u8, salt, the Tink encrypted keyset.
 *   <li>{@code state.bin}: {@code "TST1"}, generation u64, the snapshot's ciphertext bound to its
 *       generation.
 *   <li>{@code journal.bin}: {@code "TJL1"}, generation u64, then records {@code (length u32,
 *       CRC32C of the length u32, ciphertext)}, each bound to the generation and its sequence
 *       number, so that a record moved, dropped from the middle, or carried from another generation
 *       fails to open.
 * </ul>
 *
 * <p>Snapshots and the keyset are replaced atomically. A record cut short at the very end of the
 * journal is a write the crash interrupted (it was never acknowledged): it is dropped and reported
 * in {@link #recoveryNotes()}. Anything else that fails authentication throws {@link
 * StoreCorruptedException}. Not thread-safe.
 */
public final class EncryptedStore implements AutoCloseable {
  /** The keyset file's name. */
  public static final String KEYSET = "keyset.bin";

  /** The snapshot file's name. */
  public static final String STATE = "state.bin";

  /** The journal file's name. */
  public static final String JOURNAL = "journal.bin";

  private static final byte[] STATE_MAGIC = StoreFiles.ascii("TST1");

  private final Path dir;
  private final Durability durability;
  private final SecureRandom random;
  private final List<String> notes = new ArrayList<>();
  private WrappedKeyset keyset;
  private long generation;
  private byte[] snapshot;
  private Journal journal;
  private boolean destroyed;

  private EncryptedStore(Path dir, Durability durability, SecureRandom random) {
    this.dir = dir;
    this.durability = durability;
    this.random = random;
  }

  /**
   * Opens the store in {@code dir}, creating it (with a new keyset) if the directory holds none.
   *
   * @throws StoreCorruptedException if a file was modified or truncated, or the key is wrong
   * @throws UncheckedIOException if the files cannot be read or written
   */
  public static EncryptedStore open(
      Path dir, KeyProvider keys, Durability durability, SecureRandom random) {
    EncryptedStore s = new EncryptedStore(dir, durability, random);
    try {
      Files.createDirectories(dir);
      if (Files.exists(dir.resolve(KEYSET))) {
        s.load(keys);
      } else {
        s.create(keys);
      }
      s.journal.open();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the store in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void create(KeyProvider keys) throws IOException {
    if (Files.exists(dir.resolve(STATE)) || Files.exists(dir.resolve(JOURNAL))) {
      throw new StoreCorruptedException(
          "the store in "
              + dir
              + " has data files but no "
              + KEYSET
              + ": the key was deleted, the data cannot be read");
    }
    try {
      keyset = WrappedKeyset.generate(dir.resolve(KEYSET), keys, random);
      generation = 0;
      snapshot = new byte[0];
      writeState();
      journal = Journal.create(dir.resolve(JOURNAL), durability, generation);
      keyset.write();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a keyset: " + e.getMessage(), e);
    }
  }

  private void load(KeyProvider keys) throws IOException {
    keyset = WrappedKeyset.read(dir.resolve(KEYSET), keys, random);
    Path statePath = dir.resolve(STATE);
    if (!Files.exists(statePath)) {
      throw new StoreCorruptedException(STATE + " is missing from " + dir);
    }
    byte[] st = Files.readAllBytes(statePath);
    if (st.length < StoreFiles.HEADER || !StoreFiles.startsWith(st, STATE_MAGIC)) {
      throw new StoreCorruptedException(
          STATE + " is truncated or not a Tacit state file (" + st.length + " bytes)");
    }
    generation = ByteBuffer.wrap(st).order(ByteOrder.LITTLE_ENDIAN).getLong(4);
    try {
      snapshot =
          keyset
              .aead()
              .decrypt(Arrays.copyOfRange(st, StoreFiles.HEADER, st.length), stateAd(generation));
    } catch (GeneralSecurityException e) {
      throw new StoreCorruptedException(
          STATE + " failed authentication: the file was modified or truncated", e);
    }
    journal = Journal.read(dir.resolve(JOURNAL), durability, generation, keyset.aead(), notes);
  }

  /** The payload of the last snapshot (empty for a new store). */
  public byte[] snapshot() {
    requireOpen();
    return snapshot.clone();
  }

  /** The records appended since the last snapshot, oldest first. */
  public List<byte[]> records() {
    requireOpen();
    List<byte[]> out = new ArrayList<>(journal.records().size());
    for (byte[] r : journal.records()) {
      out.add(r.clone());
    }
    return out;
  }

  /** The number of records in the journal. */
  public int journalLength() {
    return journal.records().size();
  }

  /** What opening the store had to repair (such as a write cut short by a crash), if anything. */
  public List<String> recoveryNotes() {
    return List.copyOf(notes);
  }

  /** Encrypts a record and appends it to the journal; durable as the {@link Durability} says. */
  public void append(byte[] record) {
    requireOpen();
    journal.append(keyset.aead(), record);
  }

  /**
   * Replaces the snapshot with {@code payload} (which must hold everything the journal held) and
   * empties the journal: what was deleted from the state is gone from the files.
   */
  public void writeSnapshot(byte[] payload) {
    requireOpen();
    try {
      generation++;
      snapshot = payload.clone();
      writeState();
      journal.restart(generation);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the snapshot: " + e.getMessage(), e);
    }
  }

  /**
   * Rotates the data key: a new AES-256-GCM key becomes primary, the state is re-encrypted under it
   * with {@code payload} as the new snapshot, and the old keys are then removed from the keyset.
   */
  public void rotateKey(byte[] payload) {
    requireOpen();
    try {
      keyset.addPrimary();
      writeSnapshot(payload);
      keyset.dropOldKeys();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("key rotation failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("key rotation failed: " + e.getMessage(), e);
    }
  }

  /** Wraps the keyset under a new {@link KeyProvider} (a new passphrase, say) with a new salt. */
  public void rewrap(KeyProvider newKeys) {
    requireOpen();
    if (newKeys == null) {
      throw new IllegalArgumentException("newKeys must be given");
    }
    keyset.rewrap(newKeys);
  }

  /**
   * Crypto-shredding: overwrites and deletes the keyset first (after which the data cannot be
   * decrypted by anyone), then overwrites and deletes every other file of the directory, and the
   * directory. The store cannot be used afterwards.
   */
  public void destroy() {
    if (destroyed) {
      return;
    }
    destroyed = true;
    try {
      if (journal != null) {
        journal.close();
      }
      AtomicFiles.shred(dir.resolve(KEYSET), random);
      AtomicFiles.syncDirectory(dir);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
        for (Path f : files) {
          AtomicFiles.shred(f, random);
        }
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete the store in " + dir + ": " + e.getMessage(), e);
    } finally {
      snapshot = new byte[0];
      journal.forget();
      keyset.forget();
    }
  }

  /** Whether {@link #destroy()} ran. */
  public boolean isDestroyed() {
    return destroyed;
  }

  /** The store's directory. */
  public Path directory() {
    return dir;
  }

  @Override
  public void close() {
    if (journal != null) {
      try {
        journal.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void requireOpen() {
    if (destroyed) {
      throw new IllegalStateException("the store was destroyed");
    }
  }

  private void writeState() throws IOException {
    try {
      byte[] ct = keyset.aead().encrypt(snapshot, stateAd(generation));
      ByteBuffer b =
          ByteBuffer.allocate(StoreFiles.HEADER + ct.length).order(ByteOrder.LITTLE_ENDIAN);
      b.put(STATE_MAGIC).putLong(generation).put(ct);
      AtomicFiles.write(dir.resolve(STATE), b.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed: " + e.getMessage(), e);
    }
  }

  private static byte[] stateAd(long generation) {
    return StoreFiles.ascii("tacit-state-v1|" + generation);
  }

  @Override
  public String toString() {
    return "EncryptedStore["
        + dir
        + ", generation "
        + generation
        + ", "
        + journal.records().size()
        + " records]";
  }
}
