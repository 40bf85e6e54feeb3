package dev.tacit.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The messages behind the golden files, and the small utility that wrote them once (run {@code
 * main} with the golden directory as argument; the files are committed, and later versions must
 * still read them).
 */
final class GoldenSamples {
  private GoldenSamples() {}

  static TensorFrame frame() {
    return TensorFrame.ofFloats(new int[] {3, 2}, new float[] {0f, 1f, -1.5f, 0.25f, 3e-8f, 1e6f});
  }

  static TensorFrame residues() {
    return TensorFrame.ofLongs(new int[] {4}, new long[] {0, 1, 0xFFFFFFFFL, -1L});
  }

  static CheckInResponse checkInResponse() {
    return CheckInResponse.assigned(
        new RoundAssignment(7, 6, 320, 1.0, 65536, 32, 12.5, 0, 65553.9, 1.1, 100, 80, 100));
  }

  static ConsentUpdate consentUpdate() {
    return new ConsentUpdate(
        "dev-4f1c2a", Purpose.TRAINING, true, "2026-01", Instant.parse("2026-03-01T10:15:30Z"));
  }

  static ErrorMessage error() {
    return new ErrorMessage("invalid_request", "epsilon must be > 0 and finite, was -1.0");
  }

  static LdpReport ldpReport() {
    return new LdpReport("dev-4f1c2a", "genre_share", LdpReport.Mechanism.OLH, 1.0, 19, 42, 2);
  }

  static CatalogueItem catalogueItem() {
    return new CatalogueItem("movie-1", List.of("comedy", "animation"), 583.0);
  }

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    Files.write(dir.resolve("frame-v1-f32.bin"), frame().encode());
    Files.write(dir.resolve("frame-v1-i64.bin"), residues().encode());
    write(dir.resolve("check-in-response-v1.json"), Json.write(checkInResponse()));
    write(dir.resolve("consent-update-v1.json"), Json.write(consentUpdate()));
    write(dir.resolve("error-v1.json"), Json.write(error()));
    write(dir.resolve("ldp-report-v1.json"), Json.write(ldpReport()));
    write(dir.resolve("catalogue-item-v1.json"), Json.write(catalogueItem()));
  }

  private static void write(Path p, String s) throws IOException {
    Files.write(p, (s + "\n").getBytes(StandardCharsets.UTF_8));
  }
}
