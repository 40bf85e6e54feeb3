package dev.tacit.core.io;

import dev.tacit.core.data.IdMap;
import dev.tacit.core.internal.Strings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Line-by-line reading with 1-based line numbers, field splitting and lenient skipping. */
final class Lines {
  private Lines() {}

  /** A reason a line is malformed; turned into a {@link MalformedInputException} by the reader. */
  static final class Bad extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Bad(String reason) {
      super(reason, null, false, false);
    }
  }

  /** Handles one data line; throws {@link Bad} when it is malformed. */
  interface LineHandler {
    void line(String line);
  }

  /** Handles the header line; throws {@link Bad} when it is unusable (never skipped). */
  interface HeaderHandler {
    void header(String line);
  }

  /** Counts skipped lines across the files of one dataset and enforces the options. */
  static final class Skips {
    private final ReadOptions options;
    private long count;
    private final List<String> examples = new ArrayList<>();

    Skips(ReadOptions options) {
      this.options = options;
    }

    void skip(MalformedInputException e) {
      if (!options.lenient()) {
        throw e;
      }
      count++;
      if (count > options.maxSkipped()) {
        throw new MalformedInputException(
            e.file(),
            e.line(),
            e.reason() + " (more than maxSkipped = " + options.maxSkipped() + " malformed lines)");
      }
      if (examples.size() < ReadResult.MAX_EXAMPLES) {
        examples.add(e.getMessage());
      }
    }

    long count() {
      return count;
    }

    List<String> examples() {
      return examples;
    }
  }

  /** Fails with a message naming {@code file} unless it is a readable regular file. */
  static void requireFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          file + ": no such file" + (Files.isDirectory(file) ? " (it is a directory)" : ""));
    }
  }

  /**
   * Reads {@code file}, passing the header (when {@code header} is not null) and then every
   * non-blank line to {@code handler}. Returns the number of data lines accepted.
   *
   * @throws MalformedInputException on a malformed line in strict mode, on a bad header, or when
   *     the file holds no data line
   * @throws IllegalArgumentException when the file does not exist
   * @throws UncheckedIOException on an I/O error
   */
  static long read(
      Path file, Charset charset, Skips skips, HeaderHandler header, LineHandler handler) {
    requireFile(file);
    long number = 0;
    long accepted = 0;
    long nonBlank = 0;
    boolean sawHeader = false;
    try (BufferedReader r = Files.newBufferedReader(file, charset)) {
      String line;
      while ((line = r.readLine()) != null) {
        number++;
        if (number == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
          line = line.substring(1); // byte order mark
        }
        if (Strings.isBlank(line)) {
          continue;
        }
        nonBlank++;
        if (header != null && !sawHeader) {
          sawHeader = true;
          try {
            header.header(line);
          } catch (Bad b) {
            throw new MalformedInputException(file, number, b.getMessage());
          }
          continue;
        }
        try {
          handler.line(line);
          accepted++;
        } catch (Bad b) {
          skips.skip(new MalformedInputException(file, number, b.getMessage()));
        }
      }
    } catch (CharacterCodingException e) {
      throw new MalformedInputException(
          file, number + 1, "not valid " + charset.name() + " text (" + e + ")");
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    if (accepted == 0) {
      String why =
          nonBlank == 0
              ? "file is empty"
              : nonBlank == 1 && sawHeader
                  ? "file has a header but no data lines"
                  : "file has no valid data lines";
      throw new MalformedInputException(file, 0, why);
    }
    return accepted;
  }

  /** Splits on {@code d}, keeping empty fields (also trailing ones). */
  static String[] split(String s, char d) {
    int n = 1;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == d) {
        n++;
      }
    }
    String[] out = new String[n];
    int start = 0;
    int k = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == d) {
        out[k++] = s.substring(start, i);
        start = i + 1;
      }
    }
    out[k] = s.substring(start);
    return out;
  }

  /** Splits on the string {@code d}, keeping empty fields (also trailing ones). */
  static String[] split(String s, String d) {
    if (d.length() == 1) {
      return split(s, d.charAt(0));
    }
    List<String> out = new ArrayList<>();
    int start = 0;
    int i;
    while ((i = s.indexOf(d, start)) >= 0) {
      out.add(s.substring(start, i));
      start = i + d.length();
    }
    out.add(s.substring(start));
    return out.toArray(new String[0]);
  }

  /**
   * Splits on {@code d} with RFC 4180 quoting: a field that starts with {@code "} runs to the
   * matching quote, and {@code ""} inside it stands for one quote.
   */
  static String[] splitQuoted(String s, String d) {
    if (s.indexOf('"') < 0) {
      return split(s, d);
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (true) {
      if (i < n && s.charAt(i) == '"') {
        StringBuilder f = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw new Bad("unterminated quoted field starting at column " + (i + 1));
          }
          char c = s.charAt(j);
          if (c == '"') {
            if (j + 1 < n && s.charAt(j + 1) == '"') {
              f.append('"');
              j += 2;
              continue;
            }
            j++;
            break;
          }
          f.append(c);
          j++;
        }
        out.add(f.toString());
        if (j == n) {
          break;
        }
        if (!s.startsWith(d, j)) {
          throw new Bad("unexpected character after closing quote at column " + (j + 1));
        }
        i = j + d.length();
      } else {
        int j = s.indexOf(d, i);
        if (j < 0) {
          out.add(s.substring(i));
          break;
        }
        out.add(s.substring(i, j));
        i = j + d.length();
      }
    }
    return out.toArray(new String[0]);
  }

  /** Requires exactly {@code n} fields. */
  static void requireFields(String[] f, int n, String separator) {
    if (f.length != n) {
      throw new Bad("expected " + n + " " + separator + "-separated fields, found " + f.length);
    }
  }

  /** Parses an integer ID and returns it in canonical decimal form. */
  static String integerId(String field, String what) {
    return Long.toString(longId(field, what));
  }

  /** Parses an integer ID. */
  static long longId(String field, String what) {
    try {
      return Long.parseLong(field.trim());
    } catch (NumberFormatException e) {
      throw new Bad(what + " must be an integer, was '" + field + "'");
    }
  }

  /**
   * An {@link IdMap} in front of which small non-negative integer IDs are looked up in an array,
   * sparing a string and a hash lookup per line.
   */
  static final class IntIds {
    private static final int MAX_CACHED = 1 << 22;
    private final IdMap map;
    private int[] cache = new int[1024]; // dense index + 1, or 0 when not yet seen

    IntIds(IdMap map) {
      this.map = map;
    }

    int getOrAdd(long id) {
      int c = cached(id);
      if (c >= 0) {
        return c;
      }
      return remember(id, map.getOrAdd(Long.toString(id)));
    }

    /** The dense index of {@code id}, or -1 when the map does not hold it. */
    int indexOf(long id) {
      int c = cached(id);
      if (c >= 0) {
        return c;
      }
      int i = map.indexOf(Long.toString(id));
      return i < 0 ? i : remember(id, i);
    }

    private int cached(long id) {
      return id >= 0 && id < cache.length ? cache[(int) id] - 1 : -1;
    }

    private int remember(long id, int index) {
      if (id >= 0 && id < MAX_CACHED) {
        if (id >= cache.length) {
          cache =
              java.util.Arrays.copyOf(
                  cache, (int) Math.min(MAX_CACHED, Math.max(id + 1, 2L * cache.length)));
        }
        cache[(int) id] = index + 1;
      }
      return index;
    }
  }

  /** Parses a non-empty ID as it is written (trimmed). */
  static String textId(String field, String what) {
    String t = field.trim();
    if (t.isEmpty()) {
      throw new Bad(what + " must not be empty");
    }
    return t;
  }

  /** Parses a finite decimal number. */
  static float weight(String field, String what) {
    String t = field.trim();
    float w;
    try {
      w = Float.parseFloat(t);
    } catch (NumberFormatException e) {
      throw new Bad(what + " must be a number, was '" + field + "'");
    }
    if (!Float.isFinite(w)) {
      throw new Bad(what + " must be finite, was '" + field + "'");
    }
    return w;
  }

  /** Parses a time in epoch seconds, an integer >= 0. */
  static long time(String field, String what) {
    String t = field.trim();
    long v;
    try {
      v = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new Bad(what + " must be an integer (epoch seconds), was '" + field + "'");
    }
    if (v < 0) {
      throw new Bad(what + " must be >= 0, was " + v);
    }
    return v;
  }

  /** Parses an integer in a range. */
  static int intIn(String field, String what, int lo, int hi) {
    String t = field.trim();
    int v;
    try {
      v = Integer.parseInt(t);
    } catch (NumberFormatException e) {
      throw new Bad(what + " must be an integer, was '" + field + "'");
    }
    if (v < lo || v > hi) {
      throw new Bad(what + " must be in " + lo + ".." + hi + ", was " + v);
    }
    return v;
  }
}
