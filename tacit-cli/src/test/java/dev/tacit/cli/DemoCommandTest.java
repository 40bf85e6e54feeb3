package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.core.data.ItemMetadata;
import dev.tacit.privacy.accounting.NoiseCalibrator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest extends CommandTestSupport {
  private static final String[] SMALL = {
    "demo",
    "--synthetic",
    "--users",
    "60",
    "--items",
    "30",
    "--rounds",
    "2",
    "--sampling-rate",
    "1",
    "--dropout",
    "0"
  };

  @TempDir Path tmp;

  @Test
  @Tag("slow")
  void aSmallSyntheticDemo_runsEndToEndOverHttp_andSaysWhereToLook() {
    int code =
        run(
            "demo",
            "--synthetic",
            "--users",
            "60",
            "--items",
            "30",
            "--rounds",
            "2",
            "--sampling-rate",
            "1",
            "--dropout",
            "0");
    String o = out.toString();
    assertThat(code).as(o + err).isZero();
    assertThat(o).contains("SYNTHETIC population").contains("dashboard: http://127.0.0.1:");
    assertThat(o.lines().filter(l -> l.matches("\\s+[12]\\s+completed\\s+60\\s+60\\s+0\\s.*")))
        .as(o)
        .hasSize(2);
    assertThat(o).containsPattern("federated model v2 .*NDCG@10 0\\.\\d{4}");
    assertThat(o).contains("central ials").contains("central pop");
    assertThat(o)
        .contains("analytics query \"Most viewed category\" (top_category;")
        .contains("60 reports")
        .containsPattern("\\(unbiased -?\\d+\\.\\d \\[-?\\d+\\.\\d, -?\\d+\\.\\d\\]\\)");
    assertThat(o).contains("demo finished in");
    // The default model is the co-occurrence model; the line that says why names the noise that
    // federated iALS would need for the same budget: its --rounds plus two, at q = 1.
    assertThat(o)
        .contains(
            String.format(
                Locale.ROOT,
                "where federated iALS needs %.3f in each of 2 sampled rounds for the same ε = 8.0",
                NoiseCalibrator.noiseMultiplier(8, 1e-5, 1, 4)));
    // numbers as people write them: δ 1e-5, never Java's 1.0E-5
    assertThat(o).contains("δ 1e-5").doesNotContainPattern("\\dE-\\d");
  }

  @Test
  void analyticsLabels_keepTheReadableCategoryNames_thatTheCatalogueCleansIntoIds() {
    ItemMetadata meta =
        new ItemMetadata(
            List.of("a", "b"),
            List.of("Children's", "Sci-Fi", "  War\t"),
            new int[][] {{0, 1}, {2}});
    assertThat(DemoData.analyticsLabels(meta))
        .containsExactly(
            Map.entry("Children_s", "Children's"),
            Map.entry("Sci-Fi", "Sci-Fi"),
            Map.entry("__War_", "War"));
  }

  @Test
  void badOptions_areRefusedWithAClearMessage_beforeAnythingStarts() {
    assertThat(run("demo", "--rounds", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--rounds must be in [1, 10000], was 0");
    assertThat(run("demo", "--dropout", "0.7")).isEqualTo(2);
    assertThat(err.toString()).contains("--dropout must be in [0, 0.5), was 0.7");
    assertThat(run("demo", "--data", "no-such-folder")).isEqualTo(2);
    assertThat(err.toString()).contains("--data must be a MovieLens 100K folder");
  }

  private String[] small(String... more) {
    return Stream.concat(
            Stream.of(SMALL),
            Stream.concat(Stream.of("--temp-root", tmp.toString()), Stream.of(more)))
        .toArray(String[]::new);
  }

  private static List<String> children(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(Path::toString).toList();
    }
  }

  @Test
  @Tag("slow")
  void staying_everyPrintedLinkAnswers_andCtrlCLeavesNoTemporaryDirectory() throws Exception {
    AtomicInteger code = new AtomicInteger(-1);
    Thread demo = new Thread(() -> code.set(run(small("--stay"))));
    demo.start();
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!out.toString().contains("Ctrl-C stops it") && System.nanoTime() < deadline) {
      assertThat(demo.isAlive()).as(out + " " + err).isTrue();
      Thread.sleep(200);
    }
    String o = out.toString();
    assertThat(o).contains("Ctrl-C stops it").contains("/privacy#device=");
    Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:\\d+[^\\s)]*").matcher(o);
    HttpClient http = HttpClient.newHttpClient();
    int links = 0;
    while (m.find()) {
      URI link = URI.create(m.group());
      HttpResponse<Void> res =
          http.send(
              HttpRequest.newBuilder(link).timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.discarding());
      assertThat(res.statusCode()).as(link.toString()).isEqualTo(200);
      links++;
    }
    assertThat(links).as(o).isGreaterThanOrEqualTo(5);
    demo.interrupt(); // as Ctrl-C ends the wait
    demo.join(60_000);
    assertThat(code.get()).as(o + err).isZero();
    assertThat(children(tmp)).as("the demo's temporary data is removed").isEmpty();
  }

  @Test
  @Tag("slow")
  void notStaying_saysTheServerStopped_printsNoDeadLink_andKeepsDataOnlyWhenAsked()
      throws Exception {
    assertThat(run(small("--no-stay"))).as(out + " " + err.toString()).isZero();
    String o = out.toString();
    String end = o.substring(o.indexOf("demo finished in"));
    assertThat(end).contains("The server has stopped").doesNotContain("http://");
    assertThat(children(tmp)).isEmpty();

    out.getBuffer().setLength(0);
    assertThat(run(small("--no-stay", "--keep-data"))).isZero();
    List<String> kept = children(tmp);
    assertThat(kept).hasSize(1);
    assertThat(out.toString()).contains("Its data is kept in " + kept.get(0));
    assertThat(Path.of(kept.get(0)).resolve("tacit.db")).exists();
  }
}
