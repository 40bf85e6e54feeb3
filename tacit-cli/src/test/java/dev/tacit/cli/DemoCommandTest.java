package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class DemoCommandTest extends CommandTestSupport {

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
    assertThat(o).contains("analytics query \"top_category\"").contains("60 reports");
    assertThat(o).contains("demo finished in");
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
}
