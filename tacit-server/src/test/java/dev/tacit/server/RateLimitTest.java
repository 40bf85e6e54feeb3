package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.protocol.Json;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.server.config.ServerConfig;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitTest {

  @Test
  void deviceOverItsBucket_gets429_andOtherDevicesAreUnaffected(@TempDir Path dir) {
    try (TacitServer server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dir)
                    .rateLimit(new ServerConfig.RateLimit(3, 0.001))
                    .build())
            .start()) {
      Http http = new Http(server.baseUri());
      RegistrationResponse a = register(http);
      RegistrationResponse b = register(http);
      for (int i = 0; i < 3; i++) {
        assertThat(http.send("GET", "/v1/devices/" + a.deviceId(), a.token(), null).statusCode())
            .isEqualTo(200);
      }
      HttpResponse<String> limited =
          http.send("GET", "/v1/devices/" + a.deviceId(), a.token(), null);
      assertThat(limited.statusCode()).isEqualTo(429);
      assertThat(limited.body()).contains("\"error\":\"rate_limited\"");
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      assertThat(http.send("GET", "/v1/devices/" + b.deviceId(), b.token(), null).statusCode())
          .isEqualTo(200);
    }
  }

  private static RegistrationResponse register(Http http) {
    return Json.read(
        http.send("POST", "/v1/devices", null, "{\"protocolVersion\":1,\"sdkVersion\":\"0.1.0\"}")
            .body(),
        RegistrationResponse.class);
  }
}
