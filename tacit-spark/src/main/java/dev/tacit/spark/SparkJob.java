package dev.tacit.spark;

import dev.tacit.cli.options.LogColumns;
import dev.tacit.core.eval.FoldResult;
import dev.tacit.core.report.EvaluationReport;
import dev.tacit.core.report.Json;
import dev.tacit.core.report.ModelReport;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.cooccurrence.CooccurrenceModel;
import dev.tacit.privacy.budget.Spend;
import dev.tacit.privacy.random.RandomSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import scala.Tuple2;

/**
 * {@code tacit spark}: the private co-occurrence model, its evaluation, the central MLlib baseline,
 * the local-DP item frequencies and the population planner over an interaction log, on Spark.
 */
@Command(
    name = "spark",
    mixinStandardHelpOptions = true,
    description = {
      "Trains the private co-occurrence model over an interaction log on Apache Spark: every user's"
          + " clipped contribution is computed by the device code in the executors, the sums are"
          + " added by Spark and noised once, and the model is evaluated on each user's held-out"
          + " items with the protocol of `tacit evaluate`, beside central iALS from Spark MLlib.",
      "The log's columns are given as to `tacit evaluate`; a Parquet log's by name (e.g."
          + " --user-column user --item-column item).",
      "Runs in local mode by default (--master local[*]); on a cluster, submit the job jar with"
          + " spark-submit (README, \"Scale-out\")."
    })
public final class SparkJob implements Callable<Integer> {
  @Option(
      names = "--data",
      required = true,
      description = "The log: a Parquet file or folder, or a delimited text file.")
  String data;

  @Option(
      names = "--format",
      defaultValue = "auto",
      description = "auto (Parquet by extension), parquet, or csv (see --delimiter).")
  String format;

  /** The column options of {@code tacit evaluate} and {@code tacit simulate}. */
  @CommandLine.Mixin LogColumns columns = new LogColumns();

  @Option(
      names = "--test-fraction",
      defaultValue = "0.2",
      description = "The fraction of each user's items held out.")
  double testFraction;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the split and the devices.")
  long seed;

  @Option(
      names = "--epsilon",
      defaultValue = "8",
      description = "ε of the model's two releases together (inf: no noise).")
  String epsilon;

  @Option(names = "--delta", defaultValue = "1e-5", description = "δ.")
  double delta;

  @Option(
      names = "--popularity-share",
      defaultValue = "0.05",
      description = "The share of the budget (in RDP) spent on the popularity release.")
  double popularityShare;

  @Option(
      names = "--max-head",
      defaultValue = "1000",
      description = "The most items in the co-occurrence release (N(N+1)/2 entries per device).")
  int maxHead;

  @Option(
      names = "--noise",
      defaultValue = "once",
      description =
          "once: the sum of the devices' noise drawn once on the driver; devices: each device's"
              + " share drawn in its executor, as a real fleet.")
  String noise;

  @Option(
      names = "--master",
      description =
          "Spark master URL (default: the one spark-submit sets, else local[*], every core).")
  String master;

  @Option(names = "--no-baseline", description = "Skip the central MLlib iALS baseline.")
  boolean noBaseline;

  @Option(names = "--factors", defaultValue = "64", description = "Baseline iALS factors.")
  int factors;

  @Option(
      names = "--ldp-epsilon",
      defaultValue = "0",
      description = "ε of the local-DP item frequencies (0: skip).")
  double ldpEpsilon;

  @Option(
      names = "--analytics-budget",
      defaultValue = "10",
      description = "The analytics ledger's ε (at δ = 1e-5) the local-DP release is charged to.")
  double analyticsBudget;

  @Option(
      names = "--plan-sizes",
      split = ",",
      description = "Population planner: user counts to subsample, e.g. 1000,10000,100000.")
  List<Integer> planSizes = new ArrayList<>();

  @Option(names = "--out", description = "Write the JSON report here (and Markdown beside it).")
  Path out;

  @Option(names = "--model-out", description = "Write the private model (JSON) here.")
  Path modelOut;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line; exits with its status. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SparkJob()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    double eps = "inf".equalsIgnoreCase(epsilon) ? Double.POSITIVE_INFINITY : parse(epsilon);
    PrivateSettings.NoiseDraw draw =
        switch (noise.toLowerCase(Locale.ROOT)) {
          case "once" -> PrivateSettings.NoiseDraw.ONCE;
          case "devices" -> PrivateSettings.NoiseDraw.DEVICES;
          default ->
              throw new CommandLine.ParameterException(
                  spec.commandLine(), "--noise must be once or devices, was " + noise);
        };
    PrivateSettings settings;
    LogOptions log;
    try {
      settings =
          PrivateSettings.defaults(eps, seed)
              .withNoise(draw)
              .withCooccurrence(
                  CooccurrenceConfig.defaults()
                      .withPopularityShare(popularityShare)
                      .withMaxHead(maxHead))
              .withDelta(delta);
      log =
          new LogOptions(
              data,
              format,
              columns.delimiter(),
              columns.header(),
              columns.userColumn(),
              columns.itemColumn());
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e, null, data);
    }
    boolean shared = SparkSession.getDefaultSession().isDefined();
    SparkSession spark = session(master);
    try {
      run(spark, log, settings, o);
    } finally {
      if (!shared) { // a session the caller made is the caller's to stop
        spark.stop();
      }
    }
    return 0;
  }

  private double parse(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--epsilon must be a number or inf, was " + text);
    }
  }

  /**
   * A Spark session for the job: {@code master}, or the one spark-submit set, or every local core;
   * in local mode no UI and few shuffle partitions.
   */
  public static SparkSession session(String master) {
    SparkSession.Builder b = SparkSession.builder().appName("tacit-spark");
    String submitted = System.getProperty("spark.master");
    String m = master != null ? master : submitted != null ? submitted : "local[*]";
    if (master != null || submitted == null) {
      b.master(m);
    }
    if (m.startsWith("local")) {
      b.config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8");
    }
    SparkSession spark = b.getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    return spark;
  }

  private void run(SparkSession spark, LogOptions options, PrivateSettings settings, PrintWriter o)
      throws java.io.IOException {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    long t0 = System.nanoTime();
    InteractionLog log = InteractionLog.read(spark, options, testFraction, seed);
    double readSeconds = (System.nanoTime() - t0) / 1e9;
    o.printf(
        Locale.ROOT,
        "%s: %d users, %d items, %d interactions (read and split in %.1f s)%n",
        data,
        log.numUsers(),
        log.numItems(),
        log.interactions(),
        readSeconds);
    o.flush();
    int numItems = log.numItems();
    Broadcast<int[]> counts = sc.broadcast(trainCounts(log));
    RandomSource noiseRandom = RandomSource.secure();
    String splitName = "random-holdout-" + testFraction + "-seed-" + seed + " (per user)";

    PrivateCooccurrence.Result r =
        PrivateCooccurrence.run(sc, log.users(), numItems, settings, noiseRandom);
    FoldResult fold =
        DistributedEvaluation.evaluate(
            log.users().map(u -> new Tuple2<>(u, (float[]) null)),
            Scorers.cooccurrence(r.model()),
            numItems,
            counts,
            splitName);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("algorithm", "cooccurrence");
    extra.put("epsilon", finite(r.epsilon()));
    extra.put("ledger_epsilon", finite(r.ledgerEpsilon()));
    extra.put("delta", settings.delta());
    extra.put("rounds", 2);
    extra.put("noise_multiplier", settings.noiseMultiplier());
    extra.put("popularity_noise_multiplier", settings.releases().popularity().noiseMultiplier());
    extra.put(
        "cooccurrence_noise_multiplier", settings.releases().cooccurrence().noiseMultiplier());
    extra.put("ledger", ledger(r.ledger()));
    extra.put("model", r.model().provenance());
    List<ModelReport> models = new ArrayList<>();
    models.add(
        DistributedEvaluation.report("federated", settings.asMap(), fold, r.wallSeconds(), extra));
    o.printf(
        Locale.ROOT,
        "private co-occurrence: epsilon = %s, head %d, rank %d, trained in %.1f s%n",
        finite(r.epsilon()),
        r.model().head().size(),
        r.model().rank(),
        r.wallSeconds());
    o.flush();
    if (!noBaseline) {
      models.add(
          new AlsBaseline(factors, 10, 0.1, 1.0)
              .run(spark, log.users(), numItems, counts, seed, splitName));
    }
    Map<String, Object> protocol = new LinkedHashMap<>();
    protocol.put("split", "random");
    protocol.put("test_fraction", testFraction);
    protocol.put("seed", seed);
    protocol.put("split_rule", "tacit-core's random holdout per user, seeded by the user's id");
    protocol.put("relevance", "binary, every interaction");
    protocol.put("ranking", "all items, training items excluded");
    protocol.put("engine", "spark " + spark.version() + ", master " + sc.master());
    if (ldpEpsilon > 0) {
      LdpAnalytics.Result ldp =
          LdpAnalytics.run(
              log.users(),
              numItems,
              ldpEpsilon,
              new dev.tacit.privacy.budget.PrivacyBudget(analyticsBudget, 1e-5),
              seed);
      protocol.put("ldp_item_frequencies", ldp.asMap());
      o.printf(
          Locale.ROOT,
          "local-DP item frequencies (%s, epsilon = %s): %d reports, RMSE %.1f, top-10 overlap"
              + " %.2f%n",
          ldp.oracle(),
          ldp.epsilon(),
          ldp.reports(),
          ldp.rmse(),
          ldp.topOverlap());
    }
    if (!planSizes.isEmpty()) {
      List<Object> rows = new ArrayList<>();
      o.println("population planner (users, epsilon, NDCG@10, recall@20):");
      for (PopulationPlanner.Row row :
          PopulationPlanner.run(
              sc,
              log.users(),
              log.numUsers(),
              numItems,
              planSizes,
              settings,
              counts,
              noiseRandom)) {
        rows.add(row.asMap());
        o.printf(
            Locale.ROOT,
            "  %10d  %s  %.4f  %.4f%n",
            row.users(),
            finite(row.epsilon()),
            row.ndcg(),
            row.recall());
      }
      protocol.put("population_planner", rows);
    }
    EvaluationReport report = new EvaluationReport(data, protocol, models);
    o.println();
    o.print(report.toTable());
    if (out != null) {
      Files.writeString(out, report.toJson());
      String name = out.getFileName().toString();
      Path md =
          out.resolveSibling(
              (name.endsWith(".json") ? name.substring(0, name.length() - 5) : name) + ".md");
      Files.writeString(md, report.toMarkdown());
      o.printf("wrote %s and %s%n", out, md);
    }
    if (modelOut != null) {
      Files.writeString(modelOut, modelJson(r.model(), log.itemIds()));
      o.printf("wrote %s%n", modelOut);
    }
    o.flush();
  }

  /** Every item's number of training interactions. */
  static int[] trainCounts(InteractionLog log) {
    int n = log.numItems();
    return log.users()
        .treeAggregate(
            new int[n],
            (acc, u) -> {
              for (int i : u.train()) {
                acc[i]++;
              }
              return acc;
            },
            (a, b) -> {
              for (int i = 0; i < n; i++) {
                a[i] += b[i];
              }
              return a;
            },
            2);
  }

  static Object finite(double v) {
    return Double.isInfinite(v) ? "inf" : v;
  }

  static List<Object> ledger(List<Spend> spends) {
    List<Object> out = new ArrayList<>();
    for (Spend s : spends) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("sequence", s.sequence());
      m.put("purpose", s.purpose().name().toLowerCase(Locale.ROOT));
      m.put("event", s.event().toString());
      m.put("description", s.description());
      out.add(m);
    }
    return out;
  }

  /** The model as JSON: the item ids, the released popularity, the head and the factored EASE. */
  static String modelJson(CooccurrenceModel model, List<String> itemIds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", "tacit-cooccurrence-model/1");
    m.put("provenance", model.provenance());
    m.put("item_ids", itemIds);
    m.put("popularity", model.head().popularity());
    m.put("head", model.head().items());
    m.put("lambda", model.lambda());
    m.put("eigenvalues", model.eigenvalues());
    m.put("vectors", model.vectors());
    return Json.write(m);
  }
}
