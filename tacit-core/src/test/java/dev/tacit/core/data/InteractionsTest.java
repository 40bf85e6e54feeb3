package dev.tacit.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InteractionsTest {
  @Test
  void build_indexesByUserAndByItem_sorted() {
    Interactions m =
        Interactions.builder(3, 4)
            .add(2, 3, 1f, 30)
            .add(0, 2, 5f, 10)
            .add(0, 0, 4f, 20)
            .add(2, 0, 2f, 40)
            .build();
    assertThat(m.numUsers()).isEqualTo(3);
    assertThat(m.numItems()).isEqualTo(4);
    assertThat(m.size()).isEqualTo(4);
    assertThat(m.byUser().row(0)).containsExactly(0, 2);
    assertThat(m.byUser().row(1)).isEmpty();
    assertThat(m.byUser().row(2)).containsExactly(0, 3);
    assertThat(m.byItem().row(0)).containsExactly(0, 2);
    assertThat(m.byItem().row(3)).containsExactly(2);
    assertThat(m.byItem().values()[m.byItem().start(0) + 1]).isEqualTo(2f);
    assertThat(m.byItem().times()[m.byItem().start(0) + 1]).isEqualTo(40L);
    assertThat(m.itemCounts()).containsExactly(2, 0, 1, 1);
    assertThat(m.activeUsers()).isEqualTo(2);
  }

  @Test
  void duplicates_areMerged_weightsAddedAndLatestTimeKept() {
    Interactions m =
        Interactions.builder(1, 2).add(0, 1, 1f, 5).add(0, 1, 2f, 9).add(0, 1, 1f, 7).build();
    assertThat(m.size()).isEqualTo(1);
    assertThat(m.byUser().values()[0]).isEqualTo(4f);
    assertThat(m.byUser().times()[0]).isEqualTo(9L);
  }

  @Test
  void builder_growsDimensions_andRejectsBadInput() {
    Interactions m = Interactions.builder(0, 0).add(4, 7, 1f, 0).build();
    assertThat(m.numUsers()).isEqualTo(5);
    assertThat(m.numItems()).isEqualTo(8);
    assertThatThrownBy(() -> Interactions.builder(1, 1).add(-1, 0, 1f, 0))
        .hasMessageContaining("must be >= 0");
    assertThatThrownBy(() -> Interactions.builder(1, 1).add(0, 0, Float.NaN, 0))
        .hasMessageContaining("weight must be finite");
  }

  @Test
  void idMap_assignsDenseIndicesInOrderOfFirstAppearance() {
    IdMap ids = new IdMap();
    assertThat(ids.getOrAdd("b")).isZero();
    assertThat(ids.getOrAdd(42L)).isEqualTo(1);
    assertThat(ids.getOrAdd("b")).isZero();
    assertThat(ids.indexOf("42")).isEqualTo(1);
    assertThat(ids.indexOf("zzz")).isEqualTo(-1);
    assertThat(ids.externalId(1)).isEqualTo("42");
  }
}
