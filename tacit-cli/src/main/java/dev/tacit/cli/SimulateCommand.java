package dev.tacit.cli;

import dev.tacit.cli.text.Wording;
import dev.tacit.core.data.Dataset;
import dev.tacit.core.report.EvaluationReport;
import dev.tacit.core.report.Json;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.split.Split;
import dev.tacit.federated.server.CohortSampler;
import dev.tacit.sim.Algorithm;
import dev.tacit.sim.CurveChart;
import dev.tacit.sim.EpsilonSweep;
import dev.tacit.sim.Experiment;
import dev.tacit.sim.FederatedRun;
import dev.tacit.sim.PopulationStudy;
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
import java.util.Optional;
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

  @CommandLine.Mixin SimulationOptions sim = new SimulationOptions();

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
    Optional<Dataset> read = input.readAndReport(spec.commandLine(), "users (devices)");
    if (read.isEmpty()) {
      return 1;
    }
    Dataset ds = read.get();
    Map<String, Object> protocol = new LinkedHashMap<>();
    List<Split> splits = input.splits(spec.commandLine(), ds, sim.seed, protocol);
    protocol.put("relevance", "binary, every interaction");
    protocol.put("ranking", "all items, training items excluded");
    protocol.put("user_factors", "on-device fold-in from the training items");
    o.flush();
    ProgressBar bar = new ProgressBar(System.err);
    List<ModelReport> refs =
        Experiment.references(splits, ds.userAttributes(), sim.federated(), sim.seed, bar);
    if (sweep != null) {
      return sweep(o, ds, protocol, splits, refs, bar);
    }
    SimulationConfig config = config(sim.epsilon == null ? Double.POSITIVE_INFINITY : sim.epsilon);
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
            ? SimulationSummary.cooccurrenceSummary(config, fed)
            : SimulationSummary.summary(config, fed, runs));
    write(o, report.toJson(), report.toMarkdown());
    o.flush();
    return 0;
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
    protocol.put("delta", sim.delta);
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
                Wording.sci(sim.delta)),
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
    double eps = sim.epsilon == null ? 8 : sim.epsilon;
    PopulationStudy.Result result =
        PopulationStudy.run(
            population,
            items,
            users -> {
              SimulationConfig.Builder b = builder(eps);
              if (sim.cohort == null && sim.samplingRate == null) {
                b.sampler(CohortSampler.poisson(Math.min(1, 2000.0 / users)));
              }
              return b.build();
            },
            targetQuality,
            sim.seed,
            new ProgressBar(System.err));
    o.println();
    o.print(result.toMarkdown());
    o.println(result.answer());
    String md = "# Users needed\n\n" + result.toMarkdown() + "\n" + result.answer() + "\n";
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("epsilon", Double.isInfinite(eps) ? "inf" : eps);
    json.put("delta", sim.delta);
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
    return sim.builder(eps, algorithm, spec.commandLine());
  }

  private void validate() {
    CommandLine cl = spec.commandLine();
    if (sim.epsilon != null && sim.noiseMultiplier != null) {
      throw new CommandLine.ParameterException(
          cl, "give --epsilon or --noise-multiplier, not both");
    }
    if (sweep != null && (sim.epsilon != null || sim.noiseMultiplier != null)) {
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
    sim.validate(cl);
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
