package dev.tacit.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void everyMessage_roundTrips() {
    List<Object> messages =
        List.of(
            new RegistrationRequest(1, "0.1.0"),
            new RegistrationResponse("dev-1", "tok_abc"),
            new CheckIn("dev-1", -1),
            GoldenSamples.checkInResponse(),
            CheckInResponse.retryAfter(60),
            new ModelMetadata(3, 100, 8, 1, 20, 3216, 0xFFFFFFFFL),
            GoldenSamples.catalogueItem(),
            GoldenSamples.consentUpdate(),
            new DeletionRequest("dev-1", Instant.parse("2026-03-01T00:00:00Z")),
            GoldenSamples.ldpReport(),
            GoldenSamples.error());
    for (Object m : messages) {
      assertThat(Json.read(Json.write(m), m.getClass())).as(m.toString()).isEqualTo(m);
      assertThat(Json.read(Json.writeBytes(m), m.getClass())).isEqualTo(m);
    }
  }

  @Test
  void purpose_isWrittenInLowerCase() {
    assertThat(Json.write(GoldenSamples.consentUpdate())).contains("\"purpose\":\"training\"");
  }

  @Test
  void read_withUnknownField_failsNamingIt() {
    assertThatThrownBy(
            () ->
                Json.read(
                    "{\"error\":\"x\",\"message\":\"m\",\"email\":\"a@b\"}", ErrorMessage.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("unknown field \"email\"");
  }

  @Test
  void read_withMissingField_failsNamingIt() {
    assertThatThrownBy(() -> Json.read("{\"deviceId\":\"d\"}", CheckIn.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("CheckIn: missing required field \"modelVersion\"");
  }

  @Test
  void read_withNullForPrimitive_fails() {
    assertThatThrownBy(() -> Json.read("{\"deviceId\":\"d\",\"modelVersion\":null}", CheckIn.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("modelVersion");
  }

  @Test
  void read_withNaNOrInfinity_fails() {
    String base =
        "{\"deviceId\":\"d\",\"metric\":\"m\",\"mechanism\":\"grr\",\"epsilon\":%s,"
            + "\"domainSize\":4,\"seed\":0,\"value\":1}";
    for (String bad : new String[] {"NaN", "\"NaN\"", "Infinity", "-Infinity", "1e400"}) {
      assertThatThrownBy(() -> Json.read(String.format(base, bad), LdpReport.class))
          .as(bad)
          .isInstanceOf(ProtocolException.class);
    }
    assertThat(Json.read(String.format(base, "0.5"), LdpReport.class).epsilon()).isEqualTo(0.5);
  }

  @Test
  void read_withNumberAsStringOrFractionForInteger_fails() {
    assertThatThrownBy(
            () -> Json.read("{\"deviceId\":\"d\",\"modelVersion\":\"3\"}", CheckIn.class))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> Json.read("{\"deviceId\":\"d\",\"modelVersion\":3.5}", CheckIn.class))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void read_withInvalidValue_reportsTheRule() {
    assertThatThrownBy(() -> Json.read("{\"deviceId\":\"a b\",\"modelVersion\":1}", CheckIn.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("deviceId must be 1 to 64 characters");
    assertThatThrownBy(
            () ->
                Json.read(
                    "{\"deviceId\":\"d\",\"purpose\":\"marketing\",\"granted\":true,"
                        + "\"policyVersion\":\"1\",\"time\":\"2026-01-01T00:00:00Z\"}",
                    ConsentUpdate.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("purpose must be one of");
    assertThatThrownBy(
            () ->
                Json.read(
                    "{\"deviceId\":\"d\",\"purpose\":\"training\",\"granted\":true,"
                        + "\"policyVersion\":\"1\",\"time\":\"yesterday\"}",
                    ConsentUpdate.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("ISO-8601");
  }

  @Test
  void read_withDuplicateOrTrailingContent_fails() {
    assertThatThrownBy(
            () ->
                Json.read(
                    "{\"error\":\"x\",\"error\":\"y\",\"message\":\"m\"}", ErrorMessage.class))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(
            () -> Json.read("{\"error\":\"x\",\"message\":\"m\"} {}", ErrorMessage.class))
        .isInstanceOf(ProtocolException.class);
  }

  @Test
  void write_ofNonFiniteDouble_fails() {
    Object bad =
        new Object() {
          @SuppressWarnings("unused")
          public double getValue() {
            return Double.NaN;
          }
        };
    assertThatThrownBy(() -> Json.write(bad))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("finite");
  }

  @Test
  void checkInResponse_withBothOrNeither_fails() {
    assertThatThrownBy(() -> new CheckInResponse(null, null))
        .hasMessageContaining("exactly one of assignment and retryAfterSeconds");
  }

  @Test
  void registrationResponse_toString_hidesTheToken() {
    assertThat(new RegistrationResponse("dev-1", "secret-token").toString())
        .doesNotContain("secret-token");
  }

  @Test
  void read_ofJsonNull_failsSayingAMessageIsAnObject() {
    assertThatThrownBy(() -> Json.read("null", RegistrationRequest.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("RegistrationRequest: the message must be a JSON object, was null");
    assertThatThrownBy(
            () ->
                Json.read(
                    " null ".getBytes(java.nio.charset.StandardCharsets.UTF_8), CheckIn.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("was null");
  }
}
