package dev.tacit.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tacit.client.consent.ConsentLedger;
import dev.tacit.client.model.ModelCache;
import dev.tacit.protocol.DeletionRequest;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Purpose;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The user's rights over their data: everything the SDK stores about them as one indented JSON
 * document a person can read (the device's registration without its token, the policy, consent,
 * events, the user factor and the transparency log), and the deletion of all of it, on the device
 * and, when it knows the device, on the server.
 */
final class UserData {
  /**
   * Shared by every client of the process: {@code Json.mapper()} returns a copy whose serializers
   * are built again on first use, which a process hosting many clients (the simulator) paid per
   * client. The mapper is thread-safe once configured.
   */
  private static final ObjectMapper MAPPER =
      Json.mapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final LocalState state;
  private final ConsentLedger consent;
  private final ModelCache models;
  private final Ranker ranker;
  private final LoggedServer server;
  private final Policy policy;
  private final String policyVersion;
  private final Clock clock;
  private final Object rounds;

  UserData(
      LocalState state,
      ConsentLedger consent,
      ModelCache models,
      Ranker ranker,
      LoggedServer server,
      Policy policy,
      String policyVersion,
      Clock clock,
      Object rounds) {
    this.state = state;
    this.server = server;
    this.rounds = rounds;
    this.consent = consent;
    this.models = models;
    this.ranker = ranker;
    this.policy = policy;
    this.policyVersion = policyVersion;
    this.clock = clock;
  }

  /** See {@link TacitClient#exportData}. */
  String export() {
    synchronized (state) {
      state.requireOpen();
      return exportLocked();
    }
  }

  private String exportLocked() {
    state.purgeExpired();
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("exportedAt", clock.instant());
    doc.put("about", "Everything the Tacit SDK stores on this device about you.");
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("pseudonymousId", state.deviceId());
    device.put("token", state.token() == null ? null : "(a secret credential, not shown)");
    device.put("keyProtection", "AES-256-GCM (Tink); keyset wrapped by your key");
    doc.put("device", device);
    Map<String, Object> pol = new LinkedHashMap<>();
    pol.put("policyVersion", policyVersion);
    pol.put("retentionDays", policy.retention().toDays());
    pol.put("maxEvents", policy.maxEvents());
    doc.put("policy", pol);
    Map<String, Object> cons = new LinkedHashMap<>();
    List<String> now = new ArrayList<>();
    for (Purpose p : consent.grantedInOrder()) {
      now.add(p.wireName());
    }
    cons.put("granted", now);
    cons.put("history", state.consentHistory());
    doc.put("consent", cons);
    List<Map<String, Object>> ev = new ArrayList<>();
    for (Event e : state.eventsByTime()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("item", e.itemId());
      m.put("signal", e.signal().wireName());
      if (e.value() != null) {
        m.put("value", e.value());
      }
      m.put("time", e.time());
      ev.add(m);
    }
    doc.put("events", ev);
    if (models.model() != null && models.catalogue() != null) {
      int[] rows = ranker.positiveRows();
      if (rows.length > 0) {
        ranker.userFactor(rows);
      }
    }
    Map<String, Object> uf = new LinkedHashMap<>();
    uf.put(
        "about",
        "your taste as numbers, computed on this device from your events; it never leaves it");
    uf.put("modelVersion", state.userFactor() == null ? null : state.userFactorVersion());
    uf.put("values", state.userFactor());
    doc.put("userFactor", uf);
    doc.put("sentToServer", state.outbound());
    doc.put("model", models.model() == null ? null : Map.of("version", models.model().version()));
    try {
      return MAPPER.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the export: " + e.getMessage(), e);
    }
  }

  /** See {@link TacitClient#deleteAllData}. */
  DeletionResult deleteAll() {
    synchronized (rounds) {
      String token;
      String id;
      synchronized (state) {
        state.requireOpen();
        token = state.token();
        id = state.deviceId();
      }
      boolean notified = false;
      String detail = "no server knows this device; all local data was destroyed";
      if (server.configured() && token != null) {
        DeletionRequest req = new DeletionRequest(id, clock.instant());
        try {
          server.run(
              "deletion",
              "DELETE /v1/devices/{id}",
              "asked the server to forget this device",
              () -> server.connection().delete(token, req));
          notified = true;
          detail = "the server was asked to forget this device; all local data was destroyed";
        } catch (RuntimeException e) {
          detail =
              "the server could not be reached ("
                  + e.getMessage()
                  + "); all local data was destroyed";
        }
      }
      synchronized (state) {
        detail += contributionsLeft();
        state.destroy();
        consent.clear();
        models.clear();
      }
      return new DeletionResult(notified, detail);
    }
  }

  /** What deletion cannot take back: the updates and reports already in released aggregates. */
  private String contributionsLeft() {
    int updates = state.roundNoiseMultipliers().size();
    double reports = state.reportEpsilonSpent();
    List<String> sent = new ArrayList<>();
    if (updates > 0) {
      sent.add(updates + (updates == 1 ? " masked model update" : " masked model updates"));
    }
    if (reports > 0) {
      sent.add(String.format(Locale.ROOT, "analytics reports of ε = %.4g in all", reports));
    }
    if (sent.isEmpty()) {
      return "";
    }
    return "; what it sent before ("
        + String.join(", ", sent)
        + ") stays in what the server already released, and its ε is not given back";
  }
}
