package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Protocol;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import java.net.http.HttpResponse;
import java.time.Instant;

/** A device registered over HTTP, for the dashboard tests. */
record DashboardDevice(String id, String token) {
  /** Registers a new device. */
  static DashboardDevice register(Http http) {
    HttpResponse<String> r =
        http.send(
            "POST",
            "/v1/devices",
            null,
            Json.write(new RegistrationRequest(Protocol.VERSION, "0.1.0")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    RegistrationResponse reg = Json.read(r.body(), RegistrationResponse.class);
    return new DashboardDevice(reg.deviceId(), reg.token());
  }

  /** Records a consent decision. */
  void consent(Http http, String purpose, boolean granted, String policyVersion) {
    ConsentUpdate u =
        new ConsentUpdate(id, Purpose.fromWire(purpose), granted, policyVersion, Instant.now());
    HttpResponse<String> r =
        http.send("POST", "/v1/devices/" + id + "/consent", token, Json.write(u));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }
}
