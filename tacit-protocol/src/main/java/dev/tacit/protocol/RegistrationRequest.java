package dev.tacit.protocol;

/**
 * A device asks for a pseudonymous identity. It carries no personal data: only the protocol and SDK
 * versions, so the server can refuse a device it cannot talk to.
 *
 * @param protocolVersion the protocol version the device speaks ({@link Protocol#VERSION})
 * @param sdkVersion the SDK version, an identifier like {@code 0.1.0}
 */
public record RegistrationRequest(int protocolVersion, String sdkVersion) {
  /** Validates the request. */
  public RegistrationRequest {
    Checks.atLeast(protocolVersion, 1, "protocolVersion");
    Checks.id(sdkVersion, "sdkVersion", 32);
  }
}
