package dev.tacit.cli.card;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tacit.cli.card.CardDocument.Block;
import dev.tacit.cli.card.CardDocument.Paragraph;
import dev.tacit.cli.card.CardDocument.Table;
import dev.tacit.core.report.EvaluationReport;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.report.Summary;
import dev.tacit.protocol.Json;
import dev.tacit.server.store.RoundStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model card's quality and fairness sections: the released federated evaluations, and the
 * offline figures and per-group NDCG@10 of a simulation or evaluation report.
 */
final class QualitySection {
  private static final List<String> QUALITY =
      List.of("ndcg@10", "recall@20", "precision@10", "map@10");
  private static final List<String> EXPOSURE = List.of("coverage@10", "gini@10", "arp@10");

  private QualitySection() {}

  static List<Block> quality(
      List<RoundStore.EvaluationRow> evaluations,
      long version,
      EvaluationReport report,
      String reportName) {
    List<Block> out = new ArrayList<>();
    Optional<RoundStore.EvaluationRow> fed =
        evaluations.stream().filter(e -> e.modelVersion() == version).findFirst();
    if (fed.isPresent() && fed.get().devices() > 0) {
      RoundStore.EvaluationRow e = fed.get();
      out.add(
          new Paragraph(
              "Federated evaluation of version "
                  + version
                  + ": devices that granted evaluation scored the model on their own held-back"
                  + " events and reported only their NDCG@10 and hit@10, once per device and"
                  + " version; the server released the sums once, when enough devices had"
                  + " reported, with Gaussian noise charged to the evaluation budget. The means"
                  + " below are those noisy released values."));
      out.add(
          new Table(
              List.of("devices", "mean NDCG@10", "mean hit@10", "released"),
              List.of(
                  List.of(
                      Long.toString(e.devices()),
                      Cells.fmt(e.ndcgAt10(), 4),
                      Cells.fmt(e.hitAt10(), 4),
                      e.updatedAt().toString()))));
    } else {
      out.add(
          new Paragraph(
              "No federated evaluation of version "
                  + version
                  + " was released (too few devices have reported on it)."));
    }
    if (evaluations.size() > 1) {
      List<List<String>> rows = new ArrayList<>();
      for (RoundStore.EvaluationRow e : evaluations) {
        rows.add(
            List.of(
                Long.toString(e.modelVersion()),
                Long.toString(e.devices()),
                e.devices() == 0 ? "-" : Cells.fmt(e.ndcgAt10(), 4),
                e.devices() == 0 ? "-" : Cells.fmt(e.hitAt10(), 4)));
      }
      out.add(new Paragraph("Released federated evaluation of every version (noisy means):"));
      out.add(new Table(List.of("version", "devices", "mean NDCG@10", "mean hit@10"), rows));
    }
    if (report == null) {
      out.add(
          new Paragraph(
              "No simulation report was given (--simulation-report), so there is no offline"
                  + " evaluation on public data."));
      return out;
    }
    List<String> protocol = new ArrayList<>();
    report.protocol().forEach((k, v) -> protocol.add(k + " = " + scalar(v)));
    out.add(
        new Paragraph(
            "Offline evaluation from "
                + (reportName == null ? "the simulation report" : reportName)
                + " on dataset "
                + report.dataset()
                + ". Protocol: "
                + (protocol.isEmpty() ? "not stated" : String.join(", ", protocol))
                + "."));
    List<String> metrics = present(report, QUALITY);
    if (metrics.isEmpty()) {
      metrics.addAll(report.models().get(0).metrics().keySet());
    }
    out.add(metricTable(report, metrics));
    return out;
  }

  /** The metrics of {@code wanted} that some model of the report has, in first-seen order. */
  private static List<String> present(EvaluationReport report, List<String> wanted) {
    List<String> out = new ArrayList<>();
    for (ModelReport m : report.models()) {
      for (String name : m.metrics().keySet()) {
        if (wanted.contains(name) && !out.contains(name)) {
          out.add(name);
        }
      }
    }
    return out;
  }

  private static Table metricTable(EvaluationReport report, List<String> metrics) {
    List<String> header = new ArrayList<>();
    header.add("model");
    header.addAll(metrics);
    List<List<String>> rows = new ArrayList<>();
    for (ModelReport m : report.models()) {
      List<String> row = new ArrayList<>();
      row.add(m.name());
      for (String metric : metrics) {
        row.add(summary(m.metrics().get(metric)));
      }
      rows.add(row);
    }
    return new Table(header, rows);
  }

  static List<Block> fairness(EvaluationReport report) {
    List<Block> out = new ArrayList<>();
    if (report == null) {
      out.add(
          new Paragraph(
              "No fairness audit: the server holds no demographic attribute of anyone, so groups"
                  + " can only come from a simulation on public data (--simulation-report)."));
      return out;
    }
    List<List<String>> groupRows = new ArrayList<>();
    for (ModelReport m : report.models()) {
      for (Map.Entry<String, Map<String, Summary>> attr : m.groups().entrySet()) {
        List<String> parts = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        String reportedGap = null;
        for (Map.Entry<String, Summary> g : attr.getValue().entrySet()) {
          double mean = g.getValue().mean();
          if (g.getKey().equals("gap")) {
            reportedGap = summary(g.getValue());
            continue;
          }
          parts.add(g.getKey() + " " + summary(g.getValue()));
          if (!Double.isNaN(mean)) {
            lo = Math.min(lo, mean);
            hi = Math.max(hi, mean);
          }
        }
        String gap = reportedGap != null ? reportedGap : (hi >= lo ? Cells.fmt(hi - lo, 4) : "-");
        groupRows.add(List.of(m.name(), attr.getKey(), String.join(", ", parts), gap));
      }
    }
    if (groupRows.isEmpty()) {
      out.add(new Paragraph("The report has no per-group NDCG@10, so no group comparison."));
    } else {
      out.add(new Paragraph("NDCG@10 per group (mean ± std over folds) and the largest gap:"));
      out.add(new Table(List.of("model", "attribute", "groups", "largest gap"), groupRows));
    }
    List<String> exposure = present(report, EXPOSURE);
    if (exposure.isEmpty()) {
      out.add(new Paragraph("The report has no exposure metrics (coverage, Gini, ARP)."));
    } else {
      out.add(
          new Paragraph(
              "Exposure: item coverage of the top 10, Gini of item exposure (0 even, 1 all on one"
                  + " item), and average recommendation popularity (ARP):"));
      out.add(metricTable(report, exposure));
    }
    return out;
  }

  private static String summary(Summary s) {
    if (s == null || Double.isNaN(s.mean())) {
      return "-";
    }
    return Cells.fmt(s.mean(), 4) + (Double.isNaN(s.std()) ? "" : " ± " + Cells.fmt(s.std(), 4));
  }

  /** A protocol value as the report's JSON has it: a scalar as text, a structure as JSON. */
  private static String scalar(Object v) {
    if (v instanceof Map<?, ?> || v instanceof List<?>) {
      try {
        return Json.mapper().writeValueAsString(v);
      } catch (JsonProcessingException e) {
        return String.valueOf(v);
      }
    }
    return String.valueOf(v);
  }
}
