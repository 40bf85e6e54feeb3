package dev.tacit.core.io;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A line of an input file that cannot be read, with the file, the 1-based line number and the
 * reason; the message reads like a compiler's: {@code u.data:17: expected 4 tab-separated fields,
 * found 3}. A line number of 0 means the file as a whole (for example an empty file).
 */
public final class MalformedInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long line;
  private final String reason;

  /** An error at {@code line} (1-based; 0 for the whole file) of {@code file}. */
  public MalformedInputException(Path file, long line, String reason) {
    super(format(file, line, reason));
    this.file = Objects.requireNonNull(file, "file");
    this.line = line;
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  private static String format(Path file, long line, String reason) {
    return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
  }

  /** The file that holds the line. */
  public Path file() {
    return file;
  }

  /** The 1-based line number, or 0 when the error concerns the whole file. */
  public long line() {
    return line;
  }

  /** What was wrong, without the file and line prefix. */
  public String reason() {
    return reason;
  }
}
