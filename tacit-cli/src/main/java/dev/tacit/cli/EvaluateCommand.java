package dev.tacit.cli;

import dev.tacit.core.data.Dataset;
import dev.tacit.core.eval.Evaluation;
import dev.tacit.core.io.Column;
import dev.tacit.core.io.DatasetReader;
import dev.tacit.core.io.DelimitedFormat;
import dev.tacit.core.io.MalformedInputException;
import dev.tacit.core.io.MovieLens100k;
import dev.tacit.core.io.ReadOptions;
import dev.tacit.core.io.ReadResult;
import dev.tacit.core.model.Trainer;
import dev.tacit.core.report.EvaluationReport;
import dev.tacit.core.split.Split;
import dev.tacit.core.split.Splits;
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

/** {@code tacit evaluate}: trains and scores recommenders with the evaluation protocol. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Trains and scores recommenders on a dataset with the protocol of DESIGN.md: implicit"
          + " feedback, full ranking over all items with the user's training items excluded,"
          + " every user with a test item, binary relevance.",
      "Prints one table (mean ± sample std over folds or repetitions, with training and scoring"
          + " times) and writes a JSON report with --out."
    })
final class EvaluateCommand implements Callable<Integer> {
  enum Format {
    AUTO,
    MOVIELENS,
    CSV
  }

  enum SplitKind {
    FOLDS,
    RANDOM,
    TEMPORAL
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      description = "A MovieLens folder (u.data, ratings.csv or ratings.dat) or a single file.")
  Path data;

  @Option(
      names = "--format",
      defaultValue = "auto",
      description = "auto (detect), movielens, or csv (a delimited file; see --delimiter).")
  Format format;

  @Option(
      names = "--delimiter",
      defaultValue = ",",
      description = "csv: field delimiter (\\t for tab).")
  String delimiter;

  @Option(names = "--no-header", description = "csv: the file has no header line.")
  boolean noHeader;

  @Option(
      names = "--user-column",
      defaultValue = "0",
      description = "csv: user column (index or header name).")
  String userColumn;

  @Option(
      names = "--item-column",
      defaultValue = "1",
      description = "csv: item column (index or header name).")
  String itemColumn;

  @Option(names = "--weight-column", description = "csv: weight column; default weight 1.")
  String weightColumn;

  @Option(names = "--time-column", description = "csv: time column (epoch seconds).")
  String timeColumn;

  @Option(names = "--lenient", description = "Skip malformed lines and report how many.")
  boolean lenient;

  @Option(
      names = "--split",
      description =
          "folds (the MovieLens 100K u1..u5 files; the default when present), random (per-user"
              + " holdout) or temporal (per-user leave-last-k).")
  SplitKind split;

  @Option(names = "--folds", defaultValue = "1-5", description = "Folds to run, e.g. 1-5 or 1,3.")
  String folds;

  @Option(
      names = "--test-fraction",
      defaultValue = "0.2",
      description = "random: held-out fraction.")
  double testFraction;

  @Option(
      names = "--leave-last",
      defaultValue = "1",
      description = "temporal: items held out per user.")
  int leaveLast;

  @Option(
      names = "--repeats",
      defaultValue = "1",
      description = "random: repetitions (seeds S, S+1, ...).")
  int repeats;

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
    ReadOptions ro = lenient ? ReadOptions.LENIENT : ReadOptions.STRICT;
    List<Trainer> trainers = new ArrayList<>();
    for (String m : models) {
      trainers.add(Models.trainer(spec.commandLine(), m.trim(), factors, seed));
    }
    if (!Files.exists(data)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--data: no such file or folder: " + data);
    }
    ReadResult read;
    try {
      read = read(ro);
    } catch (MalformedInputException e) {
      spec.commandLine().getErr().println("error: " + e.getMessage());
      spec.commandLine().getErr().println("(use --lenient to skip malformed lines)");
      return 1;
    } catch (IllegalArgumentException e) { // an unrecognised format or layout
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--data: " + e.getMessage(), e, null, data.toString());
    }
    Dataset ds = read.dataset();
    if (!read.layout().isEmpty()) {
      o.println(data + ": " + read.layout());
    }
    if (read.skippedLines() > 0) {
      o.printf(Locale.ROOT, "skipped %d malformed lines%n", read.skippedLines());
    }
    o.printf(
        Locale.ROOT,
        "%s: %d users, %d items, %d interactions%n",
        ds.name(),
        ds.interactions().numUsers(),
        ds.interactions().numItems(),
        ds.interactions().size());
    Map<String, Object> protocol = new LinkedHashMap<>();
    List<Split> splits = splits(ds, ro, protocol);
    protocol.put("relevance", "binary, every interaction");
    protocol.put("ranking", "all items, training items excluded");
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

  private ReadResult read(ReadOptions ro) {
    return switch (format) {
      case AUTO, MOVIELENS -> DatasetReader.read(data, ro);
      case CSV -> {
        if (Files.isDirectory(data)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--format csv needs a file, but --data is a folder: " + data);
        }
        DelimitedFormat f =
            DelimitedFormat.of(
                "\\t".equals(delimiter) ? "\t" : delimiter,
                !noHeader,
                Column.parse(userColumn),
                Column.parse(itemColumn));
        if (weightColumn != null) {
          f = f.withWeight(Column.parse(weightColumn));
        }
        if (timeColumn != null) {
          f = f.withTime(Column.parse(timeColumn));
        }
        yield DatasetReader.read(data, f, ro);
      }
    };
  }

  private List<Split> splits(Dataset ds, ReadOptions ro, Map<String, Object> protocol) {
    boolean hasFolds = Files.isDirectory(data) && Files.exists(data.resolve("u1.base"));
    SplitKind kind = split != null ? split : hasFolds ? SplitKind.FOLDS : SplitKind.RANDOM;
    protocol.put("split", kind.name().toLowerCase(Locale.ROOT));
    switch (kind) {
      case FOLDS -> {
        if (!hasFolds) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "--split folds needs the MovieLens 100K fold files (u1.base ... u5.test) in " + data);
        }
        int[] f = parseFolds(folds);
        protocol.put("folds", f);
        return MovieLens100k.folds(ds, data, ro, f);
      }
      case RANDOM -> {
        if (!(testFraction > 0 && testFraction < 1)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--test-fraction must be in (0, 1), was " + testFraction);
        }
        if (repeats < 1) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--repeats must be >= 1, was " + repeats);
        }
        protocol.put("test_fraction", testFraction);
        protocol.put("seed", seed);
        protocol.put("repeats", repeats);
        List<Split> s = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
          s.add(Splits.randomHoldout(ds.interactions(), testFraction, seed + r));
        }
        return s;
      }
      case TEMPORAL -> {
        if (leaveLast < 1) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "--leave-last must be >= 1, was " + leaveLast);
        }
        protocol.put("leave_last", leaveLast);
        return List.of(Splits.temporalLeaveLastK(ds.interactions(), leaveLast));
      }
      default -> throw new AssertionError(kind);
    }
  }

  int[] parseFolds(String spec) {
    try {
      List<Integer> out = new ArrayList<>();
      for (String part : spec.split(",")) {
        String p = part.trim();
        if (p.contains("-")) {
          String[] ab = p.split("-", 2);
          for (int f = Integer.parseInt(ab[0].trim()); f <= Integer.parseInt(ab[1].trim()); f++) {
            out.add(f);
          }
        } else {
          out.add(Integer.parseInt(p));
        }
      }
      for (int f : out) {
        if (f < 1 || f > 5) {
          throw new NumberFormatException();
        }
      }
      if (out.isEmpty()) {
        throw new NumberFormatException();
      }
      return out.stream().mapToInt(Integer::intValue).toArray();
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(
          this.spec.commandLine(), "--folds must list folds 1 to 5, like 1-5 or 1,3; was " + spec);
    }
  }
}
