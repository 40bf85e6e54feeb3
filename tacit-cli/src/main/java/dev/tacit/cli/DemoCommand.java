package dev.tacit.cli;

import dev.tacit.core.data.Dataset;
import dev.tacit.core.eval.Evaluation;
import dev.tacit.core.io.DatasetReader;
import dev.tacit.core.io.MovieLens100k;
import dev.tacit.core.io.ReadOptions;
import dev.tacit.core.model.Trainer;
import dev.tacit.core.report.EvaluationReport;
import dev.tacit.core.split.Split;
import dev.tacit.core.split.Splits;
import dev.tacit.core.synth.SyntheticConfig;
import dev.tacit.core.synth.SyntheticGenerator;
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
 * {@code tacit demo}: Tacit's main job on its embedded defaults. Until the server and the client
 * SDK exist it trains and scores the central recommenders, on a synthetic population by default.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs Tacit's main job on its embedded defaults.",
      "For now (the federated server and client arrive later) it evaluates the central"
          + " recommenders: on a synthetic population by default, or on a MovieLens folder with"
          + " --data."
    })
final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      description = "A MovieLens folder or ratings file instead of synthetic data.")
  Path data;

  @Option(names = "--users", defaultValue = "5000", description = "Synthetic users (default 5000).")
  int users;

  @Option(names = "--items", defaultValue = "2000", description = "Synthetic items (default 2000).")
  int items;

  @Option(
      names = "--seed",
      defaultValue = "7",
      description = "Seed of the data, the split and the models.")
  long seed;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    if (users < 10 || items < 10) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--users and --items must be >= 10, were " + users + " and " + items);
    }
    Dataset ds;
    List<Split> splits;
    Map<String, Object> protocol = new LinkedHashMap<>();
    if (data == null) {
      o.println(
          "tacit demo: the federated server and client SDK are not built yet, so this demo runs"
              + " the central evaluation on a SYNTHETIC population (no real data).");
      SyntheticConfig cfg = SyntheticConfig.of(users, items, seed);
      ds = SyntheticGenerator.generate(cfg);
      protocol.put("split", "random");
      protocol.put("test_fraction", 0.2);
      protocol.put("seed", seed);
      splits = List.of(Splits.randomHoldout(ds.interactions(), 0.2, seed));
    } else {
      if (!Files.exists(data)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--data: no such file or folder: " + data);
      }
      ds = DatasetReader.read(data, ReadOptions.STRICT).dataset();
      if (Files.exists(data.resolve("u1.base"))) {
        protocol.put("split", "folds");
        protocol.put("folds", new int[] {1, 2, 3, 4, 5});
        splits = MovieLens100k.folds(ds, data, ReadOptions.STRICT, 1, 2, 3, 4, 5);
      } else {
        protocol.put("split", "random");
        protocol.put("test_fraction", 0.2);
        splits = List.of(Splits.randomHoldout(ds.interactions(), 0.2, seed));
      }
    }
    o.printf(
        Locale.ROOT,
        "dataset %s: %d users, %d items, %d interactions%n",
        ds.name(),
        ds.interactions().numUsers(),
        ds.interactions().numItems(),
        ds.interactions().size());
    o.flush();
    List<Trainer> trainers = new ArrayList<>();
    for (String m : List.of("pop", "ials", "ease")) {
      trainers.add(Models.trainer(spec.commandLine(), m, 64, seed));
    }
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
    o.println();
    o.println("Reproduce on real data:  ./tacit evaluate --data ../shared/datasets/ml-100k");
    o.flush();
    return 0;
  }
}
