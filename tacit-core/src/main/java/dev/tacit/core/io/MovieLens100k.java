package dev.tacit.core.io;

import dev.tacit.core.data.Dataset;
import dev.tacit.core.data.IdMap;
import dev.tacit.core.data.Interactions;
import dev.tacit.core.data.ItemMetadata;
import dev.tacit.core.data.UserAttributes;
import dev.tacit.core.split.Split;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the MovieLens 100K folder (Harper &amp; Konstan 2015): {@code u.data} ({@code
 * user\titem\trating\ttime}), {@code u.item} ({@code id|title|date||url|} and one 0/1 flag per
 * genre, ISO-8859-1), {@code u.genre} and {@code u.user} ({@code id|age|gender|occupation|zip}),
 * and the five standard folds {@code u1..u5.base/test}.
 *
 * <p>Users and items are numbered in order of first appearance in {@code u.data}; the folds are
 * mapped through the same numbering, so every fold has the dimensions of the whole dataset (943 x
 * 1682) and lines up with its metadata and attributes. Every rating is one interaction whose weight
 * is the rating (1 to 5) and whose time is the timestamp. User attributes are {@code gender}
 * ({@code M}/{@code F}), {@code age} (a band of {@link MovieLens#AGE_BANDS}) and {@code
 * occupation}.
 */
public final class MovieLens100k {
  /** The 19 genres of {@code u.genre}, used when that file is absent. */
  public static final List<String> GENRES =
      List.of(
          "unknown",
          "Action",
          "Adventure",
          "Animation",
          "Children's",
          "Comedy",
          "Crime",
          "Documentary",
          "Drama",
          "Fantasy",
          "Film-Noir",
          "Horror",
          "Musical",
          "Mystery",
          "Romance",
          "Sci-Fi",
          "Thriller",
          "War",
          "Western");

  /** The number of standard folds. */
  public static final int FOLDS = 5;

  private MovieLens100k() {}

  /**
   * Reads the whole dataset from {@code dir}: {@code u.data} is required, {@code u.item}, {@code
   * u.genre} and {@code u.user} are read when present.
   *
   * @throws MalformedInputException on a malformed line (in strict mode) or an empty file
   * @throws IllegalArgumentException when {@code dir} is not a folder or has no {@code u.data}
   */
  public static ReadResult read(Path dir, ReadOptions options) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          dir + ": not a folder (expected the MovieLens 100K folder)");
    }
    Lines.Skips skips = new Lines.Skips(options);
    IdMap users = new IdMap();
    IdMap items = new IdMap();
    Interactions.Builder b = Interactions.builder(0, 0);
    Lines.read(
        dir.resolve("u.data"),
        StandardCharsets.ISO_8859_1,
        skips,
        null,
        MovieLens.ratingLine("\t", users, items, true, null, b));
    Interactions interactions = b.build();
    List<String> genres = GENRES;
    Path genreFile = dir.resolve("u.genre");
    if (Files.isRegularFile(genreFile)) {
      genres = readGenres(genreFile, skips);
    }
    ItemMetadata meta = null;
    Path itemFile = dir.resolve("u.item");
    if (Files.isRegularFile(itemFile)) {
      meta = readItems(itemFile, genres, items, skips);
    }
    UserAttributes attrs = null;
    Path userFile = dir.resolve("u.user");
    if (Files.isRegularFile(userFile)) {
      attrs = MovieLens.readUsers(userFile, users, skips, MovieLens100k::userLine);
    }
    Path folderName = dir.toAbsolutePath().normalize().getFileName();
    String name = folderName == null ? "ml-100k" : folderName.toString();
    return new ReadResult(
        new Dataset(name, interactions, users, items, meta, attrs),
        skips.count(),
        skips.examples());
  }

  /**
   * The standard folds read strictly from {@code dir}, named {@code "u1".."u5"}, over the index
   * space of the whole {@code u.data}; all five when {@code folds} is empty.
   *
   * @throws MalformedInputException on a malformed line or an ID that is not in {@code u.data}
   * @throws IllegalArgumentException when a fold number is not in 1..5 or a file is missing
   */
  public static List<Split> folds(Path dir, int... folds) {
    return folds(read(dir, ReadOptions.STRICT).dataset(), dir, ReadOptions.STRICT, folds);
  }

  /**
   * The standard folds of {@code dir}, mapped through the IDs of {@code whole} (as read by {@link
   * #read}) so that they share its dimensions; all five when {@code folds} is empty. In lenient
   * mode malformed lines of the fold files are skipped.
   *
   * @throws MalformedInputException on a malformed line (in strict mode) or an ID that is not in
   *     {@code whole}
   * @throws IllegalArgumentException when a fold number is not in 1..5 or a file is missing
   */
  public static List<Split> folds(Dataset whole, Path dir, ReadOptions options, int... folds) {
    int[] which = folds.length == 0 ? new int[] {1, 2, 3, 4, 5} : folds.clone();
    for (int f : which) {
      if (f < 1 || f > FOLDS) {
        throw new IllegalArgumentException("fold must be in 1.." + FOLDS + ", was " + f);
      }
    }
    Lines.Skips skips = new Lines.Skips(options);
    int numUsers = whole.interactions().numUsers();
    int numItems = whole.interactions().numItems();
    List<Split> out = new ArrayList<>();
    for (int f : which) {
      Interactions train =
          readFold(dir.resolve("u" + f + ".base"), whole, numUsers, numItems, skips);
      Interactions test =
          readFold(dir.resolve("u" + f + ".test"), whole, numUsers, numItems, skips);
      out.add(new Split("u" + f, train, test));
    }
    return List.copyOf(out);
  }

  private static Interactions readFold(
      Path file, Dataset whole, int numUsers, int numItems, Lines.Skips skips) {
    Interactions.Builder b = Interactions.builder(numUsers, numItems);
    Lines.read(
        file,
        StandardCharsets.ISO_8859_1,
        skips,
        null,
        MovieLens.ratingLine("\t", whole.users(), whole.items(), false, "u.data", b));
    return b.build();
  }

  private static List<String> readGenres(Path file, Lines.Skips skips) {
    List<String> names = new ArrayList<>();
    Lines.read(
        file,
        StandardCharsets.ISO_8859_1,
        skips,
        null,
        line -> {
          String[] f = Lines.split(line, '|');
          Lines.requireFields(f, 2, "pipe");
          String name = f[0].trim();
          int index = Lines.intIn(f[1], "genre index", 0, Integer.MAX_VALUE);
          if (index != names.size()) {
            throw new Lines.Bad(
                "genre indices must run 0, 1, 2, ... in order; expected "
                    + names.size()
                    + ", was "
                    + index);
          }
          if (name.isEmpty()) {
            throw new Lines.Bad("genre name must not be empty");
          }
          names.add(name);
        });
    return List.copyOf(names);
  }

  private static ItemMetadata readItems(
      Path file, List<String> genres, IdMap items, Lines.Skips skips) {
    String[] titles = new String[items.size()];
    Arrays.fill(titles, "");
    int[][] cats = new int[items.size()][];
    int fields = 5 + genres.size();
    Lines.read(
        file,
        StandardCharsets.ISO_8859_1,
        skips,
        null,
        line -> {
          String[] f = Lines.split(line, '|');
          Lines.requireFields(f, fields, "pipe");
          String id = Lines.integerId(f[0], "item ID");
          int[] c = new int[genres.size()];
          int n = 0;
          for (int g = 0; g < genres.size(); g++) {
            String flag = f[5 + g].trim();
            if (flag.equals("1")) {
              c[n++] = g;
            } else if (!flag.equals("0")) {
              throw new Lines.Bad(
                  "flag of genre " + genres.get(g) + " must be 0 or 1, was '" + f[5 + g] + "'");
            }
          }
          int idx = items.indexOf(id);
          if (idx >= 0) {
            titles[idx] = f[1].trim();
            cats[idx] = Arrays.copyOf(c, n);
          }
        });
    return new ItemMetadata(Arrays.asList(titles), genres, cats);
  }

  private static MovieLens.UserLine userLine(String line) {
    String[] f = Lines.split(line, '|');
    Lines.requireFields(f, 5, "pipe");
    String id = Lines.integerId(f[0], "user ID");
    int a = Lines.intIn(f[1], "age", 0, 150);
    String g = MovieLens.gender(f[2]);
    String o = f[3].trim();
    return new MovieLens.UserLine(id, g, a, o.isEmpty() ? null : o);
  }
}
