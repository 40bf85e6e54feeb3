package dev.tacit.cli;

import dev.tacit.server.security.AuditKey;
import dev.tacit.server.store.AuditLog;
import dev.tacit.server.store.AuditVerification;
import dev.tacit.server.store.ServerRecords;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tacit audit}: checks the server's tamper-evident audit log. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "The server's keyed, hash-chained audit log.",
    subcommands = {AuditCommand.Verify.class, AuditCommand.Head.class})
final class AuditCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where the database and the audit key are. */
  static final class Location extends ServerDatabase {
    @Option(
        names = "--key-file",
        paramLabel = "FILE",
        description =
            "The audit key the server chains the log with (default: <data-dir>/audit-key; `tacit"
                + " serve --audit-key`). Without it the chain cannot be checked.")
    Path keyFile;

    ServerRecords open(CommandLine cl) {
      String url = url(cl);
      Path kf = keyFile != null ? keyFile : dataDir.resolve("audit-key");
      AuditKey key;
      try {
        key = AuditKey.read(kf);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            cl, "--key-file: " + e.getMessage() + " (the audit log is keyed: its key is needed)");
      }
      return open(cl, url, key);
    }
  }

  /** {@code tacit audit verify}: recomputes the keyed hash chain. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Recomputes the audit log's chain under its key (HMAC-SHA256, from the key file, kept"
            + " apart from the database) and reports the first row that breaks it: a changed,"
            + " missing or inserted row, or a row not keyed. Whoever can write the database but"
            + " not read the key cannot rewrite a row and recompute the chain.",
        "Rows written before the log was keyed are keyed at the first server start that creates"
            + " the key (an audit.keyed entry records their old head hash); until then they are"
            + " reported as not keyed.",
        "With --anchor SEQ:HASH (from `tacit audit head`, kept elsewhere), also checks that row"
            + " SEQ still has that hash, which detects a rewrite by someone holding the key.",
        "Exit code 0 when the chain is intact, 1 when it is not, 2 for bad arguments."
      })
  static final class Verify implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin Location location = new Location();

    @Option(
        names = "--anchor",
        paramLabel = "SEQ:HASH",
        description =
            "A head exported earlier by `tacit audit head`: row SEQ must still have HASH.")
    String anchor;

    @Override
    public Integer call() {
      long anchorSeq = 0;
      String anchorHash = null;
      if (anchor != null) {
        String[] parts = anchor.split(":", 2);
        if (parts.length != 2
            || !parts[0].matches("[1-9][0-9]{0,17}")
            || !parts[1].matches("[0-9a-fA-F]{64}")) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "--anchor must be SEQ:HASH (a row number and 64 hex digits), was " + anchor);
        }
        anchorSeq = Long.parseLong(parts[0]);
        anchorHash = parts[1];
      }
      AuditVerification v;
      try (ServerRecords records = location.open(spec.commandLine())) {
        v =
            anchorHash == null
                ? records.audit().verify()
                : records.audit().verify(anchorSeq, anchorHash);
      }
      Report.print(spec.commandLine().getOut(), v);
      return v.valid() ? 0 : 1;
    }
  }

  /** {@code tacit audit head}: prints the newest row's hash, to anchor elsewhere. */
  @Command(
      name = "head",
      mixinStandardHelpOptions = true,
      description = {
        "Prints the newest row of the audit log as SEQ:HASH TIME, after verifying the chain. Keep"
            + " it somewhere the server cannot write (a ticket, a transparency log, another"
            + " organisation), and check it later with `tacit audit verify --anchor SEQ:HASH`.",
        "Exit code 0 when printed, 1 when the chain is broken or the log is empty, 2 for bad"
            + " arguments."
      })
  static final class Head implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin Location location = new Location();

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (ServerRecords records = location.open(spec.commandLine())) {
        AuditVerification v = records.audit().verify();
        if (!v.valid()) {
          Report.print(out, v);
          return 1;
        }
        Optional<AuditLog.Head> head = records.audit().head();
        if (head.isEmpty()) {
          out.println("the audit log is empty");
          out.flush();
          return 1;
        }
        out.println(head.get().seq() + ":" + head.get().hash() + " " + head.get().time());
        out.flush();
        return 0;
      }
    }
  }

  /** Formats a verification. */
  static final class Report {
    private Report() {}

    static void print(PrintWriter out, AuditVerification v) {
      if (v.valid()) {
        out.println("audit log intact: " + v.rows() + " rows, keyed hash chain verified");
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
