package dev.tacit.secagg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The unmasked sum copies its values, sorts its clients and never prints its values. */
class AggregateSumTest {

  @Test
  void aggregateSum_copiesItsSum_sortsItsClients_andComparesByContent() {
    long[] sum = {1, 2};
    AggregateSum a = new AggregateSum(32, sum, List.of(3, 1, 2));
    sum[0] = 9;
    a.sum()[1] = 9;

    assertThat(a.sum()).containsExactly(1, 2);
    assertThat(a.countedClients()).containsExactly(1, 2, 3);
    assertThat(a.count()).isEqualTo(3);
    AggregateSum same = new AggregateSum(32, new long[] {1, 2}, List.of(1, 2, 3));
    assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(a).isNotEqualTo(new AggregateSum(64, new long[] {1, 2}, List.of(1, 2, 3)));
    assertThat(a).isNotEqualTo(new AggregateSum(32, new long[] {1, 3}, List.of(1, 2, 3)));
    assertThat(a).isNotEqualTo(new AggregateSum(32, new long[] {1, 2}, List.of(1, 2)));
    assertThat(a.toString()).isEqualTo("AggregateSum[bits=32, length=2, counted=3]");
    assertThatThrownBy(() -> new AggregateSum(16, new long[1], List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("modulusBits must be 32 or 64, was 16");
  }
}
