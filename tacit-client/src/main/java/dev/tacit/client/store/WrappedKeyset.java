package dev.tacit.client.store;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The store's Tink keyset in {@code keyset.bin}: {@code "TKS1"}, salt length u8, salt, the keyset
 * encrypted by the {@link KeyProvider}'s key with the header as associated data. Not thread-safe.
 */
final class WrappedKeyset {
  private static final byte[] MAGIC = StoreFiles.ascii("TKS1");
  private static final byte[] AD = StoreFiles.ascii("tacit-keyset-v1");
  private static final int SALT = 16;

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Path file;
  private final SecureRandom random;
  private KeyProvider keys;
  private byte[] salt;
  private KeysetHandle keyset;
  private Aead aead;

  private WrappedKeyset(Path file, KeyProvider keys, SecureRandom random) {
    this.file = file;
    this.keys = keys;
    this.random = random;
  }

  /** A new AES-256-GCM keyset with a new salt, not written yet ({@link #write()}). */
  static WrappedKeyset generate(Path file, KeyProvider keys, SecureRandom random)
      throws GeneralSecurityException {
    WrappedKeyset k = new WrappedKeyset(file, keys, random);
    k.keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    k.aead = k.keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    k.salt = new byte[SALT];
    random.nextBytes(k.salt);
    return k;
  }

  /**
   * Reads and unwraps the keyset in {@code file}.
   *
   * @throws StoreCorruptedException if the file is not a keyset, or the key cannot unwrap it
   */
  static WrappedKeyset read(Path file, KeyProvider keys, SecureRandom random) throws IOException {
    String name = file.getFileName().toString();
    byte[] k = Files.readAllBytes(file);
    if (k.length < 5 + SALT || !StoreFiles.startsWith(k, MAGIC)) {
      throw new StoreCorruptedException(
          name + " is truncated or not a Tacit keyset (" + k.length + " bytes)");
    }
    int saltLength = k[4] & 0xFF;
    if (saltLength != SALT || k.length < 5 + saltLength + 1) {
      throw new StoreCorruptedException(name + " has a bad salt length " + saltLength);
    }
    WrappedKeyset w = new WrappedKeyset(file, keys, random);
    w.salt = Arrays.copyOfRange(k, 5, 5 + saltLength);
    byte[] wrapped = Arrays.copyOfRange(k, 5 + saltLength, k.length);
    try {
      byte[] plain = keys.wrappingAead(w.salt).decrypt(wrapped, ad(w.salt));
      w.keyset = TinkProtoKeysetFormat.parseKeyset(plain, InsecureSecretKeyAccess.get());
      Arrays.fill(plain, (byte) 0);
      w.aead = w.keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new StoreCorruptedException(
          name
              + " cannot be unwrapped: the key from "
              + keys.description()
              + " is wrong, or the file was modified or truncated",
          e);
    }
    return w;
  }

  /** The data AEAD: the keyset's primary key encrypts, any of its keys decrypts. */
  Aead aead() {
    return aead;
  }

  /** Wraps the keyset and replaces the file atomically. */
  void write() throws GeneralSecurityException, IOException {
    byte[] plain = TinkProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    byte[] wrapped = keys.wrappingAead(salt).encrypt(plain, ad(salt));
    Arrays.fill(plain, (byte) 0);
    ByteBuffer b = ByteBuffer.allocate(5 + salt.length + wrapped.length);
    b.put(MAGIC).put((byte) salt.length).put(salt).put(wrapped);
    AtomicFiles.write(file, b.array());
  }

  /**
   * Adds a new AES-256-GCM key as the primary and writes the keyset: the old keys still decrypt.
   */
  void addPrimary() throws GeneralSecurityException, IOException {
    keyset =
        KeysetHandle.newBuilder(keyset)
            .addEntry(
                KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                    .withRandomId()
                    .makePrimary())
            .build();
    aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    write();
  }

  /** Removes every key but the primary and writes the keyset. */
  void dropOldKeys() throws GeneralSecurityException, IOException {
    KeysetHandle.Builder onlyNew = KeysetHandle.newBuilder(keyset);
    for (int i = onlyNew.size() - 1; i >= 0; i--) {
      if (!onlyNew.getAt(i).isPrimary()) {
        onlyNew.deleteAt(i);
      }
    }
    keyset = onlyNew.build();
    aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    write();
  }

  /**
   * Wraps the keyset under {@code newKeys} with a new salt; on failure the old key and salt stay.
   */
  void rewrap(KeyProvider newKeys) {
    KeyProvider old = keys;
    byte[] oldSalt = salt;
    try {
      keys = newKeys;
      salt = new byte[SALT];
      random.nextBytes(salt);
      write();
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      keys = old;
      salt = oldSalt;
      throw new IllegalStateException("rewrapping the keyset failed: " + e.getMessage(), e);
    }
  }

  /** Drops the keys from memory. */
  void forget() {
    keyset = null;
    aead = null;
  }

  /** The associated data binds the file's header (magic and salt) too. */
  private static byte[] ad(byte[] salt) {
    byte[] ad = new byte[AD.length + 5 + salt.length];
    System.arraycopy(AD, 0, ad, 0, AD.length);
    System.arraycopy(MAGIC, 0, ad, AD.length, 4);
    ad[AD.length + 4] = (byte) salt.length;
    System.arraycopy(salt, 0, ad, AD.length + 5, salt.length);
    return ad;
  }
}
