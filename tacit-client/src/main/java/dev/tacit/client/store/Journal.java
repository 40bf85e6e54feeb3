package dev.tacit.client.store;

import com.google.crypto.tink.Aead;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The store's append-only journal in {@code journal.bin}: {@code "TJL1"}, generation u64, then
 * records {@code (length u32, CRC32C of the length u32, ciphertext)}, each bound to the generation
 * and its sequence number, so that a record moved, dropped from the middle, or carried from another
 * generation fails to open. Holds the records read or appended since the last snapshot. Not
 * thread-safe.
 */
final class Journal implements AutoCloseable {
  private static final byte[] MAGIC = StoreFiles.ascii("TJL1");
  private static final int MAX_RECORD = 16 << 20;

  private final Path file;
  private final String name;
  private final Durability durability;
  private long generation;
  private long sequence;
  private List<byte[]> records = new ArrayList<>();
  private FileChannel channel;

  private Journal(Path file, Durability durability, long generation) {
    this.file = file;
    this.name = file.getFileName().toString();
    this.durability = durability;
    this.generation = generation;
  }

  /** Writes an empty journal of {@code generation} (not opened for appending yet). */
  static Journal create(Path file, Durability durability, long generation) throws IOException {
    Journal j = new Journal(file, durability, generation);
    j.writeHeader();
    return j;
  }

  /**
   * Reads the journal that goes with the snapshot of {@code generation}: one of an older generation
   * is discarded, and a record cut short at the very end is dropped; both are told in {@code
   * notes}.
   *
   * @throws StoreCorruptedException if a record fails authentication or the journal is newer than
   *     the snapshot
   */
  static Journal read(
      Path file, Durability durability, long generation, Aead aead, List<String> notes)
      throws IOException {
    Journal journal = new Journal(file, durability, generation);
    String name = journal.name;
    if (!Files.exists(file)) {
      notes.add(name + " was missing: started an empty journal");
      journal.writeHeader();
      return journal;
    }
    byte[] j = Files.readAllBytes(file);
    if (j.length < StoreFiles.HEADER || !StoreFiles.startsWith(j, MAGIC)) {
      throw new StoreCorruptedException(
          name + " is truncated or not a Tacit journal (" + j.length + " bytes)");
    }
    ByteBuffer b = ByteBuffer.wrap(j).order(ByteOrder.LITTLE_ENDIAN);
    long journalGeneration = b.getLong(4);
    if (journalGeneration < generation) {
      notes.add(
          "discarded the journal of generation "
              + journalGeneration
              + ": its records are already in the snapshot of generation "
              + generation);
      journal.writeHeader();
      return journal;
    }
    if (journalGeneration > generation) {
      throw new StoreCorruptedException(
          name
              + " is of generation "
              + journalGeneration
              + ", newer than the snapshot's "
              + generation
              + ": the snapshot was replaced by an older one");
    }
    int pos = StoreFiles.HEADER;
    while (pos < j.length) {
      if (j.length - pos < 8) {
        journal.dropTornTail(pos, j.length - pos, notes);
        break;
      }
      int length = b.getInt(pos);
      if (b.getInt(pos + 4) != lengthCheck(length) || length < 0 || length > MAX_RECORD) {
        throw new StoreCorruptedException(
            name + " record " + journal.sequence + " has a corrupted length field");
      }
      if (j.length - pos - 8 < length) {
        journal.dropTornTail(pos, j.length - pos, notes);
        break;
      }
      byte[] ct = Arrays.copyOfRange(j, pos + 8, pos + 8 + length);
      try {
        journal.records.add(aead.decrypt(ct, ad(generation, journal.sequence)));
      } catch (GeneralSecurityException e) {
        throw new StoreCorruptedException(
            name
                + " record "
                + journal.sequence
                + " failed authentication: the file was modified, or records were moved",
            e);
      }
      journal.sequence++;
      pos += 8 + length;
    }
    return journal;
  }

  private void dropTornTail(int pos, int bytes, List<String> notes) throws IOException {
    notes.add(
        "dropped an incomplete last journal record of "
            + bytes
            + " bytes: a write interrupted by a crash, never acknowledged");
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.truncate(pos);
      c.force(true);
    }
  }

  /** Opens the file for appending. */
  void open() throws IOException {
    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** The records, oldest first (not copied). */
  List<byte[]> records() {
    return records;
  }

  /** Encrypts a record and appends it; durable as the {@link Durability} says. */
  void append(Aead aead, byte[] record) {
    try {
      byte[] ct = aead.encrypt(record, ad(generation, sequence));
      ByteBuffer b = ByteBuffer.allocate(8 + ct.length).order(ByteOrder.LITTLE_ENDIAN);
      b.putInt(ct.length).putInt(lengthCheck(ct.length)).put(ct);
      ((java.nio.Buffer) b).flip();
      while (b.hasRemaining()) {
        channel.write(b);
      }
      if (durability == Durability.SYNC) {
        channel.force(false);
      }
      records.add(record.clone());
      sequence++;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("encryption failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + name + ": " + e.getMessage(), e);
    }
  }

  /** Starts an empty journal of {@code newGeneration} in place of this one. */
  void restart(long newGeneration) throws IOException {
    channel.close();
    generation = newGeneration;
    writeHeader();
    records = new ArrayList<>();
    sequence = 0;
    open();
  }

  /** Drops the records from memory. */
  void forget() {
    records = List.of();
  }

  @Override
  public void close() throws IOException {
    if (channel != null && channel.isOpen()) {
      channel.close();
    }
  }

  private void writeHeader() throws IOException {
    ByteBuffer b = ByteBuffer.allocate(StoreFiles.HEADER).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).putLong(generation);
    AtomicFiles.write(file, b.array());
  }

  private static byte[] ad(long generation, long sequence) {
    return StoreFiles.ascii("tacit-journal-v1|" + generation + "|" + sequence);
  }

  /** CRC32C of a length, so a damaged length is told apart from a write cut short. */
  private static int lengthCheck(int length) {
    return (int)
        dev.tacit.protocol.Crc32c.of(
            new byte[] {
              (byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)
            });
  }
}
