package dev.tacit.secagg.client;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.crypto.SecretBytes;
import java.util.function.IntFunction;

/**
 * A device's long-term Ed25519 signing key and a directory of the other devices' public keys, for
 * deployments with a device PKI: advertised session keys are then signed and checked.
 */
public final class SigningIdentity {
  private final SecretBytes signingKey;
  private final IntFunction<byte[]> directory;

  private SigningIdentity(SecretBytes signingKey, IntFunction<byte[]> directory) {
    this.signingKey = signingKey;
    this.directory = directory;
  }

  /**
   * An identity signing with the Ed25519 private key {@code signingKey} and looking up session
   * client {@code id}'s device key with {@code directory.apply(id)} (null when unknown).
   */
  public static SigningIdentity create(SecretBytes signingKey, IntFunction<byte[]> directory) {
    Preconditions.checkNotNull(signingKey, "signingKey");
    Preconditions.checkNotNull(directory, "directory");
    return new SigningIdentity(signingKey, directory);
  }

  SecretBytes signingKey() {
    return signingKey;
  }

  byte[] publicKeyOf(int clientId) {
    byte[] key = directory.apply(clientId);
    Preconditions.checkArgument(key != null, "no device public key known for client %d", clientId);
    return key;
  }

  @Override
  public String toString() {
    return "SigningIdentity[redacted]";
  }
}
