package dev.tacit.secagg.client;

import dev.tacit.check.Preconditions;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.function.IntFunction;

/**
 * A device's long-term Ed25519 signing key and a directory of the other devices' public keys, for
 * deployments with a device PKI: advertised session keys are then signed and checked.
 */
public final class SigningIdentity {
  private final PrivateKey signingKey;
  private final IntFunction<PublicKey> directory;

  private SigningIdentity(PrivateKey signingKey, IntFunction<PublicKey> directory) {
    this.signingKey = signingKey;
    this.directory = directory;
  }

  /**
   * An identity signing with {@code signingKey} and looking up session client {@code id}'s device
   * key with {@code directory.apply(id)} (null when unknown).
   */
  public static SigningIdentity create(PrivateKey signingKey, IntFunction<PublicKey> directory) {
    Preconditions.checkNotNull(signingKey, "signingKey");
    Preconditions.checkNotNull(directory, "directory");
    return new SigningIdentity(signingKey, directory);
  }

  PrivateKey signingKey() {
    return signingKey;
  }

  PublicKey publicKeyOf(int clientId) {
    PublicKey key = directory.apply(clientId);
    Preconditions.checkArgument(key != null, "no device public key known for client %d", clientId);
    return key;
  }

  @Override
  public String toString() {
    return "SigningIdentity[redacted]";
  }
}
