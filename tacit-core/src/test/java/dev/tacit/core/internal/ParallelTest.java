package dev.tacit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void forRange_visitsEveryIndexOnce_withWorkerIndicesInRange() {
    int n = 1003;
    AtomicIntegerArray visits = new AtomicIntegerArray(n);
    boolean[] badWorker = new boolean[1];
    try (Parallel par = Parallel.create(3)) {
      par.forRange(
          n,
          10,
          (w, from, to) -> {
            if (w < 0 || w >= 3 || to - from > 10) {
              badWorker[0] = true;
            }
            for (int i = from; i < to; i++) {
              visits.incrementAndGet(i);
            }
          });
    }
    for (int i = 0; i < n; i++) {
      assertThat(visits.get(i)).isEqualTo(1);
    }
    assertThat(badWorker[0]).isFalse();
  }

  @Test
  void forRange_rethrowsTheBodysException() {
    try (Parallel par = Parallel.create(2)) {
      assertThatThrownBy(
              () ->
                  par.forRange(
                      100,
                      1,
                      (w, from, to) -> {
                        if (from == 57) {
                          throw new IllegalStateException("boom at 57");
                        }
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("boom at 57");
    }
  }

  @Test
  void create_withNoThreads_fails() {
    assertThatThrownBy(() -> Parallel.create(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads must be > 0, was 0");
  }
}
