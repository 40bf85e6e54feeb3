package dev.tacit.cli;

import dev.tacit.server.security.AuditKey;
import dev.tacit.server.store.ServerRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Where a server's database is, for the commands that read it: {@code --db} or {@code --data-dir}.
 */
class ServerDatabase {
  @Option(names = "--db", description = "JDBC URL (default: the SQLite file in --data-dir).")
  String db;

  @Option(
      names = "--data-dir",
      defaultValue = "tacit-data",
      description = "The server's data directory (default: tacit-data).")
  Path dataDir;

  /**
   * Opens the database to read it, with the audit key when one is given.
   *
   * @throws CommandLine.ParameterException if there is no such database or it cannot be opened
   */
  ServerRecords open(CommandLine cl, AuditKey key) {
    return open(cl, url(cl), key);
  }

  /** Opens the database at {@code url}, from {@link #url}. */
  ServerRecords open(CommandLine cl, String url, AuditKey key) {
    try {
      return ServerRecords.open(url, Clock.systemUTC(), key);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cl, "--db: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new CommandLine.ParameterException(
          cl, "cannot open the server database: " + e.getMessage());
    }
  }

  /**
   * The database's JDBC URL.
   *
   * @throws CommandLine.ParameterException if there is no such SQLite file
   */
  String url(CommandLine cl) {
    if (db == null) {
      Path file = dataDir.resolve(ServerRecords.SQLITE_FILE);
      if (!Files.isRegularFile(file)) {
        throw new CommandLine.ParameterException(
            cl, "no server database at " + file + " (use --data-dir or --db)");
      }
      return ServerRecords.sqliteUrl(dataDir);
    }
    if (db.startsWith("jdbc:sqlite:")) {
      String path = db.substring("jdbc:sqlite:".length());
      int query = path.indexOf('?');
      Path file = Path.of(query < 0 ? path : path.substring(0, query));
      if (!Files.isRegularFile(file)) {
        throw new CommandLine.ParameterException(cl, "--db: no SQLite database at " + file);
      }
    }
    return db;
  }
}
