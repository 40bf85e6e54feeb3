package dev.tacit.client.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/** Atomic replacement of a file, and overwrite-then-delete. */
public final class AtomicFiles {
  /** The suffix of the temporary file beside the target. */
  public static final String TEMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  /**
   * Replaces {@code target} with {@code data}: writes a temporary file in the same directory, syncs
   * it, moves it over the target atomically and syncs the directory. A crash leaves either the old
   * or the new file, never a mix.
   */
  public static void write(Path target, byte[] data) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    try (FileChannel c =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(data);
      while (b.hasRemaining()) {
        c.write(b);
      }
      c.force(true);
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(target.toAbsolutePath().getParent());
  }

  /** Syncs a directory's entries where the platform allows it (Linux, macOS). */
  static void syncDirectory(Path dir) {
    try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
      c.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a directory: its rename is durable enough there.
    }
  }

  /** Overwrites a file with random bytes, syncs, and deletes it (no-op if absent). */
  public static void shred(Path file, SecureRandom random) throws IOException {
    if (!Files.isRegularFile(file)) {
      return;
    }
    long size = Files.size(file);
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      byte[] chunk = new byte[8192];
      long written = 0;
      while (written < size) {
        random.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, size - written);
        c.write(ByteBuffer.wrap(chunk, 0, n), written);
        written += n;
      }
      c.force(true);
    }
    Files.delete(file);
  }
}
