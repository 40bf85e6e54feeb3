/** Benchmark inputs for the Spark job: synthetic interaction logs written as CSV and Parquet. */
package dev.tacit.spark.bench;
