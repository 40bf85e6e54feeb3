package dev.tacit.spark;

import dev.tacit.core.data.Interactions;
import dev.tacit.core.split.Split;
import dev.tacit.core.split.Splits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * An interaction log read by Spark and split per user: the items are numbered in the order of their
 * ids (as strings), the users (devices) in the order of theirs, and each user's distinct items are
 * split by tacit-core's {@link Splits#randomHoldout} applied to that user alone, with a stream
 * seeded from the split seed and a hash of the user's id: every executor makes the same split
 * without seeing the other users, and a user keeps its split when the log is subsampled.
 *
 * @param users the users, cached
 * @param itemIds the item ids by index
 * @param numUsers the number of users
 * @param interactions the number of distinct (user, item) pairs
 */
public record InteractionLog(
    JavaRDD<UserRow> users, List<String> itemIds, int numUsers, long interactions) {

  /** Copies. */
  public InteractionLog {
    itemIds = List.copyOf(itemIds);
  }

  /** The number of items. */
  public int numItems() {
    return itemIds.size();
  }

  /**
   * Reads and splits a log.
   *
   * @param testFraction the fraction of each user's items held out, in (0, 1), as {@code tacit
   *     evaluate --test-fraction}
   * @throws IllegalArgumentException if the log cannot be read, a column is missing, or it has
   *     fewer than 2 items
   */
  public static InteractionLog read(
      SparkSession spark, LogOptions options, double testFraction, long seed) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException("testFraction must be in (0, 1), was " + testFraction);
    }
    Dataset<Row> raw = load(spark, options);
    String userCol = column(raw, options.userColumn(), "user");
    String itemCol = column(raw, options.itemColumn(), "item");
    Dataset<Row> pairs =
        raw.select(
                functions.col(userCol).cast("string").as("u"),
                functions.col(itemCol).cast("string").as("i"))
            .na()
            .drop();
    List<String> itemIds = new ArrayList<>();
    for (Row r : pairs.select("i").distinct().orderBy("i").collectAsList()) {
      itemIds.add(r.getString(0));
    }
    if (itemIds.size() < 2) {
      throw new IllegalArgumentException(
          options.path() + ": the log has " + itemIds.size() + " distinct items, needs 2");
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < itemIds.size(); i++) {
      index.put(itemIds.get(i), i);
    }
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<Map<String, Integer>> items = sc.broadcast(index);
    int numItems = itemIds.size();
    JavaRDD<UserRow> users =
        byUser(pairs)
            .javaRDD()
            .zipWithIndex()
            .map(
                t -> {
                  Row r = t._1();
                  List<String> ids = r.getList(1);
                  int[] its = new int[ids.size()];
                  for (int k = 0; k < its.length; k++) {
                    its[k] = items.value().get(ids.get(k));
                  }
                  Arrays.sort(its);
                  return split(
                      Math.toIntExact(t._2()), r.getString(0), its, numItems, testFraction, seed);
                })
            .persist(StorageLevel.MEMORY_AND_DISK());
    long n = users.count();
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("at most 2^31 - 1 users, the log has " + n);
    }
    long size = users.map(u -> (long) u.train().length + u.test().length).fold(0L, Long::sum);
    return new InteractionLog(users, itemIds, (int) n, size);
  }

  /**
   * Each user's distinct items ({@code u}, {@code items}), in the order of the user ids, with one
   * shuffle: the pairs are range-partitioned by user once, and the distinct pairs, the grouping by
   * user and the order of the users all keep to that partitioning (a distinct, a group-by and an
   * order-by would otherwise shuffle the log three times).
   */
  static Dataset<Row> byUser(Dataset<Row> pairs) {
    return pairs
        .repartitionByRange(functions.col("u"))
        .distinct()
        .groupBy("u")
        .agg(functions.collect_list("i").as("items"))
        .orderBy("u");
  }

  /**
   * A user's split: tacit-core's random holdout of its items, with a stream seeded from {@code
   * seed} and its id.
   */
  static UserRow split(
      int device, String userId, int[] items, int numItems, double testFraction, long seed) {
    Interactions.Builder b = Interactions.builder(1, numItems);
    for (int i : items) {
      b.add(0, i, 1f, 0);
    }
    Split s =
        Splits.randomHoldout(
            b.build(), testFraction, Seeds.mix(seed, Seeds.SPLIT_STREAM, Seeds.hash(userId)));
    return new UserRow(device, s.train().byUser().row(0), s.test().byUser().row(0));
  }

  private static Dataset<Row> load(SparkSession spark, LogOptions o) {
    boolean looksParquet = isParquet(spark, o.path()); // and fails if nothing is there
    boolean parquet = o.format().equals("parquet") || (o.format().equals("auto") && looksParquet);
    if (parquet) {
      return spark.read().parquet(o.path());
    }
    return spark
        .read()
        .option("sep", o.delimiter())
        .option("header", o.header())
        .option("mode", "FAILFAST")
        .csv(o.path());
  }

  /**
   * Whether {@code path} names Parquet: a name ending in {@code .parquet}, or a folder holding such
   * files. The path is looked up on its Hadoop file system (local, {@code hdfs://}, {@code s3a://},
   * ...), as Spark reads it.
   *
   * @throws IllegalArgumentException if nothing is there
   */
  private static boolean isParquet(SparkSession spark, String path) {
    try {
      org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new IllegalArgumentException("no such file or folder: " + path);
      }
      if (path.endsWith(".parquet") || !fs.getFileStatus(p).isDirectory()) {
        return path.endsWith(".parquet");
      }
      for (FileStatus f : fs.listStatus(p)) {
        if (f.getPath().getName().endsWith(".parquet")) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look at " + path, e);
    }
  }

  private static String column(Dataset<Row> df, String spec, String what) {
    String[] cols = df.columns();
    if (spec.chars().allMatch(Character::isDigit)) {
      int i = Integer.parseInt(spec);
      if (i >= cols.length) {
        throw new IllegalArgumentException(
            "the " + what + " column " + i + " is not in the log's " + cols.length + " columns");
      }
      return cols[i];
    }
    for (String c : cols) {
      if (c.equals(spec)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "the log has no " + what + " column " + spec + "; it has " + String.join(", ", cols));
  }
}
