package dev.tacit.cli;

import dev.tacit.cli.options.LogColumns;
import dev.tacit.core.data.Dataset;
import dev.tacit.core.io.Column;
import dev.tacit.core.io.DatasetReader;
import dev.tacit.core.io.DelimitedFormat;
import dev.tacit.core.io.MalformedInputException;
import dev.tacit.core.io.MovieLens100k;
import dev.tacit.core.io.ReadOptions;
import dev.tacit.core.io.ReadResult;
import dev.tacit.core.split.Split;
import dev.tacit.core.split.Splits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options that say which dataset to read and how to split it, shared by {@code tacit evaluate}
 * and {@code tacit simulate} (a picocli mixin): a MovieLens folder, a {@code ratings.csv} or any
 * delimited file (detected, or described by the column options), split into the MovieLens 100K
 * folds, per-user random holdouts or per-user leave-last-k.
 */
final class DataOptions {
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

  @Option(
      names = "--data",
      description = "A MovieLens folder (u.data, ratings.csv or ratings.dat) or a single file.")
  Path data;

  @Option(
      names = "--format",
      defaultValue = "auto",
      description = "auto (detect), movielens, or csv (a delimited file; see --delimiter).")
  Format format;

  @CommandLine.Mixin LogColumns columns = new LogColumns();

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

  @Option(
      names = {"--folds", "--fold"},
      defaultValue = "1-5",
      description = "folds: the folds to run, e.g. 1, 1-5 or 1,3 (default 1-5).")
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

  /** The read options: lenient or strict. */
  ReadOptions readOptions() {
    return lenient ? ReadOptions.LENIENT : ReadOptions.STRICT;
  }

  /**
   * Checks that {@code --data} names something that exists.
   *
   * @throws CommandLine.ParameterException if it is missing or does not exist
   */
  void requireData(CommandLine cl, String missing) {
    if (data == null) {
      throw new CommandLine.ParameterException(cl, missing);
    }
    if (!Files.exists(data)) {
      throw new CommandLine.ParameterException(cl, "--data: no such file or folder: " + data);
    }
  }

  /**
   * Reads the dataset as the options say.
   *
   * @throws MalformedInputException on a malformed line in strict mode
   * @throws CommandLine.ParameterException if the format or layout is not recognised
   */
  ReadResult read(CommandLine cl) {
    try {
      return switch (format) {
        case AUTO, MOVIELENS -> DatasetReader.read(data, readOptions());
        case CSV -> {
          if (Files.isDirectory(data)) {
            throw new CommandLine.ParameterException(
                cl, "--format csv needs a file, but --data is a folder: " + data);
          }
          DelimitedFormat f =
              DelimitedFormat.of(
                  columns.delimiter(),
                  columns.header(),
                  Column.parse(columns.userColumn()),
                  Column.parse(columns.itemColumn()));
          if (weightColumn != null) {
            f = f.withWeight(Column.parse(weightColumn));
          }
          if (timeColumn != null) {
            f = f.withTime(Column.parse(timeColumn));
          }
          yield DatasetReader.read(data, f, readOptions());
        }
      };
    } catch (MalformedInputException e) {
      throw e;
    } catch (IllegalArgumentException e) { // an unrecognised format or layout
      throw new CommandLine.ParameterException(
          cl, "--data: " + e.getMessage(), e, null, data.toString());
    }
  }

  /**
   * Reads the dataset as {@link #read} does and says on the command's output what was read: the
   * layout found, the lines skipped, and the dataset's name and size, calling its users {@code
   * users}. A malformed line in strict mode is reported on its error stream, with the hint of
   * {@code --lenient}.
   *
   * @return the dataset, or empty if a line is malformed (the command then exits with 1)
   * @throws CommandLine.ParameterException if the format or layout is not recognised
   */
  Optional<Dataset> readAndReport(CommandLine cl, String users) {
    ReadResult read;
    try {
      read = read(cl);
    } catch (MalformedInputException e) {
      cl.getErr().println("error: " + e.getMessage());
      cl.getErr().println("(use --lenient to skip malformed lines)");
      return Optional.empty();
    }
    if (!read.layout().isEmpty()) {
      cl.getOut().println(data + ": " + read.layout());
    }
    if (read.skippedLines() > 0) {
      cl.getOut().printf(Locale.ROOT, "skipped %d malformed lines%n", read.skippedLines());
    }
    Dataset ds = read.dataset();
    cl.getOut()
        .printf(
            Locale.ROOT,
            "%s: %d %s, %d items, %d interactions%n",
            ds.name(),
            ds.interactions().numUsers(),
            users,
            ds.interactions().numItems(),
            ds.interactions().size());
    return Optional.of(ds);
  }

  /**
   * The splits the options ask for, recording the protocol in {@code protocol}: the folds when the
   * folder has them (or {@code --split folds}), else random holdouts seeded from {@code seed}.
   *
   * @throws CommandLine.ParameterException if a split option is out of range
   */
  List<Split> splits(CommandLine cl, Dataset ds, long seed, Map<String, Object> protocol) {
    boolean hasFolds = Files.isDirectory(data) && Files.exists(data.resolve("u1.base"));
    SplitKind kind = split != null ? split : hasFolds ? SplitKind.FOLDS : SplitKind.RANDOM;
    protocol.put("split", kind.name().toLowerCase(Locale.ROOT));
    switch (kind) {
      case FOLDS -> {
        if (!hasFolds) {
          throw new CommandLine.ParameterException(
              cl,
              "--split folds needs the MovieLens 100K fold files (u1.base ... u5.test) in " + data);
        }
        int[] f = parseFolds(cl, folds);
        protocol.put("folds", f);
        return MovieLens100k.folds(ds, data, readOptions(), f);
      }
      case RANDOM -> {
        if (!(testFraction > 0 && testFraction < 1)) {
          throw new CommandLine.ParameterException(
              cl, "--test-fraction must be in (0, 1), was " + testFraction);
        }
        if (repeats < 1) {
          throw new CommandLine.ParameterException(cl, "--repeats must be >= 1, was " + repeats);
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
              cl, "--leave-last must be >= 1, was " + leaveLast);
        }
        protocol.put("leave_last", leaveLast);
        return List.of(Splits.temporalLeaveLastK(ds.interactions(), leaveLast));
      }
      default -> throw new AssertionError(kind);
    }
  }

  /** Parses fold lists like {@code 1-5} or {@code 1,3}. */
  static int[] parseFolds(CommandLine cl, String text) {
    List<Integer> out = new ArrayList<>();
    try {
      for (String part : text.split(",")) {
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
    } catch (NumberFormatException e) {
      out.clear();
    }
    if (out.isEmpty() || out.stream().anyMatch(f -> f < 1 || f > MovieLens100k.FOLDS)) {
      throw new CommandLine.ParameterException(
          cl, "--folds must list folds 1 to 5, like 1-5 or 1,3; was " + text);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
