package dev.tacit.cli;

import dev.tacit.server.store.AuditVerification;
import dev.tacit.server.store.Storage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tacit audit}: checks the server's tamper-evident audit log. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "The server's hash-chained audit log.",
    subcommands = {AuditCommand.Verify.class})
final class AuditCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code tacit audit verify}: recomputes the hash chain. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Recomputes the audit log's hash chain and reports the first row that breaks it.",
        "Exit code 0 when the chain is intact, 1 when it is not, 2 for bad arguments."
      })
  static final class Verify implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--db", description = "JDBC URL (default: the SQLite file in --data-dir).")
    String db;

    @Option(
        names = "--data-dir",
        defaultValue = "tacit-data",
        description = "The server's data directory (default: tacit-data).")
    Path dataDir;

    @Override
    public Integer call() {
      String url = db;
      if (url == null) {
        Path file = dataDir.resolve("tacit.db");
        if (!Files.isRegularFile(file)) {
          throw new CommandLine.ParameterException(
              spec.commandLine(), "no server database at " + file + " (use --data-dir or --db)");
        }
        url = "jdbc:sqlite:" + file.toAbsolutePath();
      }
      AuditVerification v;
      try (Storage storage = Storage.open(url, Clock.systemUTC())) {
        v = storage.audit().verify();
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--db: " + e.getMessage());
      }
      Report.print(spec.commandLine().getOut(), v);
      return v.valid() ? 0 : 1;
    }
  }

  /** Formats a verification. */
  static final class Report {
    private Report() {}

    static void print(PrintWriter out, AuditVerification v) {
      if (v.valid()) {
        out.println("audit log intact: " + v.rows() + " rows, hash chain verified");
      } else {
        out.println(
            "audit log BROKEN at row "
                + v.firstBadRow().map(String::valueOf).orElse("?")
                + " of "
                + v.rows()
                + ": "
                + v.problem());
      }
      out.flush();
    }
  }
}
