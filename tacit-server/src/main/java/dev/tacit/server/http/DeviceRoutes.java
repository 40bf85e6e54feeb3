package dev.tacit.server.http;

import static dev.tacit.server.http.Responses.json;

import dev.tacit.privacy.participant.ParticipantBudget;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Protocol;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.server.attestation.RegistrationAttestation;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.http.Views.ConsentView;
import dev.tacit.server.http.Views.DeletionView;
import dev.tacit.server.http.Views.DeviceView;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import dev.tacit.server.store.ConsentEvent;
import dev.tacit.server.store.DeletionRecord;
import dev.tacit.server.store.DeviceEpsilons;
import dev.tacit.server.store.DeviceRecord;
import dev.tacit.server.store.Storage;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's own routes: {@code POST /v1/devices} (registration), {@code GET} and {@code DELETE
 * /v1/devices/{id}} (everything the server holds about it, and its deletion), and {@code POST
 * /v1/devices/{id}/consent}. A withdrawal or a deletion is announced to {@link Withdrawals} once
 * recorded.
 */
public final class DeviceRoutes implements Routes {
  private static final Logger LOG = LoggerFactory.getLogger(DeviceRoutes.class);

  /**
   * How far ahead of the server's clock a consent decision's time may be: a device's clock that is
   * this far off is still believed, and a decision dated later (centuries ahead, say) is refused.
   */
  public static final Duration CONSENT_CLOCK_SKEW = Duration.ofHours(1);

  private final ServerConfig config;
  private final Storage storage;
  private final DeviceEpsilons deviceEpsilons;
  private final Guard guard;
  private final Withdrawals withdrawals;
  private final RateLimiter registrations;

  /** The device routes over {@code context}. */
  public DeviceRoutes(ServerContext context) {
    this.config = context.config();
    this.storage = context.storage();
    this.deviceEpsilons = context.deviceEpsilons();
    this.guard = context.guard();
    this.withdrawals = context.withdrawals();
    this.registrations = new RateLimiter(config.registrationLimit(), System::nanoTime);
  }

  @Override
  public void configure(JavalinConfig c) {
    c.routes.post("/v1/devices", this::register);
    c.routes.get("/v1/devices/{id}", this::getDevice);
    c.routes.delete("/v1/devices/{id}", this::deleteDevice);
    c.routes.post("/v1/devices/{id}/consent", this::consent);
  }

  /**
   * Registers a device: first the registration limit of the source address (429), then the body
   * (400), then the operator's attestation (403 {@code attestation_refused}, 503 if it could not be
   * checked); only then is anything written.
   */
  private void register(Context ctx) {
    if (!registrations.tryAcquire(ClientAddress.of(ctx.ip()))) {
      ctx.header("Retry-After", Long.toString(registrationRetrySeconds()));
      throw new ApiException(
          429, "rate_limited", "too many registrations from this address; retry later");
    }
    RegistrationRequest request = Json.read(guard.body(ctx), RegistrationRequest.class);
    if (request.protocolVersion() != Protocol.VERSION) {
      throw new ApiException(
          400,
          "unsupported_protocol",
          "protocolVersion must be " + Protocol.VERSION + ", was " + request.protocolVersion());
    }
    attest(ctx, request);
    String deviceId = Tokens.newId("d-", config.random());
    Secret token = Tokens.newToken(config.random());
    storage.registerDevice(deviceId, token.hash(), Tokens.newId("a-", config.random()));
    json(ctx, 201, new RegistrationResponse(deviceId, token.reveal()));
  }

  private long registrationRetrySeconds() {
    return Math.max(1, (long) Math.ceil(1 / config.registrationLimit().perSecond()));
  }

  private void attest(Context ctx, RegistrationRequest request) {
    RegistrationAttestation.Evidence evidence =
        new RegistrationAttestation.Evidence(
            ctx.header(RegistrationAttestation.HEADER), request.sdkVersion());
    RegistrationAttestation.Verdict verdict;
    try {
      verdict = config.attestation().verify(evidence);
    } catch (RuntimeException e) { // the check could not be made (RegistrationAttestation#verify)
      LOG.error("attestation {} failed", config.attestation().name(), e);
      throw new ApiException(
          503, "attestation_unavailable", "the attestation could not be checked; retry later");
    }
    if (verdict == null || !verdict.accepted()) {
      throw new ApiException(
          403,
          "attestation_refused",
          "the device's attestation was refused: "
              + (verdict == null ? "no verdict" : verdict.reason()));
    }
  }

  private void getDevice(Context ctx) {
    DeviceRecord device = guard.authenticate(ctx);
    // Seeing or exporting what the server holds is an action of the user's, in the audit log too.
    storage.auditAbout(device.deviceId(), "device.viewed", "");
    List<ConsentView> events =
        storage.consentEvents(device.deviceId()).stream().map(DeviceRoutes::view).toList();
    json(
        ctx,
        200,
        new DeviceView(
            device.deviceId(),
            device.createdAt(),
            device.tokenHash(),
            device.auditRef(),
            events,
            storage.auditEntriesOf(device.deviceId()).stream()
                .map(e -> new Views.AuditEntryView(e.seq(), e.time(), e.action(), e.detail()))
                .toList(),
            "This is everything the server holds about this device. Behavioural signals never"
                + " leave the device.",
            epsilonView(deviceEpsilons.of(device.deviceId()))));
  }

  private Views.DeviceEpsilonView epsilonView(DeviceEpsilons.Account account) {
    ParticipantBudget budget = deviceEpsilons.budget();
    return new Views.DeviceEpsilonView(
        account.guarantee().epsilon(),
        budget.delta(),
        budget.limited() ? budget.epsilon() : null,
        account.releases().stream()
            .map(s -> new Views.DeviceReleaseView(s.sequence(), s.description(), s.recordedAt()))
            .toList(),
        "This device's own training epsilon against "
            + PrivacyNotice.DEVICE_EPSILON_IS_AGAINST
            + ". The training epsilon of the privacy notice is smaller: it is against those who"
            + " see only the published models.");
  }

  private void deleteDevice(Context ctx) {
    Instant requested = config.clock().instant();
    DeviceRecord device = guard.authenticate(ctx);
    DeletionRecord done = storage.deleteDevice(device.deviceId(), requested);
    guard.forget(device.deviceId());
    for (Purpose p : Purpose.values()) {
      withdrawals.announce(device.deviceId(), p);
    }
    json(ctx, 200, new DeletionView(true, done.requestedAt(), done.completedAt()));
  }

  private void consent(Context ctx) {
    DeviceRecord device = guard.authenticate(ctx);
    ConsentUpdate update = Json.read(guard.body(ctx), ConsentUpdate.class);
    if (!update.deviceId().equals(device.deviceId())) {
      throw new ApiException(
          400,
          "device_mismatch",
          "deviceId in the body must be the device of the path, was " + update.deviceId());
    }
    checkPolicyVersion(device, update);
    Instant latest = config.clock().instant().plus(CONSENT_CLOCK_SKEW);
    if (update.time().isAfter(latest)) {
      throw new ApiException(
          400,
          "time_in_future",
          "time must be at most "
              + CONSENT_CLOCK_SKEW.toMinutes()
              + " minutes ahead of the server's clock ("
              + latest
              + "), was "
              + update.time());
    }
    ConsentEvent event =
        storage.appendConsent(
            device, update.purpose(), update.granted(), update.policyVersion(), update.time());
    if (!event.granted()) {
      withdrawals.announce(device.deviceId(), event.purpose());
    }
    json(ctx, 201, view(event));
  }

  /**
   * A grant must name the policy the server serves: the user agreed to that text. A withdrawal may
   * also name a version the device decided under before (a device that has not yet fetched the new
   * notice must still be able to withdraw), but never one the server has not served.
   *
   * @throws ApiException 400 {@code unknown_policy_version} otherwise
   */
  private void checkPolicyVersion(DeviceRecord device, ConsentUpdate update) {
    String served = config.policyVersion();
    String named = update.policyVersion();
    if (named.equals(served)) {
      return;
    }
    if (!update.granted()
        && storage.consentEvents(device.deviceId()).stream()
            .anyMatch(e -> e.policyVersion().equals(named))) {
      return;
    }
    throw new ApiException(
        400,
        "unknown_policy_version",
        "policyVersion must be the version the server serves, \""
            + served
            + "\""
            + (update.granted() ? "" : ", or one this device decided under before")
            + ", was \""
            + named.substring(0, Math.min(named.length(), 64))
            + "\"");
  }

  private static ConsentView view(ConsentEvent e) {
    return new ConsentView(
        e.purpose().wireName(), e.granted(), e.policyVersion(), e.decidedAt(), e.recordedAt());
  }
}
