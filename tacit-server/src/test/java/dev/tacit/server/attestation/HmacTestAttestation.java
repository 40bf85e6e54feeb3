package dev.tacit.server.attestation;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A test implementation of the hook, standing in for Play Integrity or App Attest: the evidence is
 * {@code nonce.hmac} with {@code hmac = HMAC-SHA256(key, nonce)} under a key only "genuine devices"
 * (the test) hold, and each nonce is accepted once (replay protection, as a real implementation
 * checks a token's nonce or challenge).
 */
public final class HmacTestAttestation implements RegistrationAttestation {
  /** The key of the genuine test devices. */
  public static final byte[] KEY =
      "tacit-test-attestation-key-32-b!".getBytes(StandardCharsets.UTF_8);

  private final Set<String> seen = ConcurrentHashMap.newKeySet();

  /** For {@link java.util.ServiceLoader}. */
  public HmacTestAttestation() {}

  @Override
  public String name() {
    return "test-hmac";
  }

  /** The evidence a genuine device would send for {@code nonce}. */
  public static String evidence(String nonce) {
    return nonce + "." + HexFormat.of().formatHex(mac(nonce));
  }

  @Override
  public Verdict verify(Evidence evidence) {
    String token = evidence.token();
    if (token == null) {
      return Verdict.refuse("no attestation was sent");
    }
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return Verdict.refuse("the attestation is malformed");
    }
    String nonce = token.substring(0, dot);
    byte[] presented;
    try {
      presented = HexFormat.of().parseHex(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Verdict.refuse("the attestation is malformed");
    }
    if (!MessageDigest.isEqual(presented, mac(nonce))) {
      return Verdict.refuse("the attestation does not verify");
    }
    if (!seen.add(nonce)) {
      return Verdict.refuse("the attestation was used before");
    }
    return Verdict.accept();
  }

  private static byte[] mac(String nonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
      return mac.doFinal(nonce.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
