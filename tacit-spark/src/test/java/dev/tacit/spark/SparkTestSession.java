package dev.tacit.spark;

import org.apache.spark.sql.SparkSession;

/** The small local Spark session of the tests: two threads, no UI, four shuffle partitions. */
final class SparkTestSession {
  private SparkTestSession() {}

  static SparkSession start() {
    return SparkSession.builder()
        .appName("tacit-spark-test")
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.default.parallelism", "4")
        .getOrCreate();
  }
}
