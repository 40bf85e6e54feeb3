package dev.tacit.core.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrainingStepsTest {
  @Test
  void showsTheStepItsPercentage_andTheTimeLeftAtItsOwnPace() {
    List<String> shown = new ArrayList<>();
    AtomicLong clock = new AtomicLong(1_000_000_000L);
    TrainingSteps steps =
        new TrainingSteps(
            (what, done, total) -> shown.add(what + " [" + done + "/" + total + "]"),
            "training on u1.base",
            2,
            5,
            clock::get);
    steps.update("gram", 0, 100);
    clock.addAndGet(1_000_000_000L);
    steps.update("gram", 100, 100);
    steps.update("inverse", 0, 40);
    clock.addAndGet(10_000_000_000L); // 10 of 40 blocks in 10 s: 30 s left
    steps.update("inverse", 10, 40);
    clock.addAndGet(50_000_000_000L); // 20 of 40 in 60 s: 60 s left
    steps.update("inverse", 20, 40);
    clock.addAndGet(200_000_000_000L); // 21 of 40 in 260 s: 235 s left, shown in minutes
    steps.update("inverse", 21, 40);
    assertThat(shown)
        .containsExactly(
            "training on u1.base: gram 0% [2/5]",
            "training on u1.base: gram 100% [2/5]",
            "training on u1.base: inverse 0% [2/5]",
            "training on u1.base: inverse 25%, about 30 s left [2/5]",
            "training on u1.base: inverse 50%, about 60 s left [2/5]",
            "training on u1.base: inverse 52%, about 4 min left [2/5]");
  }
}
