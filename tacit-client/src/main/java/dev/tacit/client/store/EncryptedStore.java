package dev.tacit.client.store;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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

  private static final byte[] KEYSET_MAGIC = ascii("TKS1");
  private static final byte[] STATE_MAGIC = ascii("TST1");
  private static final byte[] JOURNAL_MAGIC = ascii("TJL1");
  private static final byte[] KEYSET_AD = ascii("tacit-keyset-v1");
  private static final int HEADER = 12;
  private static final int MAX_RECORD = 16 << 20;

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Path dir;
  private final Durability durability;
  private final SecureRandom random;
  private final List<String> notes = new ArrayList<>();
  private KeyProvider keys;
  private byte[] salt;
  private KeysetHandle keyset;
  private Aead aead;
  private long generation;
  private long sequence;
  private byte[] snapshot;
  private List<byte[]> records;
  private FileChannel journal;
  private boolean destroyed;

  private EncryptedStore(Path dir, KeyProvider keys, Durability durability, SecureRandom random) {
    this.dir = dir;
    this.keys = keys;
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
    EncryptedStore s = new EncryptedStore(dir, keys, durability, random);
    try {
      Files.createDirectories(dir);
      if (Files.exists(dir.resolve(KEYSET))) {
        s.load();
      } else {
        s.create();
      }
      s.journal =
          FileChannel.open(
              dir.resolve(JOURNAL), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the store in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void create() throws IOException {
    if (Files.exists(dir.resolve(STATE)) || Files.exists(dir.resolve(JOURNAL))) {
      throw new StoreCorruptedException(
          "the store in "
              + dir
              + " has data files but no "
              + KEYSET
              + ": the key was deleted, the data cannot be read");
    }
    try {
      keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
      salt = new byte[16];
      random.nextBytes(salt);
      generation = 0;
      snapshot = new byte[0];
      records = new ArrayList<>();
      writeState();
      writeJournalHeader();
      writeKeyset();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a keyset: " + e.getMessage(), e);
    }
  }

  private void load() throws IOException {
    byte[] k = Files.readAllBytes(dir.resolve(KEYSET));
    if (k.length < 5 + 16 || !startsWith(k, KEYSET_MAGIC)) {
      throw new StoreCorruptedException(
          KEYSET + " is truncated or not a Tacit keyset (" + k.length + " bytes)");
    }
    int saltLength = k[4] & 0xFF;
    if (saltLength != 16 || k.length < 5 + saltLength + 1) {
      throw new StoreCorruptedException(KEYSET + " has a bad salt length " + saltLength);
    }
    salt = Arrays.copyOfRange(k, 5, 5 + saltLength);
    byte[] wrapped = Arrays.copyOfRange(k, 5 + saltLength, k.length);
    try {
      byte[] plain = keys.wrappingAead(salt).decrypt(wrapped, keysetAd(salt));
      keyset = TinkProtoKeysetFormat.parseKeyset(plain, InsecureSecretKeyAccess.get());
      Arrays.fill(plain, (byte) 0);
      aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new StoreCorruptedException(
          KEYSET
              + " cannot be unwrapped: the key from "
              + keys.description()
              + " is wrong, or the file was modified or truncated",
          e);
    }
    Path statePath = dir.resolve(STATE);
    if (!Files.exists(statePath)) {
      throw new StoreCorruptedException(STATE + " is missing from " + dir);
    }
    byte[] st = Files.readAllBytes(statePath);
    if (st.length < HEADER || !startsWith(st, STATE_MAGIC)) {
      throw new StoreCorruptedException(
          STATE + " is truncated or not a Tacit state file (" + st.length + " bytes)");
    }
    generation = ByteBuffer.wrap(st).order(ByteOrder.LITTLE_ENDIAN).getLong(4);
    try {
      snapshot = aead.decrypt(Arrays.copyOfRange(st, HEADER, st.length), stateAd(generation));
    } catch (GeneralSecurityException e) {
      throw new StoreCorruptedException(
          STATE + " failed authentication: the file was modified or truncated", e);
    }
    loadJournal();
  }

  private void loadJournal() throws IOException {
    records = new ArrayList<>();
    sequence = 0;
    Path path = dir.resolve(JOURNAL);
    if (!Files.exists(path)) {
      notes.add(JOURNAL + " was missing: started an empty journal");
      writeJournalHeader();
      return;
    }
    byte[] j = Files.readAllBytes(path);
    if (j.length < HEADER || !startsWith(j, JOURNAL_MAGIC)) {
      throw new StoreCorruptedException(
          JOURNAL + " is truncated or not a Tacit journal (" + j.length + " bytes)");
    }
    ByteBuffer b = ByteBuffer.wrap(j).order(ByteOrder.LITTLE_ENDIAN);
    long journalGeneration = b.getLong(4);
    if (journalGeneration < generation) {
      notes.add(
          "discarded the journal of generation "
              + journalGeneration
              + ": its records are already in the snapshot of generation "
              + generation);
      writeJournalHeader();
      return;
    }
    if (journalGeneration > generation) {
      throw new StoreCorruptedException(
          JOURNAL
              + " is of generation "
              + journalGeneration
              + ", newer than the snapshot's "
              + generation
              + ": the snapshot was replaced by an older one");
    }
    int pos = HEADER;
    while (pos < j.length) {
      if (j.length - pos < 8) {
        tornTail(path, pos, j.length - pos);
        break;
      }
      int length = b.getInt(pos);
      if (b.getInt(pos + 4) != lengthCheck(length) || length < 0 || length > MAX_RECORD) {
        throw new StoreCorruptedException(
            JOURNAL + " record " + sequence + " has a corrupted length field");
      }
      if (j.length - pos - 8 < length) {
        tornTail(path, pos, j.length - pos);
        break;
      }
      byte[] ct = Arrays.copyOfRange(j, pos + 8, pos + 8 + length);
      try {
        records.add(aead.decrypt(ct, journalAd(generation, sequence)));
      } catch (GeneralSecurityException e) {
        throw new StoreCorruptedException(
            JOURNAL
                + " record "
                + sequence
                + " failed authentication: the file was modified, or records were moved",
            e);
      }
      sequence++;
      pos += 8 + length;
    }
  }

  private void tornTail(Path path, int pos, int bytes) throws IOException {
    notes.add(
        "dropped an incomplete last journal record of "
            + bytes
            + " bytes: a write interrupted by a crash, never acknowledged");
    try (FileChannel c = FileChannel.open(path, StandardOpenOption.WRITE)) {
      c.truncate(pos);
      c.force(true);
    }
  }

  /** The payload of the last snapshot (empty for a new store). */
  public byte[] snapshot() {
    requireOpen();
    return snapshot.clone();
  }

  /** The records appended since the last snapshot, oldest first. */
  public List<byte[]> records() {
    requireOpen();
    List<byte[]> out = new ArrayList<>(records.size());
    for (byte[] r : records) {
      out.add(r.clone());
    }
    return out;
  }

  /** The number of records in the journal. */
  public int journalLength() {
    return records.size();
  }

  /** What opening the store had to repair (such as a write cut short by a crash), if anything. */
  public List<String> recoveryNotes() {
    return List.copyOf(notes);
  }

  /** Encrypts a record and appends it to the journal; durable as the {@link Durability} says. */
  public void append(byte[] record) {
    requireOpen();
    try {
      byte[] ct = aead.encrypt(record, journalAd(generation, sequence));
      ByteBuffer b = ByteBuffer.allocate(8 + ct.length).order(ByteOrder.LITTLE_ENDIAN);
      b.putInt(ct.length).putInt(lengthCheck(ct.length)).put(ct);
      ((java.nio.Buffer) b).flip();
      while (b.hasRemaining()) {
        journal.write(b);
      }
      if (durability == Durability.SYNC) {
        journal.force(false);
      }
      records.add(record.clone());
      sequence++;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + JOURNAL + ": " + e.getMessage(), e);
    }
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
      journal.close();
      writeJournalHeader();
      records = new ArrayList<>();
      sequence = 0;
      journal =
          FileChannel.open(
              dir.resolve(JOURNAL), StandardOpenOption.WRITE, StandardOpenOption.APPEND);
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
      KeysetHandle both =
          KeysetHandle.newBuilder(keyset)
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                      .withRandomId()
                      .makePrimary())
              .build();
      keyset = both;
      aead = both.getPrimitive(RegistryConfiguration.get(), Aead.class);
      writeKeyset();
      writeSnapshot(payload);
      KeysetHandle.Builder onlyNew = KeysetHandle.newBuilder(both);
      for (int i = onlyNew.size() - 1; i >= 0; i--) {
        if (!onlyNew.getAt(i).isPrimary()) {
          onlyNew.deleteAt(i);
        }
      }
      keyset = onlyNew.build();
      aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
      writeKeyset();
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
    KeyProvider old = keys;
    byte[] oldSalt = salt;
    try {
      keys = newKeys;
      salt = new byte[16];
      random.nextBytes(salt);
      writeKeyset();
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      keys = old;
      salt = oldSalt;
      throw new IllegalStateException("rewrapping the keyset failed: " + e.getMessage(), e);
    }
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
      records = List.of();
      keyset = null;
      aead = null;
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
    if (journal != null && journal.isOpen()) {
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

  private void writeKeyset() throws GeneralSecurityException, IOException {
    byte[] plain = TinkProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    byte[] wrapped = keys.wrappingAead(salt).encrypt(plain, keysetAd(salt));
    Arrays.fill(plain, (byte) 0);
    ByteBuffer b = ByteBuffer.allocate(5 + salt.length + wrapped.length);
    b.put(KEYSET_MAGIC).put((byte) salt.length).put(salt).put(wrapped);
    AtomicFiles.write(dir.resolve(KEYSET), b.array());
  }

  private void writeState() throws IOException {
    try {
      byte[] ct = aead.encrypt(snapshot, stateAd(generation));
      ByteBuffer b = ByteBuffer.allocate(HEADER + ct.length).order(ByteOrder.LITTLE_ENDIAN);
      b.put(STATE_MAGIC).putLong(generation).put(ct);
      AtomicFiles.write(dir.resolve(STATE), b.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed: " + e.getMessage(), e);
    }
  }

  private void writeJournalHeader() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN);
    b.put(JOURNAL_MAGIC).putLong(generation);
    AtomicFiles.write(dir.resolve(JOURNAL), b.array());
  }

  /** The keyset's associated data binds the file's header (magic and salt) too. */
  private static byte[] keysetAd(byte[] salt) {
    byte[] ad = new byte[KEYSET_AD.length + 5 + salt.length];
    System.arraycopy(KEYSET_AD, 0, ad, 0, KEYSET_AD.length);
    System.arraycopy(KEYSET_MAGIC, 0, ad, KEYSET_AD.length, 4);
    ad[KEYSET_AD.length + 4] = (byte) salt.length;
    System.arraycopy(salt, 0, ad, KEYSET_AD.length + 5, salt.length);
    return ad;
  }

  private static byte[] stateAd(long generation) {
    return ascii("tacit-state-v1|" + generation);
  }

  /** CRC32C of a length, so a damaged length is told apart from a write cut short. */
  private static int lengthCheck(int length) {
    return (int)
        dev.tacit.protocol.Crc32c.of(
            new byte[] {
              (byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)
            });
  }

  /** Whether {@code bytes} begins with the 4 bytes of {@code magic}. */
  private static boolean startsWith(byte[] bytes, byte[] magic) {
    for (int i = 0; i < 4; i++) {
      if (bytes[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] journalAd(long generation, long sequence) {
    return ascii("tacit-journal-v1|" + generation + "|" + sequence);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "EncryptedStore["
        + dir
        + ", generation "
        + generation
        + ", "
        + records.size()
        + " records]";
  }
}
