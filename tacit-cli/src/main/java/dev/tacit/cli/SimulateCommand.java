package dev.tacit.cli;

import dev.tacit.core.data.Dataset;
import dev.tacit.core.io.MalformedInputException;
import dev.tacit.core.io.ReadResult;
import dev.tacit.core.report.EvaluationReport;
import dev.tacit.core.report.Json;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.split.Split;
import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.cooccurrence.CooccurrenceConfig;
import dev.tacit.federated.server.CohortSampler;
import dev.tacit.sim.Algorithm;
import dev.tacit.sim.CurveChart;
import dev.tacit.sim.EpsilonSweep;
import dev.tacit.sim.Experiment;
import dev.tacit.sim.FederatedRun;
import dev.tacit.sim.PopulationStudy;
import dev.tacit.sim.SecAggMode;
import dev.tacit.sim.SimulationConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tacit simulate}: federated training with every user of a dataset as a device, in one
 * process; or the privacy-utility curve ({@code --sweep-epsilon}); or the population study ({@code
 * --population}).
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates federated training: every user of the dataset is a device that computes its"
          + " clipped, quantized and noised update on its own training items; the updates are"
          + " added by real SecAgg+ (--secagg real) or by the bit-identical unmasked sum (sum, the"
          + " default, for speed). The final model is scored with the protocol of `tacit"
          + " evaluate`, beside central iALS of the same k and MostPopular.",
      "--model chooses the algorithm: ials (federated iALS, the default) or cooccurrence (two"
          + " noised releases, item popularity then the co-occurrence of the head items, and a"
          + " closed-form EASE; its head size, rank and ridge follow from the noise).",
      "--sweep-epsilon draws the privacy-utility curve (PNG, SVG and a table);"
          + " --population shows how quality at a fixed epsilon grows with the number of users"
          + " on synthetic data."
    })
final class SimulateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin DataOptions input = new DataOptions();

  @Option(
      names = "--model",
      split = ",",
      defaultValue = "ials",
      description =
          "The federated algorithm: ials (federated iALS, many noised rounds; the default) or"
              + " cooccurrence (the private item co-occurrence model: two noised releases and a"
              + " closed-form EASE). With --sweep-epsilon, a list draws each on the same chart,"
              + " e.g. cooccurrence,ials. The report's entry stays named `federated`, with the"
              + " algorithm recorded beside it.")
  List<String> model;

  @Option(
      names = "--popularity-share",
      description =
          "cooccurrence: the share of the privacy budget (in RDP) spent on the popularity release"
              + " (default 0.05).")
  Double popularityShare;

  @Option(names = "--rounds", description = "Rounds (default 100 without noise, tuned with it).")
  Integer rounds;

  @Option(names = "--cohort", description = "A fixed-size cohort of B devices per round.")
  Integer cohort;

  @Option(
      names = "--sampling-rate",
      description = "Poisson sampling: each device takes part with probability q (default 1).")
  Double samplingRate;

  @Option(
      names = "--epsilon",
      description = "Target epsilon: the noise is calibrated to it and it is the budget.")
  Double epsilon;

  @Option(
      names = "--noise-multiplier",
      description = "A fixed noise multiplier instead of --epsilon.")
  Double noiseMultiplier;

  @Option(names = "--delta", defaultValue = "1e-5", description = "Delta (default 1e-5).")
  double delta;

  @Option(
      names = "--dropout",
      defaultValue = "0",
      description = "Probability that a device drops out of a round (default 0).")
  double dropout;

  @Option(
      names = "--min-survivors",
      description = "Fraction of the cohort the noise is scaled for (default max(0.5, 1-2p)).")
  Double minSurvivors;

  @Option(
      names = "--colluding-fraction",
      defaultValue = "0.2",
      description =
          "Fraction kappa of the devices counted in a round that may add no noise (collude with"
              + " the server) while epsilon still holds; each device's noise grows by about"
              + " sqrt(1/(1-kappa)) (default 0.2).")
  double colludingFraction;

  @Option(
      names = "--secagg",
      defaultValue = "sum",
      description = "real (the SecAgg+ protocol every round) or sum (default).")
  String secAgg;

  @Option(
      names = "--secagg-cohort",
      defaultValue = "0",
      description =
          "cooccurrence: the most devices in one SecAgg+ session; a larger population is shuffled"
              + " into cohorts whose sums the server adds, each device's noise share sized for"
              + " the whole population (default 0: one session).")
  int secAggCohort;

  @Option(names = "--factors", defaultValue = "32", description = "Latent factors k.")
  int factors;

  @Option(names = "--clip", description = "L2 clip norm (default 50 without noise, tuned with).")
  Double clip;

  @Option(names = "--learning-rate", description = "FedAdam learning rate (default 0.05).")
  Double learningRate;

  @Option(
      names = "--eval-every",
      defaultValue = "0",
      description = "Score NDCG@10 every N rounds (default: only at the end).")
  int evalEvery;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of the simulation.")
  long seed;

  @Option(
      names = "--sweep-epsilon",
      split = ",",
      description = "Run once per epsilon (inf for no noise), e.g. inf,16,8,4,2,1.")
  List<String> sweep;

  @Option(
      names = "--population",
      split = ",",
      description = "Synthetic population sizes, e.g. 1000,5000,20000.")
  List<Integer> population;

  @Option(
      names = "--items",
      defaultValue = "500",
      description = "--population: items of the synthetic data.")
  int items;

  @Option(
      names = "--target-quality",
      defaultValue = "0.9",
      description = "--population: the quality asked for, as a fraction of central NDCG@10.")
  double targetQuality;

  @Option(names = "--out", description = "Write the JSON report here (and Markdown beside it).")
  Path out;

  @Override
  public Integer call() throws IOException {
    validate();
    if (population != null) {
      return population();
    }
    PrintWriter o = spec.commandLine().getOut();
    Dataset ds;
    try {
      ReadResult read = input.read(spec.commandLine());
      ds = read.dataset();
      if (!read.layout().isEmpty()) {
        o.println(input.data + ": " + read.layout());
      }
      if (read.skippedLines() > 0) {
        o.printf(Locale.ROOT, "skipped %d malformed lines%n", read.skippedLines());
      }
    } catch (MalformedInputException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      spec.commandLine().getErr().println("(use --lenient to skip malformed lines)");
      return 1;
    }
    o.printf(
        Locale.ROOT,
        "%s: %d users (devices), %d items, %d interactions%n",
        ds.name(),
        ds.interactions().numUsers(),
        ds.interactions().numItems(),
        ds.interactions().size());
    Map<String, Object> protocol = new LinkedHashMap<>();
    List<Split> splits = input.splits(spec.commandLine(), ds, seed, protocol);
    protocol.put("relevance", "binary, every interaction");
    protocol.put("ranking", "all items, training items excluded");
    protocol.put("user_factors", "on-device fold-in from the training items");
    o.flush();
    ProgressBar bar = new ProgressBar(System.err);
    List<ModelReport> refs =
        Experiment.references(splits, ds.userAttributes(), federated(), seed, bar);
    if (sweep != null) {
      return sweep(o, ds, protocol, splits, refs, bar);
    }
    SimulationConfig config = config(epsilon == null ? Double.POSITIVE_INFINITY : epsilon);
    List<FederatedRun> runs = new ArrayList<>();
    ModelReport fed = Experiment.federated(splits, ds.userAttributes(), config, bar, runs);
    List<ModelReport> models = new ArrayList<>();
    models.add(fed);
    models.addAll(refs);
    EvaluationReport report = new EvaluationReport(ds.name(), protocol, models);
    o.println();
    o.print(report.toTable());
    o.println();
    o.print(
        config.algorithm() == Algorithm.COOCCURRENCE
            ? cooccurrenceSummary(config, fed)
            : summary(config, fed, runs));
    write(o, report.toJson(), report.toMarkdown());
    o.flush();
    return 0;
  }

  private String summary(SimulationConfig config, ModelReport fed, List<FederatedRun> runs) {
    Map<String, Object> x = fed.extra();
    FederatedRun first = runs.get(0);
    double wall = runs.stream().mapToDouble(FederatedRun::wallSeconds).sum();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "federated: epsilon = %s (delta = %s), %s rounds (%s aborted), noise multiplier %.4f,"
                + " clip %s, secagg %s%s%n",
            x.get("epsilon") instanceof Number n
                ? String.format(Locale.ROOT, "%.4f", n.doubleValue())
                : "inf",
            Wording.sci(config.delta()),
            x.get("rounds"),
            x.get("aborted_rounds"),
            first.noiseMultiplier(),
            config.clipNorm(),
            config.secAgg().name().toLowerCase(Locale.ROOT),
            first.stoppedAtBudget() ? "; stopped at the budget" : ""));
    sb.append(
        String.format(
            Locale.ROOT,
            "wall time %.1f s over %d split(s), %.3f s per round; bytes per device per round: %d"
                + "%s%n",
            wall,
            runs.size(),
            ((Number) x.get("mean_round_seconds")).doubleValue(),
            ((Number) x.get("bytes_per_device_per_round")).longValue(),
            config.secAgg() == SecAggMode.REAL
                ? " (measured, all four SecAgg+ messages)"
                : " (the masked vector only; --secagg real measures every message)"));
    return sb.toString();
  }

  private String cooccurrenceSummary(SimulationConfig config, ModelReport fed) {
    Map<String, Object> x = fed.extra();
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "federated (cooccurrence): epsilon = %s (delta = %s), 2 releases, noise multipliers"
                + " %.4f (popularity) and %.4f (co-occurrence), secagg %s%n",
            x.get("epsilon") instanceof Number n
                ? String.format(Locale.ROOT, "%.4f", n.doubleValue())
                : "inf",
            Wording.sci(config.delta()),
            ((Number) x.get("popularity_noise_multiplier")).doubleValue(),
            ((Number) x.get("cooccurrence_noise_multiplier")).doubleValue(),
            config.secAgg().name().toLowerCase(Locale.ROOT)));
    for (Object o : (List<?>) x.get("models")) {
      Map<?, ?> m = (Map<?, ?>) o;
      sb.append(
          String.format(
              Locale.ROOT,
              "  %s: head N = %s, rank r = %s, lambda = %.2f (noise sigma %.4f per entry)%s%n",
              m.get("split"),
              m.get("head_size"),
              m.get("rank"),
              ((Number) m.get("lambda")).doubleValue(),
              ((Number) m.get("noise_sigma")).doubleValue(),
              ((Number) m.get("secagg_sessions_per_release")).intValue() > 1
                  ? String.format(
                      Locale.ROOT,
                      "; %s SecAgg+ cohorts per release, %s aborted; epsilon against a server"
                          + " that keeps the cohort sums %s",
                      m.get("secagg_sessions_per_release"),
                      m.get("aborted_sessions"),
                      m.get("epsilon_against_cohort_sums") instanceof Number e
                          ? String.format(Locale.ROOT, "%.2f", e.doubleValue())
                          : "inf")
                  : ""));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "bytes per device per release: %d%s%n",
            ((Number) x.get("bytes_per_device_per_round")).longValue(),
            config.secAgg() == SecAggMode.REAL
                ? " (measured, all four SecAgg+ messages)"
                : " (the masked vector only; --secagg real measures every message)"));
    return sb.toString();
  }

  private int sweep(
      PrintWriter o,
      Dataset ds,
      Map<String, Object> protocol,
      List<Split> splits,
      List<ModelReport> refs,
      ProgressBar bar)
      throws IOException {
    List<Double> eps = new ArrayList<>();
    for (String s : sweep) {
      eps.add(parseEpsilon(s));
    }
    List<EpsilonSweep.Point> points = new ArrayList<>();
    for (String m : model) {
      Algorithm algorithm = Algorithm.parse(m);
      points.addAll(
          EpsilonSweep.run(
                  eps, e -> builder(e, algorithm).build(), splits, ds.userAttributes(), refs, bar)
              .points());
    }
    EpsilonSweep.Result result = new EpsilonSweep.Result(points, refs);
    o.println();
    o.print(result.toMarkdown());
    List<ModelReport> models = new ArrayList<>();
    for (EpsilonSweep.Point p : result.points()) {
      ModelReport r = p.report();
      models.add(
          new ModelReport(
              Experiment.FEDERATED
                  + (model.size() > 1 ? " (" + p.algorithm() + ")" : "")
                  + " eps="
                  + (Double.isInfinite(p.epsilon()) ? "inf" : EpsilonSweep.label(p.epsilon())),
              r.params(),
              r.metrics(),
              r.groups(),
              r.trainSeconds(),
              r.scoreSeconds(),
              r.extra()));
    }
    models.addAll(refs);
    protocol.put("delta", delta);
    EvaluationReport report = new EvaluationReport(ds.name(), protocol, models);
    Path json = out != null ? out : Path.of("tacit-sweep.json");
    Path base = json.resolveSibling(baseName(json) + "-curve");
    List<Path> charts =
        CurveChart.write(
            result,
            String.format(
                Locale.ROOT,
                "%s: NDCG@10 against epsilon (delta = %s)",
                ds.name(),
                Wording.sci(delta)),
            base);
    Path table = base.resolveSibling(base.getFileName() + ".md");
    Files.writeString(table, result.toMarkdown());
    Path tableJson = base.resolveSibling(base.getFileName() + ".json");
    Files.writeString(tableJson, Json.write(result.toJsonRows()));
    o.printf("wrote %s, %s, %s and %s%n", charts.get(0), charts.get(1), table, tableJson);
    out = json;
    write(
        o,
        report.toJson(),
        "# Privacy-utility curve\n\n" + result.toMarkdown() + "\n" + report.toMarkdown());
    return 0;
  }

  private int population() throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    double eps = epsilon == null ? 8 : epsilon;
    PopulationStudy.Result result =
        PopulationStudy.run(
            population,
            items,
            users -> {
              SimulationConfig.Builder b = builder(eps);
              if (cohort == null && samplingRate == null) {
                b.sampler(CohortSampler.poisson(Math.min(1, 2000.0 / users)));
              }
              return b.build();
            },
            targetQuality,
            seed,
            new ProgressBar(System.err));
    o.println();
    o.print(result.toMarkdown());
    o.println(result.answer());
    String md = "# Users needed\n\n" + result.toMarkdown() + "\n" + result.answer() + "\n";
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("epsilon", Double.isInfinite(eps) ? "inf" : eps);
    json.put("delta", delta);
    json.put("target", targetQuality);
    json.put("users_needed", result.usersNeeded());
    json.put("answer", result.answer());
    List<Map<String, Object>> pts = new ArrayList<>();
    for (PopulationStudy.Point p : result.points()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("users", p.users());
      m.put("sampling_rate", p.samplingRate());
      m.put("noise_multiplier", p.noiseMultiplier());
      m.put("epsilon", p.epsilon());
      m.put("federated_ndcg@10", p.federatedNdcg());
      m.put("central_ndcg@10", p.centralNdcg());
      m.put("ratio", p.ratio());
      m.put("mostpopular_ndcg@10", p.popularNdcg());
      pts.add(m);
    }
    json.put("points", pts);
    write(o, Json.write(json), md);
    o.flush();
    return 0;
  }

  private void write(PrintWriter o, String json, String markdown) throws IOException {
    if (out == null) {
      return;
    }
    Files.writeString(out, json);
    Path md = EvaluateCommand.markdownPath(out);
    Files.writeString(md, markdown);
    o.printf("wrote %s and %s%n", out, md);
  }

  private static String baseName(Path json) {
    String name = json.getFileName().toString();
    return name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
  }

  private FederatedConfig federated() {
    FederatedConfig f = FederatedConfig.defaults().withFactors(factors).withSeed(seed);
    if (learningRate != null) {
      f = f.withOptimizer(f.optimizer(), learningRate);
    }
    return f;
  }

  private SimulationConfig config(double eps) {
    return builder(eps).build();
  }

  private Algorithm algorithm() {
    return Algorithm.parse(model.get(0));
  }

  private SimulationConfig.Builder builder(double eps) {
    return builder(eps, algorithm());
  }

  private SimulationConfig.Builder builder(double eps, Algorithm algorithm) {
    SimulationConfig.Builder b =
        SimulationConfig.tunedFor(noiseMultiplier != null ? Double.POSITIVE_INFINITY : eps)
            .federated(federated())
            .delta(delta)
            .dropout(dropout)
            .evalEvery(evalEvery)
            .seed(seed)
            .algorithm(algorithm)
            .secAgg(
                "real".equals(secAgg.toLowerCase(Locale.ROOT)) ? SecAggMode.REAL : SecAggMode.SUM);
    if (noiseMultiplier != null) {
      b.noiseMultiplier(noiseMultiplier)
          .clipNorm(SimulationConfig.NOISE_CLIP)
          .rounds(SimulationConfig.NOISE_ROUNDS);
    }
    if (rounds != null) {
      b.rounds(rounds);
    }
    if (clip != null) {
      b.clipNorm(clip);
    }
    if (minSurvivors != null) {
      b.minSurvivorFraction(minSurvivors);
    }
    b.colludingFraction(colludingFraction);
    b.maxCohortSize(secAggCohort);
    if (popularityShare != null) {
      b.cooccurrence(CooccurrenceConfig.defaults().withPopularityShare(popularityShare));
    }
    if (cohort != null) {
      b.sampler(CohortSampler.fixedSize(cohort));
    } else if (samplingRate != null) {
      b.sampler(CohortSampler.poisson(samplingRate));
    }
    try {
      b.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    return b;
  }

  private void validate() {
    CommandLine cl = spec.commandLine();
    if (epsilon != null && noiseMultiplier != null) {
      throw new CommandLine.ParameterException(
          cl, "give --epsilon or --noise-multiplier, not both");
    }
    if (sweep != null && (epsilon != null || noiseMultiplier != null)) {
      throw new CommandLine.ParameterException(
          cl, "--sweep-epsilon sets epsilon itself: drop --epsilon and --noise-multiplier");
    }
    if (sweep != null && population != null) {
      throw new CommandLine.ParameterException(
          cl, "give --sweep-epsilon or --population, not both");
    }
    if (model.isEmpty()) {
      throw new CommandLine.ParameterException(cl, "--model needs a value: cooccurrence or ials");
    }
    for (String m : model) {
      try {
        Algorithm.parse(m);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(cl, "--model: " + e.getMessage());
      }
    }
    if (model.size() > 1 && sweep == null) {
      throw new CommandLine.ParameterException(
          cl, "--model takes one algorithm, except with --sweep-epsilon; was " + model);
    }
    if (population != null && algorithm() != Algorithm.IALS) {
      throw new CommandLine.ParameterException(cl, "--population studies federated iALS only");
    }
    if (popularityShare != null && !(popularityShare > 0 && popularityShare < 1)) {
      throw new CommandLine.ParameterException(
          cl, "--popularity-share must be in (0, 1), was " + popularityShare);
    }
    if (cohort != null && samplingRate != null) {
      throw new CommandLine.ParameterException(cl, "give --cohort or --sampling-rate, not both");
    }
    if (epsilon != null && !(epsilon > 0)) {
      throw new CommandLine.ParameterException(cl, "--epsilon must be > 0, was " + epsilon);
    }
    if (noiseMultiplier != null && !(noiseMultiplier >= 0 && Double.isFinite(noiseMultiplier))) {
      throw new CommandLine.ParameterException(
          cl, "--noise-multiplier must be >= 0 and finite, was " + noiseMultiplier);
    }
    if (!(delta > 0 && delta < 1)) {
      throw new CommandLine.ParameterException(cl, "--delta must be in (0, 1), was " + delta);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new CommandLine.ParameterException(cl, "--dropout must be in [0, 1), was " + dropout);
    }
    if (rounds != null && rounds < 1) {
      throw new CommandLine.ParameterException(cl, "--rounds must be >= 1, was " + rounds);
    }
    if (cohort != null && cohort < 3) {
      throw new CommandLine.ParameterException(
          cl, "--cohort must be >= 3 (secure aggregation needs 3 devices), was " + cohort);
    }
    if (samplingRate != null && !(samplingRate > 0 && samplingRate <= 1)) {
      throw new CommandLine.ParameterException(
          cl, "--sampling-rate must be in (0, 1], was " + samplingRate);
    }
    if (minSurvivors != null && !(minSurvivors > 0 && minSurvivors <= 1)) {
      throw new CommandLine.ParameterException(
          cl, "--min-survivors must be in (0, 1], was " + minSurvivors);
    }
    if (!(colludingFraction >= 0 && colludingFraction < 1)) {
      throw new CommandLine.ParameterException(
          cl, "--colluding-fraction must be in [0, 1), was " + colludingFraction);
    }
    String mode = secAgg.toLowerCase(Locale.ROOT);
    if (!mode.equals("real") && !mode.equals("sum")) {
      throw new CommandLine.ParameterException(cl, "--secagg must be real or sum, was " + secAgg);
    }
    if (secAggCohort != 0 && secAggCohort < 3) {
      throw new CommandLine.ParameterException(
          cl, "--secagg-cohort must be 0 (one session) or >= 3, was " + secAggCohort);
    }
    if (factors < 1 || factors > 1024) {
      throw new CommandLine.ParameterException(
          cl, "--factors must be in [1, 1024], was " + factors);
    }
    if (clip != null && !(clip > 0 && Double.isFinite(clip))) {
      throw new CommandLine.ParameterException(cl, "--clip must be > 0 and finite, was " + clip);
    }
    if (learningRate != null && !(learningRate > 0 && Double.isFinite(learningRate))) {
      throw new CommandLine.ParameterException(
          cl, "--learning-rate must be > 0 and finite, was " + learningRate);
    }
    if (evalEvery < 0) {
      throw new CommandLine.ParameterException(cl, "--eval-every must be >= 0, was " + evalEvery);
    }
    if (sweep != null) {
      if (sweep.isEmpty()) {
        throw new CommandLine.ParameterException(cl, "--sweep-epsilon needs at least one value");
      }
      sweep.forEach(this::parseEpsilon);
    }
    if (population != null) {
      for (int n : population) {
        if (n < 3) {
          throw new CommandLine.ParameterException(cl, "--population sizes must be >= 3, was " + n);
        }
      }
      if (items < 2) {
        throw new CommandLine.ParameterException(cl, "--items must be >= 2, was " + items);
      }
      if (!(targetQuality > 0)) {
        throw new CommandLine.ParameterException(
            cl, "--target-quality must be > 0, was " + targetQuality);
      }
    } else {
      input.requireData(cl, "--data is required (except with --population)");
    }
  }

  private double parseEpsilon(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    if (t.equals("inf") || t.equals("infinity") || t.equals("∞")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      double v = Double.parseDouble(t);
      if (v > 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through to the error
    }
    throw new CommandLine.ParameterException(
        spec.commandLine(), "--sweep-epsilon values must be > 0 or inf, was " + s);
  }
}
