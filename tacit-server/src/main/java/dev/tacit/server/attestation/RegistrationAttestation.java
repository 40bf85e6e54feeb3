package dev.tacit.server.attestation;

import static dev.tacit.check.Preconditions.checkArgument;

import dev.tacit.server.error.Invalid;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Decides whether a registering device may have an identity, from the evidence it sends in the
 * {@value #HEADER} header of {@code POST /v1/devices}. An operator implements it with the
 * attestation service of the platform: Play Integrity (verify the integrity token with Google's
 * server API, check the app's package name and certificate digest, the device and app verdicts, and
 * that the token's {@code requestHash} or nonce and timestamp are fresh), or Apple's App Attest
 * (verify the attestation object against Apple's root certificate, the app id and a challenge the
 * operator issued). Replay protection (a nonce, a challenge, a timestamp) is the implementation's
 * job: Tacit passes the evidence as it came.
 *
 * <p>The server calls it once per registration, after the registration rate limit and after the
 * request body was validated; a refusal is answered 403 {@code attestation_refused} and creates
 * nothing. {@link #none()} accepts every device (the default). Implementations are found by {@link
 * #load(String)} through {@link ServiceLoader}, so a jar on the class path plugs one into {@code
 * tacit serve --attestation NAME}.
 */
@FunctionalInterface
public interface RegistrationAttestation {
  /** The request header that carries the evidence. */
  String HEADER = "X-Tacit-Attestation";

  /** The longest evidence accepted, in characters (a Play Integrity token is a few kilobytes). */
  int MAX_EVIDENCE_CHARS = 16 * 1024;

  /**
   * The verdict on one registration.
   *
   * @throws RuntimeException if the check could not be made (an attestation service that is down,
   *     say): the registration is answered 503 and creates nothing
   */
  Verdict verify(Evidence evidence);

  /** The name {@code tacit serve --attestation} selects this implementation by. */
  default String name() {
    return getClass().getName();
  }

  /**
   * What a registering device presented.
   *
   * @param token the value of the {@value #HEADER} header, or {@code null} if it sent none
   * @param sdkVersion the SDK version of its registration request
   */
  record Evidence(String token, String sdkVersion) {
    /**
     * Validates the evidence's size; the token's content is the implementation's to judge.
     *
     * @throws Invalid REQUEST if the token is longer than {@value #MAX_EVIDENCE_CHARS} characters
     */
    public Evidence {
      if (token != null && token.length() > MAX_EVIDENCE_CHARS) {
        throw new Invalid(
            Invalid.Kind.REQUEST,
            "the attestation must be at most "
                + MAX_EVIDENCE_CHARS
                + " characters, was "
                + token.length());
      }
      Objects.requireNonNull(sdkVersion, "sdkVersion");
    }

    @Override
    public String toString() {
      return "Evidence[token=" + (token == null ? "none" : token.length() + " chars") + "]";
    }
  }

  /**
   * A decision.
   *
   * @param accepted whether the device may register
   * @param reason why not, told to the device (never the evidence itself); empty when accepted
   */
  record Verdict(boolean accepted, String reason) {
    /** Validates the verdict. */
    public Verdict {
      Objects.requireNonNull(reason, "reason");
      checkArgument(!(!accepted && reason.isBlank()), "a refusal must give a reason");
    }

    /** The device may register. */
    public static Verdict accept() {
      return new Verdict(true, "");
    }

    /** The device may not register, for {@code reason}. */
    public static Verdict refuse(String reason) {
      return new Verdict(false, reason);
    }
  }

  /** Accepts every device: no attestation (the default). */
  static RegistrationAttestation none() {
    return new RegistrationAttestation() {
      @Override
      public Verdict verify(Evidence evidence) {
        return Verdict.accept();
      }

      @Override
      public String name() {
        return "none";
      }
    };
  }

  /**
   * The implementation called {@code name}: {@code none}, or one on the class path registered in
   * {@code META-INF/services/dev.tacit.server.attestation.RegistrationAttestation}.
   *
   * @throws IllegalArgumentException if there is none of that name
   */
  static RegistrationAttestation load(String name) {
    Objects.requireNonNull(name, "name");
    if (name.equals("none")) {
      return none();
    }
    java.util.List<String> found = new java.util.ArrayList<>();
    for (RegistrationAttestation a : ServiceLoader.load(RegistrationAttestation.class)) {
      if (a.name().equals(name)) {
        return a;
      }
      found.add(a.name());
    }
    throw new IllegalArgumentException(
        "no attestation named \""
            + name
            + "\" on the class path (found: none"
            + (found.isEmpty() ? "" : ", " + String.join(", ", found))
            + ")");
  }
}
