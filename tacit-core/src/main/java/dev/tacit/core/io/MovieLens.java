package dev.tacit.core.io;

import dev.tacit.core.data.Dataset;
import dev.tacit.core.data.IdMap;
import dev.tacit.core.data.Interactions;
import dev.tacit.core.data.ItemMetadata;
import dev.tacit.core.data.UserAttributes;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads MovieLens ratings in the later layouts (Harper &amp; Konstan 2015): {@code ratings.csv}
 * ({@code userId,movieId,rating,timestamp}, as in ml-latest and ml-25m) or {@code ratings.dat}
 * ({@code UserID::MovieID::Rating::Timestamp}, as in ml-1m and ml-10m). Titles and genres come from
 * {@code movies.csv} / {@code movies.dat} and gender and age band from {@code users.dat} when they
 * are in the same folder. Every rating is one interaction whose weight is the rating. For the 100K
 * layout see {@link MovieLens100k}.
 */
public final class MovieLens {
  /** The age bands of MovieLens 1M, used for every MovieLens dataset. */
  public static final List<String> AGE_BANDS =
      List.of("<18", "18-24", "25-34", "35-44", "45-49", "50-55", "56+");

  private static final List<String> OCCUPATIONS_1M =
      List.of(
          "other",
          "academic/educator",
          "artist",
          "clerical/admin",
          "college/grad student",
          "customer service",
          "doctor/health care",
          "executive/managerial",
          "farmer",
          "homemaker",
          "K-12 student",
          "lawyer",
          "programmer",
          "retired",
          "sales/marketing",
          "scientist",
          "self-employed",
          "technician/engineer",
          "tradesman/craftsman",
          "unemployed",
          "writer");

  private MovieLens() {}

  /**
   * The MovieLens 1M age band of an age in years: {@code "<18"}, {@code "18-24"}, {@code "25-34"},
   * {@code "35-44"}, {@code "45-49"}, {@code "50-55"} or {@code "56+"}.
   *
   * @throws IllegalArgumentException when {@code age < 0}
   */
  public static String ageBand(int age) {
    if (age < 0) {
      throw new IllegalArgumentException("age must be >= 0, was " + age);
    }
    if (age < 18) {
      return AGE_BANDS.get(0);
    } else if (age < 25) {
      return AGE_BANDS.get(1);
    } else if (age < 35) {
      return AGE_BANDS.get(2);
    } else if (age < 45) {
      return AGE_BANDS.get(3);
    } else if (age < 50) {
      return AGE_BANDS.get(4);
    } else if (age < 56) {
      return AGE_BANDS.get(5);
    }
    return AGE_BANDS.get(6);
  }

  /**
   * Reads a folder holding {@code ratings.csv} or {@code ratings.dat} (the former wins), or one of
   * these files directly; companion files are taken from the same folder.
   *
   * @throws MalformedInputException on a malformed line (in strict mode) or an empty file
   * @throws IllegalArgumentException when no ratings file is there
   */
  public static ReadResult read(Path fileOrDir, ReadOptions options) {
    Path ratings = ratingsFile(fileOrDir);
    Path dir = ratings.toAbsolutePath().getParent();
    boolean csv = ratings.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    Lines.Skips skips = new Lines.Skips(options);
    IdMap users = new IdMap();
    IdMap items = new IdMap();
    Interactions.Builder b = Interactions.builder(0, 0);
    if (csv) {
      Lines.read(
          ratings,
          StandardCharsets.UTF_8,
          skips,
          header("userId", "movieId", "rating", "timestamp"),
          ratingLine(",", users, items, true, null, b));
    } else {
      Lines.read(
          ratings,
          StandardCharsets.ISO_8859_1,
          skips,
          null,
          ratingLine("::", users, items, true, null, b));
    }
    Interactions interactions = b.build(); // every ID added has an interaction
    ItemMetadata meta = null;
    Path moviesCsv = dir.resolve("movies.csv");
    Path moviesDat = dir.resolve("movies.dat");
    if (csv && Files.isRegularFile(moviesCsv)) {
      meta = readMovies(moviesCsv, ",", true, StandardCharsets.UTF_8, items, skips);
    } else if (Files.isRegularFile(moviesDat)) {
      meta = readMovies(moviesDat, "::", false, StandardCharsets.ISO_8859_1, items, skips);
    } else if (Files.isRegularFile(moviesCsv)) {
      meta = readMovies(moviesCsv, ",", true, StandardCharsets.UTF_8, items, skips);
    }
    UserAttributes attrs = null;
    Path usersDat = dir.resolve("users.dat");
    if (Files.isRegularFile(usersDat)) {
      attrs = readUsers(usersDat, users, skips, MovieLens::usersDatLine);
    }
    String name = dir.getFileName() == null ? "movielens" : dir.getFileName().toString();
    return new ReadResult(
        new Dataset(name, interactions, users, items, meta, attrs),
        skips.count(),
        skips.examples());
  }

  private static Path ratingsFile(Path fileOrDir) {
    if (Files.isDirectory(fileOrDir)) {
      Path csv = fileOrDir.resolve("ratings.csv");
      if (Files.isRegularFile(csv)) {
        return csv;
      }
      Path dat = fileOrDir.resolve("ratings.dat");
      if (Files.isRegularFile(dat)) {
        return dat;
      }
      throw new IllegalArgumentException(
          fileOrDir + ": no ratings.csv or ratings.dat in this folder");
    }
    Lines.requireFile(fileOrDir);
    String n = String.valueOf(fileOrDir.getFileName()).toLowerCase(Locale.ROOT);
    if (!n.endsWith(".csv") && !n.endsWith(".dat")) {
      throw new IllegalArgumentException(
          fileOrDir + ": a MovieLens ratings file must end in .csv or .dat");
    }
    return fileOrDir;
  }

  /** Checks a header line against the expected column names (case-insensitive). */
  static Lines.HeaderHandler header(String... expected) {
    return line -> {
      String[] f = Lines.splitQuoted(line, ",");
      boolean ok = f.length == expected.length;
      for (int i = 0; ok && i < f.length; i++) {
        ok = f[i].trim().equalsIgnoreCase(expected[i]);
      }
      if (!ok) {
        throw new Lines.Bad(
            "expected the header " + String.join(",", expected) + ", found '" + line + "'");
      }
    };
  }

  /** A human name of a separator for messages. */
  static String separatorName(String sep) {
    switch (sep) {
      case "\t":
        return "tab";
      case ",":
        return "comma";
      case "|":
        return "pipe";
      default:
        return "'" + sep + "'";
    }
  }

  /**
   * A handler of {@code user sep item sep rating sep time} lines. With {@code addIds} new IDs are
   * added to the maps; otherwise an unknown ID is an error naming {@code idSource}.
   */
  static Lines.LineHandler ratingLine(
      String sep,
      IdMap users,
      IdMap items,
      boolean addIds,
      String idSource,
      Interactions.Builder b) {
    String sepName = separatorName(sep);
    Lines.IntIds userIds = new Lines.IntIds(users);
    Lines.IntIds itemIds = new Lines.IntIds(items);
    return line -> {
      String[] f = Lines.split(line, sep);
      Lines.requireFields(f, 4, sepName);
      long u = Lines.longId(f[0], "user ID");
      long i = Lines.longId(f[1], "item ID");
      float w = Lines.weight(f[2], "rating");
      long t = Lines.time(f[3], "timestamp");
      int ui;
      int ii;
      if (addIds) {
        ui = userIds.getOrAdd(u);
        ii = itemIds.getOrAdd(i);
      } else {
        ui = userIds.indexOf(u);
        if (ui < 0) {
          throw new Lines.Bad("user " + u + " does not appear in " + idSource);
        }
        ii = itemIds.indexOf(i);
        if (ii < 0) {
          throw new Lines.Bad("item " + i + " does not appear in " + idSource);
        }
      }
      b.add(ui, ii, w, t);
    };
  }

  private static ItemMetadata readMovies(
      Path file, String sep, boolean header, Charset cs, IdMap items, Lines.Skips skips) {
    String[] titles = new String[items.size()];
    Arrays.fill(titles, "");
    int[][] cats = new int[items.size()][];
    Map<String, Integer> vocab = new LinkedHashMap<>();
    String sepName = separatorName(sep);
    Lines.read(
        file,
        cs,
        skips,
        header ? header("movieId", "title", "genres") : null,
        line -> {
          String[] f = header ? Lines.splitQuoted(line, sep) : Lines.split(line, sep);
          Lines.requireFields(f, 3, sepName);
          String id = Lines.integerId(f[0], "movie ID");
          String title = f[1].trim();
          int[] c = genres(f[2], vocab);
          int idx = items.indexOf(id);
          if (idx >= 0) {
            titles[idx] = title;
            cats[idx] = c;
          }
        });
    return new ItemMetadata(Arrays.asList(titles), new ArrayList<>(vocab.keySet()), cats);
  }

  private static int[] genres(String field, Map<String, Integer> vocab) {
    String g = field.trim();
    if (g.isEmpty() || g.equals("(no genres listed)")) {
      return new int[0];
    }
    String[] names = Lines.split(g, '|');
    int[] out = new int[names.length];
    int n = 0;
    for (String name : names) {
      String t = name.trim();
      if (t.isEmpty()) {
        throw new Lines.Bad("empty genre name in '" + field + "'");
      }
      Integer k = vocab.get(t);
      if (k == null) {
        k = vocab.size();
        vocab.put(t, k);
      }
      out[n++] = k;
    }
    return Arrays.stream(out, 0, n).distinct().sorted().toArray();
  }

  private static UserLine usersDatLine(String line) {
    String[] f = Lines.split(line, "::");
    Lines.requireFields(f, 5, "'::'");
    String id = Lines.integerId(f[0], "user ID");
    String g = gender(f[1]);
    int a = Lines.intIn(f[2], "age", 0, 150);
    int o = Lines.intIn(f[3], "occupation", 0, OCCUPATIONS_1M.size() - 1);
    return new UserLine(id, g, a, OCCUPATIONS_1M.get(o));
  }

  /**
   * One line of a users file.
   *
   * @param id the user's ID
   * @param gender M or F
   * @param age the age in years
   * @param occupation the occupation, or null if the line gives none
   */
  record UserLine(String id, String gender, int age, String occupation) {}

  /**
   * The attributes gender, age band and occupation, in this order, of {@code users}, from a users
   * file whose lines {@code parse} reads (throwing {@link Lines.Bad} on a malformed one). Users of
   * the file that are not in {@code users} are passed over.
   */
  static UserAttributes readUsers(
      Path file, IdMap users, Lines.Skips skips, Function<String, UserLine> parse) {
    String[] gender = new String[users.size()];
    String[] age = new String[users.size()];
    String[] occupation = new String[users.size()];
    Lines.read(
        file,
        StandardCharsets.ISO_8859_1,
        skips,
        null,
        line -> {
          UserLine u = parse.apply(line);
          int idx = users.indexOf(u.id());
          if (idx >= 0) {
            gender[idx] = u.gender();
            age[idx] = ageBand(u.age());
            occupation[idx] = u.occupation();
          }
        });
    Map<String, String[]> m = new LinkedHashMap<>();
    m.put("gender", gender);
    m.put("age", age);
    m.put("occupation", occupation);
    return UserAttributes.of(m);
  }

  /** Parses a gender of M or F. */
  static String gender(String field) {
    String g = field.trim();
    if (!g.equals("M") && !g.equals("F")) {
      throw new Lines.Bad("gender must be M or F, was '" + field + "'");
    }
    return g;
  }
}
