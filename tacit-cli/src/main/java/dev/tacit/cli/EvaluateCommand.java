package dev.tacit.cli;

import dev.tacit.core.data.Dataset;
import dev.tacit.core.eval.Evaluation;
import dev.tacit.core.model.Ease;
import dev.tacit.core.model.Trainer;
import dev.tacit.core.report.EvaluationReport;
import dev.tacit.core.split.Split;
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

/** {@code tacit evaluate}: trains and scores recommenders with the evaluation protocol. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Trains and scores recommenders on a dataset with the protocol of DESIGN.md: implicit"
          + " feedback, full ranking over all items with the user's training items excluded,"
          + " every user with a test item, binary relevance.",
      "Prints one table (mean ± sample std over folds or repetitions, with training and scoring"
          + " times) and writes a JSON report with --out.",
      "EASE solves a dense items x items system: before training, it prints the heap and time"
          + " that will take (timed by a short calibration) and refuses when the heap is too small;"
          + " the progress line then follows its Gram matrix and inverse, with the time left."
    })
final class EvaluateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin DataOptions input = new DataOptions();

  @Option(names = "--seed", defaultValue = "42", description = "Seed of splits and models.")
  long seed;

  @Option(
      names = "--models",
      defaultValue = "pop,itemknn,ials,ease",
      split = ",",
      description = "Models to run: ${COMPLETION-CANDIDATES}.",
      completionCandidates = Models.Names.class)
  List<String> models;

  @Option(names = "--factors", defaultValue = "64", description = "iALS latent factors (k).")
  int factors;

  @Option(names = "--out", description = "Write the JSON report here (and Markdown beside it).")
  Path out;

  @Override
  public Integer call() throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    List<Trainer> trainers = new ArrayList<>();
    for (String m : models) {
      trainers.add(Models.trainer(spec.commandLine(), m.trim(), factors, seed));
    }
    input.requireData(spec.commandLine(), "--data is required");
    Optional<Dataset> read = input.readAndReport(spec.commandLine(), "users");
    if (read.isEmpty()) {
      return 1;
    }
    Dataset ds = read.get();
    Map<String, Object> protocol = new LinkedHashMap<>();
    List<Split> splits = input.splits(spec.commandLine(), ds, seed, protocol);
    protocol.put("relevance", "binary, every interaction");
    protocol.put("ranking", "all items, training items excluded");
    for (Trainer trainer : trainers) { // a dense solve: say up front what it will take
      if (trainer instanceof Ease ease) {
        Ease.Estimate estimate = ease.estimate(splits.get(0).train());
        o.println(estimate.describe());
        try {
          Ease.requireHeap(estimate.items());
        } catch (IllegalStateException e) {
          o.flush();
          spec.commandLine().getErr().println("error: " + e.getMessage());
          return 1;
        }
      }
    }
    o.flush();
    EvaluationReport report =
        Evaluation.run(
            ds.name(),
            protocol,
            splits,
            trainers,
            ds.userAttributes(),
            new ProgressBar(System.err));
    o.println();
    o.print(report.toTable());
    if (!ds.userAttributes().names().isEmpty()) {
      o.println();
      o.print(groupLines(report));
    }
    if (out != null) {
      Files.writeString(out, report.toJson());
      Path md = markdownPath(out);
      Files.writeString(md, report.toMarkdown());
      o.printf("wrote %s and %s%n", out, md);
    }
    o.flush();
    return 0;
  }

  static Path markdownPath(Path json) {
    String name = json.getFileName().toString();
    String base = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return json.resolveSibling(base + ".md");
  }

  private static String groupLines(EvaluationReport report) {
    StringBuilder sb = new StringBuilder("NDCG@10 by group (mean over splits):\n");
    report
        .models()
        .forEach(
            m ->
                m.groups()
                    .forEach(
                        (attr, byGroup) -> {
                          sb.append(String.format(Locale.ROOT, "  %-8s %-7s", m.name(), attr));
                          byGroup.forEach(
                              (g, s) ->
                                  sb.append(String.format(Locale.ROOT, " %s=%.4f", g, s.mean())));
                          sb.append('\n');
                        }));
    return sb.toString();
  }
}
