package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.protocol.Json;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.server.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Captures everything the server logs during a full session and looks for any secret in it. */
class NoSecretsInLogsTest {

  @Test
  void fullSession_logsNoDeviceTokenAndNoAdminToken(@TempDir Path dir) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(tee(original, captured), true, StandardCharsets.UTF_8));
    String deviceToken;
    String adminToken;
    try (TacitServer server =
        TacitServer.create(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dir).build())
            .start()) {
      Http http = new Http(server.baseUri());
      HttpResponse<String> reg =
          http.send(
              "POST", "/v1/devices", null, "{\"protocolVersion\":1,\"sdkVersion\":\"0.1.0\"}");
      RegistrationResponse r = Json.read(reg.body(), RegistrationResponse.class);
      deviceToken = r.token();
      adminToken = Files.readString(dir.resolve("admin-token")).strip();
      http.send(
          "POST",
          "/v1/devices/" + r.deviceId() + "/consent?token=" + deviceToken,
          deviceToken,
          "{\"deviceId\":\""
              + r.deviceId()
              + "\",\"purpose\":\"training\",\"granted\":true,\"policyVersion\":\"1\","
              + "\"time\":\"2026-01-31T12:00:00Z\"}");
      http.send("GET", "/v1/devices/" + r.deviceId(), deviceToken + "x", null);
      http.send("POST", "/v1/devices", deviceToken, "{\"token\":\"" + deviceToken + "\"}");
      assertThat(http.send("GET", "/v1/admin/audit/verify", adminToken, null).statusCode())
          .isEqualTo(200);
      http.send("DELETE", "/v1/devices/" + r.deviceId(), deviceToken, null);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("admin token written to " + dir.resolve("admin-token"));
    assertThat(log)
        .contains("event=http method=POST endpoint=/v1/devices status=201")
        .contains("endpoint=/v1/devices/{id}");
    assertThat(log).doesNotContain(deviceToken).doesNotContain(adminToken);
    assertThat(log.split("admin token written", -1)).hasSize(2);
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("admin-token"))))
        .isEqualTo("rw-------");
  }

  private static OutputStream tee(OutputStream a, OutputStream b) {
    return new OutputStream() {
      @Override
      public void write(int x) throws java.io.IOException {
        a.write(x);
        b.write(x);
      }

      @Override
      public void write(byte[] buf, int off, int len) throws java.io.IOException {
        a.write(buf, off, len);
        b.write(buf, off, len);
      }
    };
  }
}
