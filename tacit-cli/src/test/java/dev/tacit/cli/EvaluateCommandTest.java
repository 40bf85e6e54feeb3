package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest extends CommandTestSupport {
  @TempDir Path dir;

  /** 60 users with clustered tastes over 40 items, as a header-less tab-separated file. */
  private Path ratingsFile() throws IOException {
    Random r = new Random(3);
    StringBuilder sb = new StringBuilder();
    for (int u = 0; u < 60; u++) {
      int cluster = u % 3;
      for (int n = 0; n < 12; n++) {
        int item = cluster * 13 + r.nextInt(13);
        sb.append("u")
            .append(u)
            .append('\t')
            .append("i")
            .append(item)
            .append("\t1\t")
            .append(1000 + n)
            .append('\n');
      }
    }
    Path f = dir.resolve("events.tsv");
    Files.writeString(f, sb.toString());
    return f;
  }

  @Test
  void evaluate_anUnnamedHeaderlessTsv_isDetected_saysWhatItFound_andRuns() throws IOException {
    Path f = Files.move(ratingsFile(), dir.resolve("my-log.txt"));
    int code =
        run(
            "evaluate",
            "--data",
            f.toString(),
            "--split",
            "random",
            "--repeats",
            "1",
            "--models",
            "pop",
            "--out",
            dir.resolve("r.json").toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains(f + ": detected tab-separated, no header; user = column 0, item = column 1")
        .contains("60 users");
  }

  @Test
  void evaluate_delimitedFile_printsTable_andWritesJsonAndMarkdown() throws IOException {
    Path report = dir.resolve("report.json");
    int code =
        run(
            "evaluate",
            "--data",
            ratingsFile().toString(),
            "--format",
            "csv",
            "--delimiter",
            "\\t",
            "--no-header",
            "--weight-column",
            "2",
            "--time-column",
            "3",
            "--split",
            "random",
            "--repeats",
            "2",
            "--models",
            "pop,ials",
            "--factors",
            "4",
            "--out",
            report.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("60 users")
        .contains("pop")
        .contains("ials")
        .contains("ndcg@10");
    String json = Files.readString(report);
    assertThat(json)
        .contains("\"models\": [")
        .contains("\"name\": \"ials\"")
        .contains("\"folds\": [");
    assertThat(dir.resolve("report.md")).exists();
  }

  @Test
  void evaluate_withEase_printsTheEstimateOfHeapAndTime_beforeTraining() throws IOException {
    int code =
        run(
            "evaluate",
            "--data",
            ratingsFile().toString(),
            "--split",
            "random",
            "--repeats",
            "1",
            "--models",
            "ease");
    assertThat(code).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text)
        .containsPattern(
            "ease on \\d+ items \\(60 users, \\d+ interactions\\): about 1 MB of heap at the"
                + " peak and about \\d+ s to train \\(.* flops for the inverse at the .* GFLOPS a"
                + " \\d+-thread calibration measured on this machine just now\\)");
    assertThat(text.indexOf("ease on ")).isLessThan(text.indexOf("ndcg@10"));
  }

  @Test
  void evaluate_malformedLine_namesTheLine_andLenientSkipsIt() throws IOException {
    Path f = ratingsFile();
    Files.writeString(f, Files.readString(f) + "u1\ti2\tnot-a-number\t5\n");
    int lines = (int) Files.lines(f).count();
    String[] args = {
      "evaluate",
      "--data",
      f.toString(),
      "--format",
      "csv",
      "--delimiter",
      "\\t",
      "--no-header",
      "--weight-column",
      "2",
      "--models",
      "pop",
      "--split",
      "random"
    };
    assertThat(run(args)).isEqualTo(1);
    assertThat(err.toString()).contains(":" + lines + ":");
    String[] lenient = java.util.Arrays.copyOf(args, args.length + 1);
    lenient[args.length] = "--lenient";
    assertThat(run(lenient)).isZero();
    assertThat(out.toString()).contains("skipped 1 malformed lines");
  }

  @Test
  void evaluate_badArguments_exitWithCode2_andSayWhatWasWrong() throws IOException {
    String data = ratingsFile().toString();
    assertThat(run("evaluate", "--data", data, "--format", "csv", "--no-header", "--models", "svd"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("unknown model 'svd'");
    assertThat(run("evaluate", "--data", dir.resolve("missing").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no such file or folder");
    assertThat(
            run(
                "evaluate",
                "--data",
                data,
                "--format",
                "csv",
                "--delimiter",
                "\\t",
                "--no-header",
                "--split",
                "random",
                "--test-fraction",
                "1.5"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--test-fraction must be in (0, 1), was 1.5");
    assertThat(run("evaluate", "--data", dir.toString(), "--split", "folds")).isEqualTo(2);
  }
}
