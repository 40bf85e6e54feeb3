package dev.tacit.core.io;

import dev.tacit.core.internal.Strings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tells the layout of a delimited interaction file nobody named, from its first lines: the
 * delimiter (the one that splits every sampled line into the same number of fields, at least two),
 * whether the first line is a header (it names a known column, or has text where every later line
 * has a number), and the columns (by header name, else user then item, then a number as the weight
 * and a large integer as the time). What was detected is said in {@link Sniffed#description()}, so
 * a command can print it.
 */
public final class FormatSniffer {
  /** How many non-blank lines are looked at. */
  static final int SAMPLE_LINES = 200;

  private static final List<String> DELIMITERS = List.of("\t", "::", ",", ";", "|", " ");
  private static final Pattern NUMBER =
      Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("\\d+");
  private static final Pattern USER = Pattern.compile("(?i).*(user|customer|member|person|uid).*");
  private static final Pattern ITEM =
      Pattern.compile(
          "(?i).*(item|movie|track|song|artist|product|book|video|article|sku|iid|film).*");
  private static final Pattern WEIGHT =
      Pattern.compile("(?i).*(rating|count|plays|playcount|weight|score|clicks|quantity|value).*");
  private static final Pattern TIME = Pattern.compile("(?i).*(time|timestamp|ts|epoch).*");

  /** Times before this (2001-09-09) are not taken for epoch seconds in a headerless column. */
  private static final long MIN_EPOCH = 1_000_000_000L;

  private FormatSniffer() {}

  /**
   * A detected layout and what was detected, in words.
   *
   * @param format the layout
   * @param description e.g. "tab-separated, no header; user = column 0, item = column 1, weight =
   *     column 2"
   */
  public record Sniffed(DelimitedFormat format, String description) {}

  /**
   * Detects the layout of {@code file}, or empty when its first lines fit no layout (fewer than two
   * fields, fields counts that vary with every delimiter, not UTF-8).
   */
  public static Optional<Sniffed> sniff(Path file) {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while (lines.size() < SAMPLE_LINES && (line = r.readLine()) != null) {
        if (!Strings.isBlank(line) && !line.startsWith("#")) {
          lines.add(Strings.strip(line));
        }
      }
    } catch (CharacterCodingException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    if (lines.size() < 2) {
      return Optional.empty();
    }
    for (String d : DELIMITERS) {
      Optional<Sniffed> s = tryDelimiter(lines, d);
      if (s.isPresent()) {
        return s;
      }
    }
    return Optional.empty();
  }

  private static Optional<Sniffed> tryDelimiter(List<String> lines, String d) {
    boolean quoted = ",".equals(d);
    List<String[]> rows = new ArrayList<>();
    for (String l : lines) {
      String[] f =
          quoted ? Lines.splitQuoted(l, d) : " ".equals(d) ? l.split(" +") : Lines.split(l, d);
      rows.add(f);
    }
    int n = rows.get(0).length;
    if (n < 2 || rows.stream().anyMatch(f -> f.length != n)) {
      return Optional.empty();
    }
    if (" ".equals(d)) {
      // a space delimiter only for the plain "a b c" form; runs of spaces are not supported
      if (lines.stream().anyMatch(l -> l.contains("  "))) {
        return Optional.empty();
      }
    }
    String[] first = rows.get(0);
    List<String[]> data = rows.subList(1, rows.size());
    boolean header = false;
    for (int c = 0; c < n; c++) {
      String h = first[c].trim();
      boolean named =
          USER.matcher(h).matches()
              || ITEM.matcher(h).matches()
              || WEIGHT.matcher(h).matches()
              || TIME.matcher(h).matches();
      // a known column name, unless the data below look the same ("user_1" over "user_2")
      if (named && !NUMBER.matcher(h).matches() && !mostMatchLike(data, c, h)) {
        header = true;
      }
      if (!NUMBER.matcher(h).matches() && allMatch(data, c, NUMBER)) {
        header = true;
      }
    }
    List<String[]> body = header ? data : rows;
    Column user;
    Column item;
    Column weight = null;
    Column time = null;
    List<String> said = new ArrayList<>();
    if (header) {
      int u = find(first, USER, -1);
      int i = find(first, ITEM, u);
      // a column not named as user or item: the first one that is not a time or a weight
      if (u < 0) {
        u = firstOther(first, i);
      }
      if (i < 0) {
        i = firstOther(first, u);
      }
      user = Column.named(first[u].trim());
      item = Column.named(first[i].trim());
      for (int c = 0; c < n; c++) {
        if (c == u || c == i) {
          continue;
        }
        String h = first[c].trim();
        if (time == null && TIME.matcher(h).matches() && allMatch(body, c, INTEGER)) {
          time = Column.named(h);
        } else if (weight == null && WEIGHT.matcher(h).matches() && allMatch(body, c, NUMBER)) {
          weight = Column.named(h);
        }
      }
    } else {
      user = Column.at(0);
      item = Column.at(1);
      for (int c = 2; c < n; c++) {
        if (time == null && allMatch(body, c, INTEGER) && allAtLeast(body, c, MIN_EPOCH)) {
          time = Column.at(c);
        } else if (weight == null && allMatch(body, c, NUMBER)) {
          weight = Column.at(c);
        }
      }
    }
    DelimitedFormat f =
        new DelimitedFormat(d, header, quoted, user, item, weight, time, StandardCharsets.UTF_8);
    said.add(name(d) + (header ? ", with a header" : ", no header"));
    String cols = "user = " + describe(user) + ", item = " + describe(item);
    cols += weight == null ? ", every interaction weighs 1" : ", weight = " + describe(weight);
    if (time != null) {
      cols += ", time = " + describe(time) + " (epoch seconds)";
    }
    said.add(cols);
    return Optional.of(new Sniffed(f, String.join("; ", said)));
  }

  private static String describe(Column c) {
    return c.isNamed() ? "'" + c.name() + "'" : "column " + c.index();
  }

  private static String name(String d) {
    return switch (d) {
      case "\t" -> "tab-separated";
      case "," -> "comma-separated";
      case ";" -> "semicolon-separated";
      case "|" -> "pipe-separated";
      case " " -> "space-separated";
      default -> "'" + d + "'-separated";
    };
  }

  private static int find(String[] header, Pattern p, int not) {
    for (int c = 0; c < header.length; c++) {
      if (c != not && p.matcher(header[c].trim().toLowerCase(Locale.ROOT)).matches()) {
        return c;
      }
    }
    return -1;
  }

  private static int firstOther(String[] header, int not) {
    for (int c = 0; c < header.length; c++) {
      String h = header[c].trim();
      if (c != not && !TIME.matcher(h).matches() && !WEIGHT.matcher(h).matches()) {
        return c;
      }
    }
    return not == 0 ? 1 : 0;
  }

  private static boolean allMatch(List<String[]> rows, int c, Pattern p) {
    if (rows.isEmpty()) {
      return false;
    }
    for (String[] r : rows) {
      if (!p.matcher(r[c].trim()).matches()) {
        return false;
      }
    }
    return true;
  }

  private static boolean mostMatchLike(List<String[]> rows, int c, String h) {
    String shape = h.replaceAll("\\d+", "0").toLowerCase(Locale.ROOT);
    long same =
        rows.stream()
            .filter(r -> r[c].trim().replaceAll("\\d+", "0").toLowerCase(Locale.ROOT).equals(shape))
            .count();
    return same * 2 >= rows.size();
  }

  private static boolean allAtLeast(List<String[]> rows, int c, long min) {
    for (String[] r : rows) {
      String s = r[c].trim();
      if (s.length() > 18 || Long.parseLong(s) < min) {
        return false;
      }
    }
    return true;
  }
}
