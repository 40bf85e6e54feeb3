package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void outsideATerminal_threeHundredQuickSteps_printAFewLines_notOnePerStep() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicLong now = new AtomicLong();
    ProgressBar bar =
        new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, now::get);
    for (int r = 1; r <= 300; r++) {
      now.addAndGet(100_000_000L); // 0.1 s per round: 30 s in all
      bar.update("round " + r + "/300", r - 1, 300);
    }
    bar.update("done", 300, 300);
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    // the first step, one line every 5 s of the 30 s, and the end
    assertThat(lines).hasSizeBetween(6, 8);
    assertThat(lines[0]).contains("0/300 round 1/300");
    assertThat(lines[lines.length - 1]).contains("300/300 done");
    assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\r");
  }

  @Test
  void onATerminal_theBarIsRedrawnInPlace() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    AtomicLong now = new AtomicLong();
    ProgressBar bar =
        new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, now::get);
    bar.update("a", 0, 2);
    bar.update("a", 1, 2);
    bar.update("a", 2, 2);
    String s = bytes.toString(StandardCharsets.UTF_8);
    assertThat(s.chars().filter(c -> c == '\r')).hasSize(3);
    assertThat(s.chars().filter(c -> c == '\n')).hasSize(1);
  }
}
