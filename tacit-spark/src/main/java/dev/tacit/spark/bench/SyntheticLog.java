package dev.tacit.spark.bench;

import dev.tacit.core.data.Csr;
import dev.tacit.core.data.Dataset;
import dev.tacit.core.synth.SyntheticConfig;
import dev.tacit.core.synth.SyntheticGenerator;
import dev.tacit.spark.SparkJob;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Writes tacit-core's synthetic log ({@link SyntheticGenerator}) as a CSV file ({@code user,item},
 * what {@code tacit simulate --data} reads) and as Parquet (what the Spark job reads), for the
 * scale-out benchmark.
 *
 * <p>Usage: {@code SyntheticLog USERS ITEMS SEED OUT_DIR} writes {@code OUT_DIR/log.csv} and {@code
 * OUT_DIR/log.parquet}.
 */
public final class SyntheticLog {
  private SyntheticLog() {}

  /** Runs it. */
  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: SyntheticLog USERS ITEMS SEED OUT_DIR");
      System.exit(2);
    }
    int users = Integer.parseInt(args[0]);
    int items = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    Path dir = Path.of(args[3]);
    Files.createDirectories(dir);
    long t0 = System.nanoTime();
    Dataset ds = SyntheticGenerator.generate(SyntheticConfig.of(users, items, seed));
    Path csv = dir.resolve("log.csv");
    Csr m = ds.interactions().byUser();
    try (BufferedWriter w = Files.newBufferedWriter(csv)) {
      w.write("user,item\n");
      for (int u = 0; u < m.rows(); u++) {
        for (int i : m.row(u)) {
          w.write("u" + u + ",i" + i + "\n");
        }
      }
    }
    System.out.printf(
        "%d users, %d items, %d interactions -> %s (%.1f s)%n",
        m.rows(), items, m.nnz(), csv, (System.nanoTime() - t0) / 1e9);
    try (SparkSession spark = SparkJob.session("local[*]")) {
      spark
          .read()
          .option("header", true)
          .csv(csv.toString())
          .write()
          .mode("overwrite")
          .parquet(dir.resolve("log.parquet").toString());
    }
    System.out.printf(
        "-> %s (%.1f s)%n", dir.resolve("log.parquet"), (System.nanoTime() - t0) / 1e9);
  }
}
