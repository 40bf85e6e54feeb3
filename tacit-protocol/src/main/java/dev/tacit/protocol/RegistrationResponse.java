package dev.tacit.protocol;

/**
 * The server's answer to a registration: a random pseudonymous device id with no link to a person,
 * and a bearer token the server stores only as a hash. {@link #toString()} never prints the token.
 *
 * @param deviceId the pseudonymous device id
 * @param token the device's secret bearer token
 */
public record RegistrationResponse(String deviceId, String token) {
  /** Validates the response. */
  public RegistrationResponse {
    Checks.id(deviceId, "deviceId", 64);
    Checks.id(token, "token", 128);
  }

  @Override
  public String toString() {
    return "RegistrationResponse[deviceId=" + deviceId + ", token=(hidden)]";
  }
}
