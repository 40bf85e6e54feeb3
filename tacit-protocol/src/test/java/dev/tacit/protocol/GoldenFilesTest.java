package dev.tacit.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Files written by protocol version 1 must be read by every later version. */
class GoldenFilesTest {
  private static byte[] golden(String name) throws IOException {
    try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static String goldenText(String name) throws IOException {
    return new String(golden(name), StandardCharsets.UTF_8).trim();
  }

  @Test
  void floatFrameV1_isReadAndReencodedByteForByte() throws IOException {
    byte[] bytes = golden("frame-v1-f32.bin");
    TensorFrame frame = TensorFrame.decode(bytes);
    assertThat(frame).isEqualTo(GoldenSamples.frame());
    assertThat(frame.shape()).containsExactly(3, 2);
    assertThat(frame.encode()).isEqualTo(bytes);
  }

  @Test
  void residueFrameV1_isRead() throws IOException {
    TensorFrame frame = TensorFrame.decode(golden("frame-v1-i64.bin"));
    assertThat(frame.longs()).containsExactly(0, 1, 0xFFFFFFFFL, -1L);
  }

  @Test
  void checkInResponseV1_isRead() throws IOException {
    assertThat(Json.read(goldenText("check-in-response-v1.json"), CheckInResponse.class))
        .isEqualTo(GoldenSamples.checkInResponse());
  }

  @Test
  void consentUpdateV1_isRead() throws IOException {
    assertThat(Json.read(goldenText("consent-update-v1.json"), ConsentUpdate.class))
        .isEqualTo(GoldenSamples.consentUpdate());
  }

  @Test
  void errorV1_isRead() throws IOException {
    String text = goldenText("error-v1.json");
    assertThat(text).startsWith("{\"error\":\"invalid_request\",\"message\":");
    assertThat(Json.read(text, ErrorMessage.class)).isEqualTo(GoldenSamples.error());
  }

  @Test
  void ldpReportAndCatalogueItemV1_areRead() throws IOException {
    assertThat(Json.read(goldenText("ldp-report-v1.json"), LdpReport.class))
        .isEqualTo(GoldenSamples.ldpReport());
    assertThat(Json.read(goldenText("catalogue-item-v1.json"), CatalogueItem.class))
        .isEqualTo(GoldenSamples.catalogueItem());
  }

  private static byte[] filled(int value, int length) {
    byte[] b = new byte[length];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }

  @Test
  void roundMessagesV1_areRead() throws IOException {
    assertThat(Json.read(goldenText("secagg-session-v1.json"), SecAggSession.class))
        .isEqualTo(new SecAggSession("r7-0011223344556677", 7, 2, 150, 17, 12, 64, 320));
    assertThat(Json.read(goldenText("key-advert-v1.json"), KeyAdvert.class))
        .isEqualTo(new KeyAdvert(2, filled(1, 32), filled(2, 32), null));
    assertThat(Json.read(goldenText("share-bundle-v1.json"), ShareBundle.class))
        .isEqualTo(
            new ShareBundle(
                java.util.List.of(new SealedShare(2, 5, filled(3, 12), filled(4, 16)))));
    com.fasterxml.jackson.databind.JsonNode unmask =
        Json.mapper().readTree(goldenText("unmask-v1.json"));
    assertThat(Json.read(unmask.get("query").toString(), UnmaskQuery.class))
        .isEqualTo(new UnmaskQuery(java.util.List.of(1, 3), java.util.List.of(4)));
    assertThat(Json.read(unmask.get("answer").toString(), UnmaskAnswer.class))
        .isEqualTo(
            new UnmaskAnswer(
                java.util.List.of(new ShareReveal(1, 2, new long[] {12345, 678})),
                java.util.List.of(new ShareReveal(4, 2, new long[] {42})),
                java.util.List.of()));
    com.fasterxml.jackson.databind.JsonNode unmask2 =
        Json.mapper().readTree(goldenText("unmask-v2.json"));
    assertThat(Json.read(unmask2.get("answer").toString(), UnmaskAnswer.class))
        .isEqualTo(
            new UnmaskAnswer(
                java.util.List.of(new ShareReveal(1, 2, new long[] {12345, 678})),
                java.util.List.of(new ShareReveal(4, 2, new long[] {42})),
                java.util.List.of(new PairwiseKeyReveal(4, filled(5, 32)))));
    assertThat(Json.read(goldenText("local-evaluation-v1.json"), LocalEvaluation.class))
        .isEqualTo(new LocalEvaluation("d-00112233445566778899aabbccddeeff", 6, 0.25, 1.0));
    assertThat(Json.read(goldenText("round-status-v1.json"), RoundStatus.class))
        .isEqualTo(new RoundStatus(7, "completed", 6, 150, 143, 7L, ""));
  }

  @Test
  void unmaskAnswerV2_isWrittenAsTheGoldenFile_andAMissingShareListIsStillRefused()
      throws IOException {
    UnmaskAnswer answer =
        new UnmaskAnswer(
            java.util.List.of(new ShareReveal(1, 2, new long[] {12345, 678})),
            java.util.List.of(new ShareReveal(4, 2, new long[] {42})),
            java.util.List.of(new PairwiseKeyReveal(4, filled(5, 32))));

    assertThat(Json.write(answer))
        .isEqualTo(Json.mapper().readTree(goldenText("unmask-v2.json")).get("answer").toString());
    assertThat(Json.read(Json.mapper().writeValueAsString(answer), UnmaskAnswer.class))
        .isEqualTo(answer);
    assertThatThrownBy(() -> Json.read("{\"selfMaskShares\":[]}", UnmaskAnswer.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("maskKeyShares");
  }

  @Test
  void analyticsQueriesV1_areReadAndWritten() throws IOException {
    AnalyticsQueryList expected =
        new AnalyticsQueryList(
            java.util.List.of(
                new AnalyticsQuery(
                    "q-0123456789abcdef0123456789abcdef",
                    "top_category",
                    java.util.List.of("Drama", "Comedy", "Action"),
                    1.0,
                    LdpReport.Mechanism.GRR)));

    assertThat(Json.read(goldenText("analytics-queries-v1.json"), AnalyticsQueryList.class))
        .isEqualTo(expected);
    assertThat(Json.write(expected)).isEqualTo(goldenText("analytics-queries-v1.json"));
    assertThat(expected.queries().get(0).valueOf("Comedy")).isEqualTo(1);
    assertThatThrownBy(
            () ->
                Json.read(
                    goldenText("analytics-queries-v1.json").replace("\"Action\"", "\"Drama\""),
                    AnalyticsQueryList.class))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("labels must be distinct");
  }

  @Test
  void roundMessages_areWrittenAsTheGoldenFiles() throws IOException {
    assertThat(Json.write(new KeyAdvert(2, filled(1, 32), filled(2, 32), null)))
        .isEqualTo(goldenText("key-advert-v1.json"));
    assertThat(Json.write(new SecAggSession("r7-0011223344556677", 7, 2, 150, 17, 12, 64, 320)))
        .isEqualTo(goldenText("secagg-session-v1.json"));
  }
}
