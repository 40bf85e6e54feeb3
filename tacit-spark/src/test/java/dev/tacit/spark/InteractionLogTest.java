package dev.tacit.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.core.data.Interactions;
import dev.tacit.core.split.Split;
import dev.tacit.core.split.Splits;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a log without MovieLens: finding it, the per-user split and the one shuffle of the users.
 */
class InteractionLogTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void aUsersSplit_isTacitCoresRandomHoldoutOfThatUserAlone_theSameEveryTime() {
    int[] items = {3, 8, 13, 21, 34, 55, 89, 144, 233, 377};
    UserRow a = InteractionLog.split(5, "user-17", items, 400, 0.2, 42);
    UserRow b = InteractionLog.split(99, "user-17", items, 400, 0.2, 42);
    Interactions.Builder one = Interactions.builder(1, 400);
    for (int i : items) {
      one.add(0, i, 1f, 0);
    }
    Split s =
        Splits.randomHoldout(
            one.build(), 0.2, Seeds.mix(42, Seeds.SPLIT_STREAM, Seeds.hash("user-17")));
    assertThat(a.test()).isEqualTo(s.test().byUser().row(0)).hasSize(2);
    assertThat(a.train()).isEqualTo(s.train().byUser().row(0)).hasSize(8);
    assertThat(b.test()).isEqualTo(a.test());
    assertThat(InteractionLog.split(5, "user-18", items, 400, 0.2, 42).test())
        .isNotEqualTo(a.test());
  }

  @Test
  void aParquetFolder_givenAsAFileSystemUri_isRecognisedAndRead(@TempDir Path tmp) {
    String events = tmp.resolve("events").toUri().toString(); // file:///..., as hdfs:// would be
    spark
        .createDataset(List.of("u1,a", "u1,b", "u2,b", "u3,a", "u3,c"), Encoders.STRING())
        .selectExpr("split(value, ',')[0] as user", "split(value, ',')[1] as item")
        .write()
        .parquet(events);
    InteractionLog log =
        InteractionLog.read(
            spark, new LogOptions(events, "auto", ",", true, "user", "item"), 0.5, 1);
    assertThat(log.numUsers()).isEqualTo(3);
    assertThat(log.itemIds()).containsExactly("a", "b", "c");
    assertThat(log.interactions()).isEqualTo(5);
    assertThatThrownBy(
            () -> InteractionLog.read(spark, LogOptions.parquet(events + "-missing"), 0.5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no such file or folder");
  }

  @Test
  void theUsers_areGroupedAndOrderedWithOneShuffle_withoutDuplicatePairs() {
    Dataset<Row> pairs =
        spark
            .createDataset(List.of("b,x", "a,y", "b,x", "c,z", "a,x", "b,y"), Encoders.STRING())
            .selectExpr("split(value, ',')[0] as u", "split(value, ',')[1] as i");
    Dataset<Row> users = InteractionLog.byUser(pairs);
    Matcher exchanges =
        Pattern.compile("Exchange ").matcher(users.queryExecution().executedPlan().toString());
    assertThat(exchanges.results().count()).as(users.queryExecution().toString()).isEqualTo(1);
    List<Row> rows = users.collectAsList();
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("a", "b", "c");
    assertThat(rows)
        .extracting(r -> r.<String>getList(1).stream().sorted().toList())
        .containsExactly(List.of("x", "y"), List.of("x", "y"), List.of("z"));
  }
}
