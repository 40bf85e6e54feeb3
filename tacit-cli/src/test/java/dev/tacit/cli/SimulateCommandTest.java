package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest extends CommandTestSupport {
  @TempDir Path dir;

  /** A MovieLens 100K-style folder (u.data only) of 60 users with clustered tastes, 40 items. */
  private Path dataset() throws IOException {
    Random r = new Random(3);
    StringBuilder sb = new StringBuilder();
    for (int u = 1; u <= 60; u++) {
      int cluster = u % 3;
      for (int n = 0; n < 12; n++) {
        int item = 1 + cluster * 13 + r.nextInt(13);
        sb.append(u).append('\t').append(item).append("\t4\t").append(1000 + n).append('\n');
      }
    }
    Path d = dir.resolve("tiny");
    Files.createDirectories(d);
    Files.writeString(d.resolve("u.data"), sb.toString());
    return d;
  }

  /**
   * A MovieLens-style {@code ratings.csv} folder, written here rather than committed (a file of
   * that name reads as a dataset): 40 users with 9 distinct items each over 36 items, ratings in
   * half stars and increasing timestamps.
   */
  private Path ratingsCsvFolder() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("ratings-csv"));
    StringBuilder csv = new StringBuilder("userId,movieId,rating,timestamp\n");
    long time = 1_500_000_000L;
    for (int user = 1; user <= 40; user++) {
      for (int k = 0; k < 9; k++) {
        int item = 100 + (user + 4 * k) % 36;
        double rating = 1 + ((user * 3 + k * 5) % 9) / 2.0;
        csv.append(user).append(',').append(item).append(',').append(rating).append(',');
        csv.append(time).append('\n');
        time += 3600;
      }
    }
    Files.writeString(folder.resolve("ratings.csv"), csv.toString());
    return folder;
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(SimulateCommandTest.class.getResource("simulate/" + name).toURI());
  }

  @Test
  void delimitedFile_withTheColumnOptionsOfEvaluate_andATemporalSplit_runs()
      throws IOException, URISyntaxException {
    Path report = dir.resolve("events.json");
    int code =
        run(
            "simulate",
            "--data",
            resource("events.txt").toString(),
            "--format",
            "csv",
            "--delimiter",
            ";",
            "--user-column",
            "user",
            "--item-column",
            "item",
            "--time-column",
            "ts",
            "--split",
            "temporal",
            "--leave-last",
            "2",
            "--model",
            "cooccurrence",
            "--epsilon",
            "8",
            "--out",
            report.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("40 users (devices), 36 items, 360 interactions");
    String json = Files.readString(report);
    assertThat(json)
        .contains("\"split\": \"temporal\"")
        .contains("\"leave_last\": 2")
        .contains("\"algorithm\": \"cooccurrence\"");
  }

  @Test
  void ratingsCsvFolder_isDetected_andARandomSplitWithItsOptions_runs()
      throws IOException, URISyntaxException {
    Path report = dir.resolve("ratings.json");
    int code =
        run(
            "simulate",
            "--data",
            ratingsCsvFolder().toString(),
            "--split",
            "random",
            "--test-fraction",
            "0.3",
            "--repeats",
            "2",
            "--model",
            "cooccurrence",
            "--epsilon",
            "8",
            "--out",
            report.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("40 users (devices), 36 items, 360 interactions");
    String json = Files.readString(report);
    assertThat(json)
        .contains("\"split\": \"random\"")
        .contains("\"test_fraction\": 0.3")
        .contains("\"repeats\": 2");
  }

  @Test
  void foldSplit_withoutFoldFiles_exitsTwo_namingWhatIsMissing() throws IOException {
    int code = run("simulate", "--data", dataset().toString(), "--split", "folds");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--split folds needs the MovieLens 100K fold files");
  }

  @Test
  void csvFormat_onAFolder_exitsTwo() throws IOException {
    int code = run("simulate", "--data", dataset().toString(), "--format", "csv");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--format csv needs a file, but --data is a folder");
  }

  @Test
  void cooccurrence_inSeveralSecAggCohorts_saysHowManyAndRuns() throws IOException {
    int code =
        run(
            "simulate",
            "--data",
            dataset().toString(),
            "--model",
            "cooccurrence",
            "--epsilon",
            "8",
            "--secagg",
            "real",
            "--secagg-cohort",
            "25");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("; 3 SecAgg+ cohorts per release, 0 aborted; epsilon against a server that keeps")
        .containsPattern("keeps the cohort sums [0-9]+\\.[0-9]{2}\\R");
    assertThat(run("simulate", "--data", dataset().toString(), "--secagg-cohort", "2"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--secagg-cohort must be 0 (one session) or >= 3, was 2");
  }

  @Test
  void epsilonAndNoiseMultiplierTogether_exitTwo_withClearMessage() throws IOException {
    int code =
        run(
            "simulate",
            "--data",
            dataset().toString(),
            "--epsilon",
            "8",
            "--noise-multiplier",
            "1");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("give --epsilon or --noise-multiplier, not both");
  }

  @Test
  void cooccurrenceModel_writesAFederatedEntryWithItsAlgorithm() throws IOException {
    Path report = dir.resolve("cooc.json");
    int code =
        run(
            "simulate",
            "--data",
            dataset().toString(),
            "--model",
            "cooccurrence",
            "--epsilon",
            "8",
            "--out",
            report.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("federated (cooccurrence): epsilon = 8.0000");
    String json = Files.readString(report);
    assertThat(json)
        .contains("\"name\": \"federated\"")
        .contains("\"algorithm\": \"cooccurrence\"");
  }

  @Test
  void unknownModel_exitsTwo_namingTheChoices() throws IOException {
    int code = run("simulate", "--data", dataset().toString(), "--model", "svd");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("the model must be cooccurrence or ials, was svd");
  }

  @Test
  void dropoutAboveOne_exitsTwo() throws IOException {
    int code = run("simulate", "--data", dataset().toString(), "--dropout", "1.5");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--dropout must be in [0, 1), was 1.5");
  }

  @Test
  void zeroRounds_exitsTwo() throws IOException {
    int code = run("simulate", "--data", dataset().toString(), "--rounds", "0");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--rounds must be >= 1, was 0");
  }

  @Test
  void unknownSecAggMode_exitsTwo() throws IOException {
    int code = run("simulate", "--data", dataset().toString(), "--secagg", "fake");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--secagg must be real or sum, was fake");
  }

  @Test
  void missingData_exitsTwo() {
    int code = run("simulate", "--rounds", "3");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--data is required");
  }

  @Test
  void tinyRun_printsEpsilon_andWritesJsonAndMarkdownWithFederatedEntry() throws IOException {
    Path report = dir.resolve("sim.json");
    int code =
        run(
            "simulate",
            "--data",
            dataset().toString(),
            "--factors",
            "4",
            "--rounds",
            "3",
            "--epsilon",
            "8",
            "--clip",
            "2",
            "--secagg",
            "real",
            "--out",
            report.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("60 users")
        .contains("federated: epsilon = ")
        .contains("3 rounds")
        .contains("bytes per device per round")
        .contains("secagg real");
    String json = Files.readString(report);
    assertThat(json)
        .contains("\"name\": \"federated\"")
        .contains("\"epsilon\"")
        .contains("\"delta\"")
        .contains("\"rounds\": 3")
        .contains("\"history\"")
        .contains("\"name\": \"ials\"")
        .contains("\"name\": \"pop\"");
    assertThat(Files.readString(dir.resolve("sim.md"))).contains("| federated |");
  }

  @Test
  void sweep_writesCurveChartsAndTable() throws IOException {
    Path report = dir.resolve("sweep.json");
    int code =
        run(
            "simulate",
            "--data",
            dataset().toString(),
            "--factors",
            "4",
            "--rounds",
            "2",
            "--sweep-epsilon",
            "inf,4",
            "--out",
            report.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("| ∞ |").contains("| 4 |");
    assertThat(dir.resolve("sweep-curve.png")).exists();
    assertThat(dir.resolve("sweep-curve.svg")).exists();
    assertThat(dir.resolve("sweep-curve.md")).exists();
    assertThat(Files.readString(report)).contains("\"name\": \"federated eps=4\"");
  }
}
