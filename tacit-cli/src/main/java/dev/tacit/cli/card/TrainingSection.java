package dev.tacit.cli.card;

import dev.tacit.cli.card.CardDocument.Block;
import dev.tacit.cli.card.CardDocument.Paragraph;
import dev.tacit.cli.card.CardDocument.Table;
import dev.tacit.federated.server.round.SessionStatus;
import dev.tacit.server.store.RoundRow;
import java.util.ArrayList;
import java.util.List;

/** The model card's training section: the rounds' counts, cohorts and the latest rounds. */
final class TrainingSection {
  private static final int ROUND_ROWS = 20;

  private TrainingSection() {}

  /** The section for model {@code version} from every recorded round. */
  static List<Block> of(List<RoundRow> rounds, long version) {
    List<Block> out = new ArrayList<>();
    if (rounds.isEmpty()) {
      out.add(
          new Paragraph(
              "No federated round is recorded in this database: version "
                  + version
                  + " was published without federated training (for example an initial model)."));
      return out;
    }
    long completed = rounds.stream().filter(r -> r.status() == SessionStatus.COMPLETED).count();
    long aborted = rounds.stream().filter(r -> r.status() == SessionStatus.ABORTED).count();
    long rejected = rounds.stream().filter(r -> r.status() == SessionStatus.REJECTED).count();
    long other = rounds.size() - completed - aborted - rejected;
    List<RoundRow> finished = rounds.stream().filter(r -> r.status().isOver()).toList();
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("rounds recorded", Long.toString(rounds.size())));
    rows.add(List.of("rounds completed", Long.toString(completed)));
    rows.add(List.of("rounds aborted", Long.toString(aborted)));
    rows.add(
        List.of(
            "rounds rejected (sum above what honest clipping and noise allow; charged, no model)",
            Long.toString(rejected)));
    rows.add(
        List.of(
            "rounds charged to the privacy ledger (their sum was released)",
            Long.toString(rounds.stream().filter(r -> r.ledgerSeq() != null).count())));
    if (other > 0) {
      rows.add(List.of("rounds in progress", Long.toString(other)));
    }
    if (!finished.isEmpty()) {
      int min = finished.stream().mapToInt(RoundRow::cohort).min().orElseThrow();
      int max = finished.stream().mapToInt(RoundRow::cohort).max().orElseThrow();
      double mean = finished.stream().mapToInt(RoundRow::cohort).average().orElseThrow();
      rows.add(
          List.of(
              "cohort size (finished rounds) min / mean / max",
              min + " / " + Cells.fmt(mean, 1) + " / " + max));
      rows.add(
          List.of(
              "survivors (devices in the sum), total",
              Long.toString(finished.stream().mapToLong(RoundRow::survivors).sum())));
      rows.add(
          List.of(
              "dropouts, total",
              Long.toString(finished.stream().mapToLong(RoundRow::dropouts).sum())));
    }
    rounds.stream()
        .filter(r -> r.resultVersion() != null && r.resultVersion() == version)
        .findFirst()
        .ifPresent(
            r -> rows.add(List.of("round that produced this version", Long.toString(r.round()))));
    out.add(new Table(List.of("", "value"), rows));
    List<RoundRow> shown = rounds.subList(Math.max(0, rounds.size() - ROUND_ROWS), rounds.size());
    List<List<String>> table = new ArrayList<>();
    for (RoundRow r : shown) {
      table.add(
          List.of(
              Long.toString(r.round()),
              r.status().wireName(),
              Long.toString(r.modelVersion()),
              r.resultVersion() == null ? "-" : Long.toString(r.resultVersion()),
              Integer.toString(r.cohort()),
              Integer.toString(r.survivors()),
              Integer.toString(r.dropouts()),
              Cells.fmt(r.noiseMultiplier(), 3),
              Cells.fmt(r.samplingRate(), 4),
              Cells.fmt(r.colludingFraction(), 2),
              r.ledgerSeq() == null ? "no" : "yes",
              Cells.fmt(r.epsilonAfter(), 4),
              r.note()));
    }
    out.add(
        new Paragraph(
            shown.size() == rounds.size()
                ? "Every round:"
                : "The last " + shown.size() + " of " + rounds.size() + " rounds:"));
    out.add(
        new Table(
            List.of(
                "round",
                "status",
                "from version",
                "to version",
                "cohort",
                "survivors",
                "dropouts",
                "noise multiplier",
                "sampling rate",
                "kappa",
                "charged",
                "epsilon after",
                "note"),
            table));
    return out;
  }
}
