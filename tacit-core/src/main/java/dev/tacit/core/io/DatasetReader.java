package dev.tacit.core.io;

import dev.tacit.core.data.Dataset;
import dev.tacit.core.data.IdMap;
import dev.tacit.core.data.Interactions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a dataset from a path, telling the format from what is there: a folder with {@code u.data}
 * is MovieLens 100K ({@link MovieLens100k}); a folder with, or a file named, {@code ratings.csv} or
 * {@code ratings.dat} is MovieLens ({@link MovieLens}); any other file is read with the layout
 * {@link FormatSniffer} detects (and {@link ReadResult#layout()} says which), or an explicit {@link
 * DelimitedFormat}.
 */
public final class DatasetReader {
  private DatasetReader() {}

  /**
   * Reads the dataset at {@code path}, detecting its format.
   *
   * @throws IllegalArgumentException when the path does not exist or its format is not recognised
   *     (the message names the path)
   * @throws MalformedInputException on a malformed line (in strict mode) or an empty file
   */
  public static ReadResult read(Path path, ReadOptions options) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    if (Files.isDirectory(path)) {
      if (Files.isRegularFile(path.resolve("u.data"))) {
        return MovieLens100k.read(path, options);
      }
      if (Files.isRegularFile(path.resolve("ratings.csv"))
          || Files.isRegularFile(path.resolve("ratings.dat"))) {
        return MovieLens.read(path, options);
      }
      throw new IllegalArgumentException(
          path
              + ": unrecognised dataset folder; expected u.data (MovieLens 100K) or ratings.csv"
              + " / ratings.dat (MovieLens), or name a delimited file and its format");
    }
    if (!Files.exists(path)) {
      throw new IllegalArgumentException(path + ": no such file or folder");
    }
    String name = String.valueOf(path.getFileName());
    if (name.equals("u.data")) {
      return MovieLens100k.read(path.toAbsolutePath().getParent(), options);
    }
    if (name.equals("ratings.csv") || name.equals("ratings.dat")) {
      return MovieLens.read(path, options);
    }
    Optional<FormatSniffer.Sniffed> sniffed = FormatSniffer.sniff(path);
    if (sniffed.isPresent()) {
      return read(path, sniffed.get().format(), options)
          .withLayout("detected " + sniffed.get().description());
    }
    throw new IllegalArgumentException(
        path
            + ": unrecognised dataset file; expected u.data, ratings.csv or ratings.dat, or a"
            + " delimited file whose first lines split into the same number of fields (at least"
            + " user and item) by a tab, '::', ',', ';', '|' or a space; or give the format"
            + " (delimiter, header, user and item columns)");
  }

  /**
   * Reads a delimited file with an explicit layout. IDs are kept as written (trimmed) and numbered
   * in order of first appearance; a repeated (user, item) pair is merged as by {@link
   * Interactions.Builder#add} (weights add up, the latest time is kept).
   *
   * @throws MalformedInputException on a malformed line (in strict mode), a header that lacks a
   *     named column, or an empty file
   * @throws IllegalArgumentException when the file does not exist
   */
  public static ReadResult read(Path file, DelimitedFormat format, ReadOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    Lines.Skips skips = new Lines.Skips(options);
    IdMap users = new IdMap();
    IdMap items = new IdMap();
    Interactions.Builder b = Interactions.builder(0, 0);
    Column[] columns = {format.user(), format.item(), format.weight(), format.time()};
    int[] at = new int[4];
    int[] needed = new int[1];
    int[] headerCount = {-1};
    for (int k = 0; k < 4; k++) {
      at[k] = columns[k] == null ? -1 : columns[k].index();
    }
    Lines.HeaderHandler header =
        !format.header()
            ? null
            : line -> {
              String[] h = split(line, format);
              headerCount[0] = h.length;
              List<String> names = new ArrayList<>();
              for (String s : h) {
                names.add(s.trim());
              }
              for (int k = 0; k < 4; k++) {
                Column c = columns[k];
                if (c == null) {
                  continue;
                }
                if (c.isNamed()) {
                  at[k] = indexOfIgnoreCase(names, c.name());
                  if (at[k] < 0) {
                    throw new Lines.Bad("no column named '" + c.name() + "' in header " + names);
                  }
                } else if (c.index() >= h.length) {
                  throw new Lines.Bad(
                      "column " + c.index() + " is out of range: the header has " + h.length);
                }
              }
            };
    String sepName = MovieLens.separatorName(format.delimiter());
    Lines.read(
        file,
        format.charset(),
        skips,
        header,
        line -> {
          if (needed[0] == 0) {
            needed[0] = Arrays.stream(at).max().getAsInt() + 1;
          }
          String[] f = split(line, format);
          if (headerCount[0] >= 0 && f.length != headerCount[0]) {
            Lines.requireFields(f, headerCount[0], sepName);
          } else if (f.length < needed[0]) {
            throw new Lines.Bad(
                "expected at least "
                    + needed[0]
                    + " "
                    + sepName
                    + "-separated fields, found "
                    + f.length);
          }
          String u = Lines.textId(f[at[0]], "user ID");
          String i = Lines.textId(f[at[1]], "item ID");
          float w = at[2] < 0 ? 1f : Lines.weight(f[at[2]], "weight");
          long t = at[3] < 0 ? 0L : Lines.time(f[at[3]], "time");
          b.add(users.getOrAdd(u), items.getOrAdd(i), w, t);
        });
    String name = String.valueOf(file.getFileName());
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      name = name.substring(0, dot);
    }
    return new ReadResult(
        new Dataset(name, b.build(), users, items, null, null), skips.count(), skips.examples());
  }

  private static String[] split(String line, DelimitedFormat format) {
    return format.quoted()
        ? Lines.splitQuoted(line, format.delimiter())
        : Lines.split(line, format.delimiter());
  }

  private static int indexOfIgnoreCase(List<String> names, String name) {
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }
}
