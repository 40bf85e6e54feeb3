package dev.tacit.apiclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.apiclient.generated.ApiClient;
import dev.tacit.apiclient.generated.ApiException;
import dev.tacit.apiclient.generated.api.DevicesApi;
import dev.tacit.apiclient.generated.api.PrivacyApi;
import dev.tacit.apiclient.generated.model.DeviceView;
import dev.tacit.apiclient.generated.model.PrivacyNoticeView;
import dev.tacit.apiclient.generated.model.PurposeView;
import dev.tacit.apiclient.generated.model.RegistrationRequest;
import dev.tacit.apiclient.generated.model.RegistrationResponse;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.TacitServer;
import dev.tacit.server.config.ServerConfig;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client openapi-generator makes from {@code openapi.json} (library "native": java.net.http and
 * Jackson; see this module's pom) against a real {@link TacitServer} on a free port: it registers a
 * device, reads it back with the device's token and reads the privacy notice, and gets the
 * documented errors as errors. Only generated classes touch the wire here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratedClientTest {
  private static final String POLICY = "2026-01";

  private TacitServer server;
  private ApiClient client;

  @BeforeAll
  void start(@TempDir Path dir) {
    server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dir)
                    .policyVersion(POLICY)
                    .build())
            .start();
    client = new ApiClient();
    client.updateBaseUri(server.baseUri().toString());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void registersADevice_andReadsItBackWithItsToken() throws ApiException {
    DevicesApi devices = new DevicesApi(client);

    RegistrationResponse registered =
        devices.registerDevice(
            new RegistrationRequest().protocolVersion(1).sdkVersion("0.1.0"), null);

    assertThat(registered.getDeviceId()).isNotBlank();
    assertThat(registered.getToken()).hasSize(43);
    DeviceView view =
        devices.getDevice(
            registered.getDeviceId(), Map.of("Authorization", "Bearer " + registered.getToken()));
    assertThat(view.getDeviceId()).isEqualTo(registered.getDeviceId());
    assertThat(view.getRegisteredAt()).isBefore(OffsetDateTime.now().plusMinutes(1));
    assertThat(view.getTokenHash()).isNotBlank().doesNotContain(registered.getToken());
  }

  @Test
  void readsThePrivacyNotice_withEveryPurposeOfTheProtocol() throws ApiException {
    PrivacyNoticeView notice = new PrivacyApi(client).privacyNotice("json");

    assertThat(notice.getPolicyVersion()).isEqualTo(POLICY);
    assertThat(notice.getGeneratedAt()).isBefore(OffsetDateTime.now().plusMinutes(1));
    assertThat(notice.getPurposes())
        .extracting(p -> p.getPurpose().getValue())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(Purpose.values()).map(Purpose::wireName).toList());
    assertThat(notice.getPurposes())
        .allSatisfy(p -> assertThat(p.getGrantedByDefault()).isFalse())
        .allSatisfy(p -> assertThat(p.getWhatLeavesTheDevice()).isNotBlank());
    PurposeView training =
        notice.getPurposes().stream()
            .filter(p -> p.getPurpose().getValue().equals("training"))
            .findFirst()
            .orElseThrow();
    assertThat(training.getEpsilonBudget()).isPositive();
    assertThat(notice.getDataCategories().getOnDevice()).isNotEmpty();
    assertThat(notice.getRights()).isNotEmpty();
  }

  @Test
  void documentedErrors_reachTheClientAsApiExceptions() throws ApiException {
    DevicesApi devices = new DevicesApi(client);

    assertThatThrownBy(
            () ->
                devices.registerDevice(
                    new RegistrationRequest().protocolVersion(2).sdkVersion("0.1.0"), null))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(400);
              assertThat(e.getResponseBody()).contains("\"error\"");
            });
    RegistrationResponse registered =
        devices.registerDevice(
            new RegistrationRequest().protocolVersion(1).sdkVersion("0.1.0"), null);
    assertThatThrownBy(() -> devices.getDevice(registered.getDeviceId()))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(401));
    assertThatThrownBy(
            () ->
                devices.getDevice(
                    "no-such-device", Map.of("Authorization", "Bearer " + registered.getToken())))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
  }
}
