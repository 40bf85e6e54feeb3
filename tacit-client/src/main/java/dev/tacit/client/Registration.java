package dev.tacit.client;

import dev.tacit.client.consent.ConsentLedger;
import dev.tacit.client.consent.ConsentRecord;
import dev.tacit.client.model.ModelCache;
import dev.tacit.client.server.ServerConnection;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.Protocol;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import java.io.UnsupportedEncodingException;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The device's standing with the server: registration for a pseudonymous id (with the consent
 * decisions made before it), and the download of newer models. Every request goes through the
 * transparency log.
 */
final class Registration {
  private final LocalState state;
  private final ConsentLedger consent;
  private final ModelCache models;
  private final LoggedServer server;
  private final Object rounds;

  /** {@code rounds} is the lock that keeps rounds, registration and deletion apart. */
  Registration(
      LocalState state,
      ConsentLedger consent,
      ModelCache models,
      LoggedServer server,
      Object rounds) {
    this.state = state;
    this.consent = consent;
    this.models = models;
    this.server = server;
    this.rounds = rounds;
  }

  /** See {@link TacitClient#connect}. */
  boolean connect() {
    synchronized (state) {
      state.requireOpen();
      if (!server.configured()) {
        return false;
      }
      if (state.token() != null) {
        return true;
      }
      if (!consent.anyGranted(Purpose.TRAINING, Purpose.ANALYTICS, Purpose.EVALUATION)) {
        return false;
      }
    }
    synchronized (rounds) {
      synchronized (state) {
        if (state.token() != null) {
          return true;
        }
      }
      register();
      return true;
    }
  }

  /** Registers and sends the consent ledger; returns the token and the id. */
  String[] register() {
    ServerConnection connection = server.connection();
    RegistrationRequest req = new RegistrationRequest(Protocol.VERSION, TacitClient.SDK_VERSION);
    RegistrationResponse res =
        server.send(
            "registration",
            "POST /v1/devices",
            "registered for a pseudonymous id (no personal data)",
            () -> connection.register(req));
    List<ConsentUpdate> decisions = new ArrayList<>();
    String token;
    String id;
    synchronized (state) {
      state.register(res.deviceId(), res.token());
      token = state.token();
      id = state.deviceId();
      for (ConsentRecord c : state.consentHistory()) {
        decisions.add(new ConsentUpdate(id, c.purpose(), c.granted(), c.policyVersion(), c.time()));
      }
    }
    for (ConsentUpdate u : decisions) {
      server.run(
          "consent",
          "POST /v1/devices/{id}/consent",
          "told the server's consent ledger of an earlier decision: "
              + (u.granted() ? "granted " : "withdrew ")
              + u.purpose().wireName(),
          () -> connection.consent(token, u));
    }
    return new String[] {token, id};
  }

  /** See {@link TacitClient#syncModel}. */
  long syncModel() {
    String token;
    synchronized (state) {
      state.requireOpen();
      if (!server.configured()
          || state.token() == null
          || !consent.anyGranted(Purpose.PERSONALIZATION, Purpose.TRAINING)) {
        return models.version();
      }
      token = state.token();
    }
    ModelMetadata meta =
        server.send(
            "personalization",
            "GET /v1/models/latest/metadata",
            "asked which model version is the newest",
            () -> server.connection().modelMetadata(token, -1));
    if (meta.version() > modelVersion()) {
      download(token, meta.version(), "personalization");
    }
    return modelVersion();
  }

  private long modelVersion() {
    synchronized (state) {
      return models.version();
    }
  }

  /** Downloads and installs model {@code version}, keeping a catalogue of the same size. */
  void download(String token, long version, String purpose) {
    ServerConnection connection = server.connection();
    String base = "GET /v1/models/{version}";
    ModelMetadata meta =
        server.send(
            purpose,
            base + "/metadata",
            "asked for the description of model version " + version,
            () -> connection.modelMetadata(token, version));
    byte[] frame =
        server.send(
            purpose,
            base,
            "downloaded model version " + version,
            () -> connection.modelFactors(token, version));
    List<CatalogueItem> held;
    synchronized (state) {
      held =
          models.catalogue() != null && models.catalogue().size() == meta.numItems()
              ? models.catalogue().items()
              : null;
    }
    // The catalogue is published once; a device that holds one of the model's size keeps it.
    List<CatalogueItem> items =
        held != null
            ? held
            : server.send(
                purpose,
                base + "/catalogue",
                "downloaded the catalogue of model version " + version,
                () -> connection.catalogue(token, version));
    synchronized (state) {
      state.requireOpen();
      models.install(meta, frame, items, version);
    }
  }

  /** See {@link TacitClient#privacyCenterFragment}. */
  Optional<String> privacyCenterFragment() {
    synchronized (state) {
      state.requireOpen();
      if (state.deviceId() == null || state.token() == null) {
        return Optional.empty();
      }
      return Optional.of(
          "device=" + urlEncode(state.deviceId()) + "&token=" + urlEncode(state.token()));
    }
  }

  private static String urlEncode(String s) {
    try {
      return URLEncoder.encode(s, "UTF-8");
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is always supported", e);
    }
  }
}
