package dev.tacit.protocol;

import static org.assertj.core.api.Assertions.assertThat;

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
}
