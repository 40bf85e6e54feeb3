package dev.tacit.cli;

import dev.tacit.cli.card.CardDocument;
import dev.tacit.cli.card.ModelCard;
import dev.tacit.core.report.EvaluationReport;
import dev.tacit.server.store.DashboardQueries;
import dev.tacit.server.store.ServerRecords;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tacit report}: writes the model card of the server's latest model version. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Writes model-card.md and model-card.html (self-contained) for the latest model version:"
          + " data scope, training, epsilon and delta, quality, fairness audit, known limitations.",
      "Exit code 0 on success, 1 when there is no model version yet, 2 for bad arguments."
    })
final class ReportCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin ServerDatabase database = new ServerDatabase();

  @Option(
      names = "--simulation-report",
      paramLabel = "FILE",
      description =
          "An evaluation report (JSON of tacit evaluate --out or tacit simulate --out) for"
              + " offline quality and the fairness audit (default: the report the server stored,"
              + " the one its dashboard shows, if any).")
  Path simulationReport;

  @Option(
      names = "--out",
      defaultValue = ".",
      paramLabel = "DIR",
      description = "Where to write the two files (default: the current directory).")
  Path out;

  @Override
  public Integer call() {
    EvaluationReport report = null;
    if (simulationReport != null) {
      if (!Files.isRegularFile(simulationReport)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--simulation-report: no file at " + simulationReport);
      }
      try {
        report = ModelCard.readReport(simulationReport);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--simulation-report: " + e.getMessage());
      }
    }
    CardDocument card;
    try (ServerRecords records = database.open(spec.commandLine(), null)) {
      String reportName =
          simulationReport == null ? null : simulationReport.getFileName().toString();
      if (report == null) {
        // one source of truth with the dashboard: the report the server stored, if any
        Optional<DashboardQueries.StoredReport> stored = records.storedReport();
        if (stored.isPresent()) {
          DashboardQueries.StoredReport r = stored.get();
          reportName =
              "the report stored on the server ("
                  + r.source()
                  + ", loaded "
                  + r.loadedAt()
                  + ", SHA-256 "
                  + r.sha256().substring(0, Math.min(12, r.sha256().length()))
                  + "…)";
          report = ModelCard.parseReport(r.json(), reportName);
        }
      }
      card = ModelCard.build(records, report, reportName, Clock.systemUTC().instant());
    }
    Path md = out.resolve("model-card.md");
    Path html = out.resolve("model-card.html");
    try {
      Files.createDirectories(out);
      Files.writeString(md, card.toMarkdown(), StandardCharsets.UTF_8);
      Files.writeString(html, card.toHtml(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model card to " + out, e);
    }
    PrintWriter o = spec.commandLine().getOut();
    o.println("model card written to " + md + " and " + html);
    o.flush();
    return 0;
  }
}
