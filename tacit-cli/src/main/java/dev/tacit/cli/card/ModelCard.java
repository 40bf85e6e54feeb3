package dev.tacit.cli.card;

import dev.tacit.cli.card.CardDocument.Block;
import dev.tacit.cli.card.CardDocument.Bullets;
import dev.tacit.cli.card.CardDocument.Paragraph;
import dev.tacit.cli.card.CardDocument.Table;
import dev.tacit.core.report.EvaluationReport;
import dev.tacit.server.store.ModelVersion;
import dev.tacit.server.store.RoundRow;
import dev.tacit.server.store.RoundStore;
import dev.tacit.server.store.ServerRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the model card of the latest model version from the server's database and, optionally, a
 * simulation or evaluation report ({@code EvaluationReport} JSON, as written by {@code tacit
 * evaluate --out} and {@code tacit simulate --out}). It reads only aggregates: counts, round
 * statistics, ledger entries and evaluation sums; never a device id.
 */
public final class ModelCard {
  private ModelCard() {}

  /**
   * Reads and checks a simulation or evaluation report.
   *
   * @throws IllegalArgumentException naming the file and the rule, if it cannot be read or is not
   *     an evaluation report
   */
  public static EvaluationReport readReport(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read simulation report " + file + ": " + e, e);
    }
    return parseReport(text, file.toString());
  }

  /**
   * Parses and checks a simulation or evaluation report's JSON ({@link EvaluationReport#read}),
   * {@code file} saying where it came from in messages.
   *
   * @throws IllegalArgumentException naming the source and the rule, if it is not an evaluation
   *     report
   */
  public static EvaluationReport parseReport(String text, String file) {
    try {
      return EvaluationReport.read(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "simulation report " + file + " is not an evaluation report: " + e.getMessage(), e);
    }
  }

  /**
   * The card of the latest model version.
   *
   * @param records the server's database
   * @param report a report from {@link #readReport}, or null
   * @param reportName how to name the report in the card (its file name), or null
   * @param now when the card is made
   * @throws IllegalStateException if the database holds no model version yet
   */
  public static CardDocument build(
      ServerRecords records, EvaluationReport report, String reportName, Instant now) {
    ModelVersion model =
        records
            .latestModel()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the server database holds no model version yet: publish one (run"
                            + " federated rounds) before writing a model card"));
    List<RoundRow> rounds = records.rounds();
    List<RoundStore.EvaluationRow> evaluations = records.evaluations();

    CardDocument doc = new CardDocument("Model card: Tacit model version " + model.version());
    List<Block> modelBlocks =
        new ArrayList<>(
            algorithm(
                model.provenance(),
                records.model(model.version() - 1).map(ModelVersion::provenance).orElse(null)));
    modelBlocks.add(
        new Table(
            List.of("field", "value"),
            List.of(
                List.of("model version", Long.toString(model.version())),
                List.of("published", model.createdAt().toString()),
                List.of("model size", model.frame().length + " bytes"),
                List.of("provenance", model.provenance()),
                List.of("card generated", now.toString()))));
    doc.section("Model", modelBlocks);
    doc.section("Data scope", dataScope(records));
    doc.section("Training", TrainingSection.of(rounds, model.version()));
    doc.section("Privacy", PrivacySection.of(records, rounds, model.version()));
    doc.section(
        "Quality", QualitySection.quality(evaluations, model.version(), report, reportName));
    doc.section("Fairness audit", QualitySection.fairness(report));
    doc.section("Known limitations", List.of(new Bullets(limitations(report, rounds))));
    return doc;
  }

  /**
   * What the model is, from its provenance: federated iALS, or the private co-occurrence model with
   * its two releases, each with its noise multiplier z and its share of the privacy cost (its part
   * of the RDP, 1/z² over the sum of 1/z², the same at every order) and the devices it counted (the
   * popularity release's from {@code previousProvenance}, the version before, which that release
   * published; "-" where not recorded).
   */
  static List<Block> algorithm(String provenance, String previousProvenance) {
    com.fasterxml.jackson.databind.JsonNode p = tree(provenance);
    com.fasterxml.jackson.databind.JsonNode head = tree(previousProvenance);
    String headCounted =
        p.path("stage").asText("").equals("complete")
                && head.path("stage").asText("").equals("head")
                && head.has("survivors")
            ? Integer.toString(head.path("survivors").asInt())
            : p.path("stage").asText("").equals("head") && p.has("survivors")
                ? Integer.toString(p.path("survivors").asInt())
                : "-";
    String cooccurrenceCounted =
        p.path("stage").asText("").equals("complete") && p.has("survivors")
            ? Integer.toString(p.path("survivors").asInt())
            : "-";
    if (!p.path("algorithm").asText("").equals("cooccurrence")) {
      return List.of(
          new Paragraph(
              "Implicit-feedback matrix factorization (iALS), trained by federated learning with"
                  + " secure aggregation and distributed differential privacy. Item factors are"
                  + " shared; each user's factor is computed and kept on the device."));
    }
    double z1 = p.path("popularity_noise_multiplier").asDouble(Double.NaN);
    double z2 = p.path("cooccurrence_noise_multiplier").asDouble(Double.NaN);
    double w1 = 1 / (z1 * z1);
    double w2 = 1 / (z2 * z2);
    return List.of(
        new Paragraph(
            "The private item co-occurrence model (algorithm: cooccurrence, stage: "
                + p.path("stage").asText("?")
                + "): two releases through secure aggregation with distributed differential"
                + " privacy, in which every device with training consent takes part (no sampling,"
                + " so its epsilon holds against the server too): the popularity of every item,"
                + " then the co-occurrence of the "
                + p.path("head_size").asInt()
                + " most popular. The server keeps the top "
                + p.path("rank").asInt()
                + " eigen-components of the released matrix and solves EASE in closed form (lambda "
                + Cells.fmt(p.path("lambda").asDouble(), 3)
                + "); each device scores from its own history, which never leaves it."),
        new Table(
            List.of(
                "release", "noise multiplier z", "share of the privacy cost", "devices counted"),
            List.of(
                List.of(
                    "1. popularity of every item",
                    Cells.fmt(z1, 4),
                    Cells.fmt(w1 / (w1 + w2), 3),
                    headCounted),
                List.of(
                    "2. co-occurrence of the head",
                    Cells.fmt(z2, 4),
                    Cells.fmt(w2 / (w1 + w2), 3),
                    cooccurrenceCounted))));
  }

  private static com.fasterxml.jackson.databind.JsonNode tree(String json) {
    try {
      com.fasterxml.jackson.databind.JsonNode node =
          json == null ? null : dev.tacit.protocol.Json.mapper().readTree(json);
      return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
    } catch (java.io.IOException e) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  private static List<Block> dataScope(ServerRecords records) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("registered devices", Long.toString(records.deviceCount())));
    records
        .currentGrants()
        .forEach((p, n) -> rows.add(List.of("devices granting " + p.wireName(), Long.toString(n))));
    return List.of(
        new Paragraph(
            "The server holds no behavioural data and no personal data: interactions stay on the"
                + " devices. It holds pseudonymous device ids, consent events, privacy-ledger"
                + " entries and aggregates. The counts below are of the devices registered now;"
                + " a device counts for a purpose when its latest decision for it is a grant."),
        new Table(List.of("", "devices"), rows));
  }

  private static List<String> limitations(EvaluationReport report, List<RoundRow> rounds) {
    List<String> out = new ArrayList<>();
    out.add(
        "Federated evaluation is self-reported: each device scores the model on its own"
            + " held-back events and the server cannot check the numbers; only devices that"
            + " granted evaluation report, and they are not a random sample of users.");
    out.add(
        report == null
            ? "No fairness audit by group: the server holds no demographic data, and no simulation"
                + " report was given."
            : "Fairness groups come only from the simulation on public data (for example MovieLens"
                + " gender and age bands); the deployed population is not audited by group,"
                + " because the server holds no demographic data.");
    if (report != null) {
      out.add(
          "Offline quality is measured on the report's public dataset, which may differ from the"
              + " deployment's catalogue and behaviour.");
    }
    out.add(
        "The amplified epsilon assumes what the accountant assumes: each device joins a round"
            + " independently with the stated sampling rate, clips its update and adds its share"
            + " of noise as planned. A device selection that is not such a sample weakens the"
            + " amplification by sampling the figure relies on; the per-device epsilon against"
            + " the server does not rely on it.");
    long withDropouts = rounds.stream().filter(r -> r.dropouts() > 0).count();
    out.add(
        "With distributed noise each device adds only a share of the noise; "
            + withDropouts
            + " recorded round(s) had dropouts, and unless the protocol compensates, the realised"
            + " noise of such a round is below the planned noise multiplier.");
    out.add(
        "Counts of devices and consents are of the devices registered now; deleted devices and"
            + " their consent history are gone and not counted.");
    out.add(
        "The card describes the latest model version only; earlier versions have their own"
            + " rounds in the table above.");
    return out;
  }
}
