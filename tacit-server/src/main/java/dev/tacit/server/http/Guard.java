package dev.tacit.server.http;

import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import dev.tacit.server.store.DeviceRecord;
import dev.tacit.server.store.Storage;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who may call a route, how often, and with how large a body: the admin token, each device's token
 * and rate limit, the limit of requests that failed authentication by source address, and the body
 * limit. Every refusal is an {@link ApiException}.
 */
public final class Guard {
  private static final Pattern DEVICE_ID = Pattern.compile("d-[0-9a-f]{32}");

  private final Storage storage;
  private final Secret adminToken;
  private final long maxBodyBytes;
  private final RateLimiter devices;
  private final RateLimiter unauthenticated;

  /** The guard of a server with this configuration, database and admin token. */
  public Guard(ServerConfig config, Storage storage, Secret adminToken) {
    this.storage = Objects.requireNonNull(storage, "storage");
    this.adminToken = Objects.requireNonNull(adminToken, "adminToken");
    this.maxBodyBytes = config.maxBodyBytes();
    this.devices = new RateLimiter(config.rateLimit(), System::nanoTime);
    this.unauthenticated = new RateLimiter(config.rateLimit(), System::nanoTime);
  }

  /**
   * Checks the request's bearer token against the admin token, in constant time.
   *
   * @throws ApiException 401 if it is missing, malformed or wrong; 429 once the requests from this
   *     address that failed authentication have spent their bucket
   */
  public void requireAdmin(Context ctx) {
    try {
      String presented = bearer(ctx);
      if (!adminToken.matches(presented)) {
        throw ApiException.unauthorized("the admin token is wrong");
      }
    } catch (ApiException e) {
      limitUnauthenticated(ctx);
      throw e;
    }
  }

  /**
   * The device of the path, if the request carries its token: 404 for an unknown device, 401
   * without a token or with a wrong one (compared in constant time); then the device's own rate
   * limit, 429 when spent. A request that fails authentication never touches the device's bucket:
   * it is limited by its source address ({@link #limitUnauthenticated}), so nobody can lock a
   * device out without its token.
   */
  public DeviceRecord authenticate(Context ctx) {
    String id = ctx.pathParam("id");
    DeviceRecord device;
    try {
      device = verifyDevice(ctx, id);
    } catch (ApiException e) {
      limitUnauthenticated(ctx);
      throw e;
    }
    if (!devices.tryAcquire(id)) {
      ctx.header("Retry-After", "1");
      throw new ApiException(429, "rate_limited", "too many requests for device " + id);
    }
    return device;
  }

  /** Forgets the rate limit of a deleted device. */
  void forget(String deviceId) {
    devices.forget(deviceId);
  }

  private DeviceRecord verifyDevice(Context ctx, String id) {
    if (!DEVICE_ID.matcher(id).matches()) {
      throw ApiException.notFound("no device " + id.substring(0, Math.min(id.length(), 64)));
    }
    String token = bearer(ctx);
    DeviceRecord device =
        storage.findDevice(id).orElseThrow(() -> ApiException.notFound("no device " + id));
    byte[] presented = Tokens.hash(token).getBytes(StandardCharsets.US_ASCII);
    byte[] stored = device.tokenHash().getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(presented, stored)) {
      throw ApiException.unauthorized("the token is not the token of device " + id);
    }
    return device;
  }

  /**
   * Spends one token of the bucket of the request's source address ({@link ClientAddress#of}) for a
   * request that failed authentication.
   *
   * @throws ApiException 429 once that bucket is empty
   */
  private void limitUnauthenticated(Context ctx) {
    if (!unauthenticated.tryAcquire(ClientAddress.of(ctx.ip()))) {
      ctx.header("Retry-After", "1");
      throw new ApiException(
          429,
          "rate_limited",
          "too many requests that failed authentication from this address; retry later");
    }
  }

  /**
   * The bearer token of the request.
   *
   * @throws ApiException 401 if it is missing or malformed
   */
  public static String bearer(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      throw ApiException.unauthorized("an Authorization: Bearer token is required");
    }
    String token = header.substring("Bearer ".length()).trim();
    if (token.isEmpty() || token.length() > 128 || !Tokens.isTokenShaped(token)) {
      throw ApiException.unauthorized("the bearer token is malformed");
    }
    return token;
  }

  /**
   * The request body, within the size limit.
   *
   * @throws ApiException 413 if it is too large, 400 if it is empty
   */
  public byte[] body(Context ctx) {
    long length = ctx.contentLength();
    if (length > maxBodyBytes) {
      throw tooLarge();
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > maxBodyBytes) {
      throw tooLarge();
    }
    if (body.length == 0) {
      throw ApiException.badRequest("a JSON body is required");
    }
    return body;
  }

  private ApiException tooLarge() {
    return new ApiException(
        413, "body_too_large", "the body must be at most " + maxBodyBytes + " bytes");
  }
}
