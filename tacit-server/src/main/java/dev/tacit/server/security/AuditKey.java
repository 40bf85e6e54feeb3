package dev.tacit.server.security;

import static dev.tacit.check.Preconditions.checkArgument;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of the audit log's chain: 256 random bits, kept in a file apart from the database
 * (owner-only, one line of hex), so that whoever can write the database but not read this file
 * cannot recompute the chain after rewriting a row. It never prints its value.
 */
public final class AuditKey {
  private static final HexFormat HEX = HexFormat.of();
  private final byte[] key;
  private final boolean created;

  private AuditKey(byte[] key, boolean created) {
    this.key = key;
    this.created = created;
  }

  /** A key from its 32 bytes, for tests. */
  public static AuditKey of(byte[] key) {
    Objects.requireNonNull(key, "key");
    checkArgument(key.length == 32, "an audit key has 32 bytes, had %s", key.length);
    return new AuditKey(key.clone(), false);
  }

  /** A new random key, not stored anywhere. */
  public static AuditKey generate(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return new AuditKey(key, true);
  }

  /**
   * Reads the key in {@code file}.
   *
   * @throws IllegalArgumentException if there is no such file or it does not hold 64 hex digits
   */
  public static AuditKey read(Path file) {
    checkArgument(Files.isRegularFile(file), "no audit key at %s", file);
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit key at " + file, e);
    }
    if (!text.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException(
          "the audit key at " + file + " must be one line of 64 hex digits");
    }
    return new AuditKey(HEX.parseHex(text.toLowerCase(java.util.Locale.ROOT)), false);
  }

  /**
   * Reads the key in {@code file}, or creates the file (owner-only) with a new random key.
   *
   * @throws IllegalArgumentException if the file exists but does not hold a key
   */
  public static AuditKey loadOrCreate(Path file, SecureRandom random) {
    if (Files.exists(file)) {
      return read(file);
    }
    AuditKey k = generate(random);
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-------");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(perms));
      } else {
        Files.createFile(file);
      }
      Files.writeString(file, HEX.formatHex(k.key) + "\n", StandardCharsets.US_ASCII);
    } catch (FileAlreadyExistsException e) {
      return read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the audit key to " + file, e);
    }
    return k;
  }

  /** Whether this key was generated now rather than read from a file. */
  public boolean created() {
    return created;
  }

  /** HMAC-SHA256 of {@code text} (UTF-8) under this key, hex. */
  public String mac(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HEX.formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }

  @Override
  public String toString() {
    return "AuditKey[(hidden)]";
  }
}
