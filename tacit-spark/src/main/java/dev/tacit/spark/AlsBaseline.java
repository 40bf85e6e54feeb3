package dev.tacit.spark;

import dev.tacit.core.eval.FoldResult;
import dev.tacit.core.report.ModelReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.recommendation.ALS;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The central baseline: implicit-feedback ALS (Hu, Koren &amp; Volinsky 2008) from Spark MLlib on
 * the same training parts, scored by the same distributed protocol. It sees every interaction in
 * the clear: the ceiling the private model is measured against.
 *
 * @param factors the rank k
 * @param iterations the ALS sweeps
 * @param regularization λ
 * @param alpha the confidence weight of an observed interaction
 */
public record AlsBaseline(int factors, int iterations, double regularization, double alpha) {

  /** Validates. */
  public AlsBaseline {
    if (factors < 1 || iterations < 1 || !(regularization >= 0) || !(alpha > 0)) {
      throw new IllegalArgumentException(
          "factors and iterations must be >= 1, regularization >= 0 and alpha > 0, were "
              + factors
              + ", "
              + iterations
              + ", "
              + regularization
              + ", "
              + alpha);
    }
  }

  /** The settings as a map, for reports. */
  public Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("implementation", "spark-mllib ALS, implicitPrefs");
    m.put("factors", factors);
    m.put("iterations", iterations);
    m.put("regularization", regularization);
    m.put("alpha", alpha);
    return m;
  }

  /** Trains on the users' training parts and evaluates on their held-out parts. */
  public ModelReport run(
      SparkSession spark,
      JavaRDD<UserRow> users,
      int numItems,
      Broadcast<int[]> trainCounts,
      long seed,
      String splitName) {
    long t0 = System.nanoTime();
    StructType schema =
        new StructType()
            .add("user", DataTypes.IntegerType, false)
            .add("item", DataTypes.IntegerType, false)
            .add("rating", DataTypes.FloatType, false);
    JavaRDD<Row> rows =
        users.flatMap(
            u -> {
              List<Row> out = new ArrayList<>();
              for (int i : u.train()) {
                out.add(RowFactory.create(u.device(), i, 1f));
              }
              return out.iterator();
            });
    Dataset<Row> ratings = spark.createDataFrame(rows, schema);
    ALSModel model =
        new ALS()
            .setImplicitPrefs(true)
            .setRank(factors)
            .setMaxIter(iterations)
            .setRegParam(regularization)
            .setAlpha(alpha)
            .setUserCol("user")
            .setItemCol("item")
            .setRatingCol("rating")
            .setSeed(seed)
            .fit(ratings);
    float[] itemFactors = new float[numItems * factors];
    for (Row r : model.itemFactors().collectAsList()) {
      List<Float> f = r.getList(1);
      int item = r.getInt(0);
      for (int k = 0; k < factors; k++) {
        itemFactors[item * factors + k] = f.get(k);
      }
    }
    JavaPairRDD<Integer, float[]> userFactors =
        model
            .userFactors()
            .javaRDD()
            .mapToPair(
                r -> {
                  List<Float> f = r.getList(1);
                  float[] v = new float[f.size()];
                  for (int k = 0; k < v.length; k++) {
                    v[k] = f.get(k);
                  }
                  return new Tuple2<>(r.getInt(0), v);
                });
    double trainSeconds = (System.nanoTime() - t0) / 1e9;
    JavaRDD<Tuple2<UserRow, float[]>> joined =
        users.mapToPair(u -> new Tuple2<>(u.device(), u)).join(userFactors).values();
    FoldResult fold =
        DistributedEvaluation.evaluate(
            joined, Scorers.factors(itemFactors, factors), numItems, trainCounts, splitName);
    return DistributedEvaluation.report(
        "ials (spark mllib, central)", asMap(), fold, trainSeconds, Map.of());
  }
}
