package dev.tacit.cli.card;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.cli.card.CardDocument.Block;
import dev.tacit.cli.card.CardDocument.Bullets;
import dev.tacit.cli.card.CardDocument.Paragraph;
import dev.tacit.cli.card.CardDocument.Table;
import dev.tacit.federated.round.RoundSession;
import dev.tacit.privacy.accounting.Accountant;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.Spend;
import dev.tacit.privacy.participant.ParticipantBudget;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.store.DeviceEpsilons;
import dev.tacit.server.store.ModelRegistry;
import dev.tacit.server.store.ModelVersion;
import dev.tacit.server.store.RoundRow;
import dev.tacit.server.store.RoundStore;
import dev.tacit.server.store.SqlLedgerStore;
import dev.tacit.server.store.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Builds the model card of the latest model version from the server's database and, optionally, a
 * simulation or evaluation report ({@code EvaluationReport} JSON, as written by {@code tacit
 * evaluate --out} and {@code tacit simulate --out}). It reads only aggregates: counts, round
 * statistics, ledger entries and evaluation sums; never a device id.
 */
public final class ModelCard {
  private static final int ROUND_ROWS = 20;
  private static final List<String> QUALITY =
      List.of("ndcg@10", "recall@20", "precision@10", "map@10");
  private static final List<String> EXPOSURE = List.of("coverage@10", "gini@10", "arp@10");

  private ModelCard() {}

  /**
   * Reads and checks a simulation or evaluation report.
   *
   * @throws IllegalArgumentException naming the file and the rule, if it cannot be read or is not
   *     an evaluation report
   */
  public static JsonNode readReport(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read simulation report " + file + ": " + e, e);
    }
    return parseReport(text, file.toString());
  }

  /**
   * Parses and checks a simulation or evaluation report's JSON, {@code name} saying where it came
   * from in messages.
   *
   * @throws IllegalArgumentException naming the source and the rule, if it is not an evaluation
   *     report
   */
  public static JsonNode parseReport(String text, String file) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(text);
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().get();
      throw malformed(file, "not JSON (" + why + ")");
    }
    if (root == null || !root.isObject()) {
      throw malformed(file, "the top level must be a JSON object");
    }
    if (!root.path("dataset").isTextual()) {
      throw malformed(file, "\"dataset\" must be a string");
    }
    if (!root.path("protocol").isObject()) {
      throw malformed(file, "\"protocol\" must be an object");
    }
    JsonNode models = root.path("models");
    if (!models.isArray() || models.isEmpty()) {
      throw malformed(file, "\"models\" must be a non-empty array");
    }
    for (int i = 0; i < models.size(); i++) {
      JsonNode m = models.get(i);
      String where = "models[" + i + "]";
      if (!m.path("name").isTextual()) {
        throw malformed(file, where + ".name must be a string");
      }
      if (!m.path("metrics").isObject()) {
        throw malformed(file, where + ".metrics must be an object");
      }
      for (Map.Entry<String, JsonNode> metric : m.get("metrics").properties()) {
        checkSummary(file, where + ".metrics." + metric.getKey(), metric.getValue());
      }
      JsonNode groups = m.path("groups_ndcg@10");
      if (!groups.isMissingNode()) {
        if (!groups.isObject()) {
          throw malformed(file, where + ".groups_ndcg@10 must be an object");
        }
        for (Map.Entry<String, JsonNode> attr : groups.properties()) {
          if (!attr.getValue().isObject()) {
            throw malformed(
                file, where + ".groups_ndcg@10." + attr.getKey() + " must be an object");
          }
          for (Map.Entry<String, JsonNode> g : attr.getValue().properties()) {
            checkSummary(
                file, where + ".groups_ndcg@10." + attr.getKey() + "." + g.getKey(), g.getValue());
          }
        }
      }
    }
    return root;
  }

  private static void checkSummary(String file, String where, JsonNode s) {
    if (!s.isObject() || !(s.path("mean").isNumber() || s.path("mean").isNull())) {
      throw malformed(file, where + " must be an object with a numeric \"mean\"");
    }
    JsonNode std = s.path("std");
    if (!std.isMissingNode() && !std.isNumber() && !std.isNull()) {
      throw malformed(file, where + ".std must be a number");
    }
  }

  private static IllegalArgumentException malformed(String file, String why) {
    return new IllegalArgumentException(
        "simulation report " + file + " is not an evaluation report: " + why);
  }

  /**
   * The card of the latest model version.
   *
   * @param storage the server's database
   * @param report a report from {@link #readReport}, or null
   * @param reportName how to name the report in the card (its file name), or null
   * @param now when the card is made
   * @throws IllegalStateException if the database holds no model version yet
   */
  public static CardDocument build(
      Storage storage, JsonNode report, String reportName, Instant now) {
    ModelVersion model =
        new ModelRegistry(storage)
            .latest()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the server database holds no model version yet: publish one (run"
                            + " federated rounds) before writing a model card"));
    RoundStore history = new RoundStore(storage);
    List<RoundRow> rounds = history.rounds();
    List<RoundStore.EvaluationRow> evaluations = history.evaluations();
    SqlLedgerStore ledger = new SqlLedgerStore(storage, Map.of());

    CardDocument doc = new CardDocument("Model card: Tacit model version " + model.version());
    List<Block> modelBlocks =
        new ArrayList<>(
            algorithm(
                model.provenance(),
                new ModelRegistry(storage)
                    .get(model.version() - 1)
                    .map(ModelVersion::provenance)
                    .orElse(null)));
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
    doc.section("Data scope", dataScope(storage));
    doc.section("Training", training(rounds, model.version()));
    doc.section("Privacy", privacy(ledger, rounds, model.version()));
    doc.section("Quality", quality(evaluations, model.version(), report, reportName));
    doc.section("Fairness audit", fairness(report));
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
                + fmt(p.path("lambda").asDouble(), 3)
                + "); each device scores from its own history, which never leaves it."),
        new Table(
            List.of(
                "release", "noise multiplier z", "share of the privacy cost", "devices counted"),
            List.of(
                List.of(
                    "1. popularity of every item", fmt(z1, 4), fmt(w1 / (w1 + w2), 3), headCounted),
                List.of(
                    "2. co-occurrence of the head",
                    fmt(z2, 4),
                    fmt(w2 / (w1 + w2), 3),
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

  private static List<Block> dataScope(Storage storage) {
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("registered devices", Long.toString(storage.deviceCount())));
    storage
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

  private static List<Block> training(List<RoundRow> rounds, long version) {
    List<Block> out = new ArrayList<>();
    if (rounds.isEmpty()) {
      out.add(
          new Paragraph(
              "No federated round is recorded in this database: version "
                  + version
                  + " was published without federated training (for example an initial model)."));
      return out;
    }
    long completed =
        rounds.stream().filter(r -> r.status() == RoundSession.Status.COMPLETED).count();
    long aborted = rounds.stream().filter(r -> r.status() == RoundSession.Status.ABORTED).count();
    long rejected = rounds.stream().filter(r -> r.status() == RoundSession.Status.REJECTED).count();
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
              min + " / " + fmt(mean, 1) + " / " + max));
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
              fmt(r.noiseMultiplier(), 3),
              fmt(r.samplingRate(), 4),
              fmt(r.colludingFraction(), 2),
              r.ledgerSeq() == null ? "no" : "yes",
              fmt(r.epsilonAfter(), 4),
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

  /** The δ of the per-device ε when no round produced the version (the server's default). */
  private static final double TRAINING_DELTA_FALLBACK = 1e-6;

  private static List<Block> privacy(SqlLedgerStore ledger, List<RoundRow> rounds, long version) {
    List<Block> out = new ArrayList<>();
    out.add(
        new Paragraph(
            "Unit of privacy: one device (user-level differential privacy). Accounting: Rényi DP"
                + " of the subsampled Gaussian mechanism (Mironov, Talwar and Zhang 2019) with the"
                + " improved RDP to (epsilon, delta) conversion; local-DP analytics queries are"
                + " recorded as pure epsilon-DP events. The ledger's epsilon is recomputed here from"
                + " its entries and shown beside the stored value."));
    Optional<RoundRow> producing =
        rounds.stream()
            .filter(r -> r.resultVersion() != null && r.resultVersion() == version)
            .findFirst();
    producing.ifPresent(
        r ->
            out.add(
                new Paragraph(
                    "After round "
                        + r.round()
                        + ", which produced version "
                        + version
                        + ": epsilon = "
                        + fmt(r.epsilonAfter(), 4)
                        + " at delta = "
                        + sci(r.delta())
                        + ", noise multiplier "
                        + fmt(r.noiseMultiplier(), 4)
                        + ", sampling rate "
                        + fmt(r.samplingRate(), 5)
                        + ", kappa = "
                        + fmt(r.colludingFraction(), 2)
                        + " (this epsilon holds if at most that fraction of the devices counted in"
                        + " each round added no noise, for example by colluding with the server)."
                        + " Epsilon counts every release: a round is charged when its sum is"
                        + " released (its masking phase closed), also if it was later aborted or"
                        + " rejected. This epsilon is against those who see only the published"
                        + " models: it is amplified by sampling at that rate, which holds only"
                        + " against someone who does not know who took part; the server sees"
                        + " every check-in, so against the server see the per-device epsilon"
                        + " below.")));
    DeviceEpsilons.Summary perDevice =
        new DeviceEpsilons(
                ledger,
                ParticipantBudget.unlimited(
                    producing.map(RoundRow::delta).orElse(TRAINING_DELTA_FALLBACK)))
            .summary();
    out.add(
        new Paragraph(
            perDevice.devicesCounted() == 0
                ? "Epsilon against the server, per device: no device has been counted in a"
                    + " training release yet."
                : "Epsilon against the server, per device (each device's own rounds, the ones its"
                    + " update was counted in, composed without amplification, at the same"
                    + " delta): at most "
                    + fmt(perDevice.maxEpsilon(), 4)
                    + ", median "
                    + fmt(perDevice.medianEpsilon(), 4)
                    + ", over the "
                    + perDevice.devicesCounted()
                    + " device(s) counted in at least one round (at most "
                    + perDevice.maxReleases()
                    + " round(s) for one device). The server admits a device to no round that"
                    + " would take it past its per-device budget (tacit serve --device-epsilon)."));
    List<SqlLedgerStore.Row> rows = ledger.rows();
    List<Spend> spends = ledger.readAll();
    if (rows.isEmpty()) {
      out.add(new Paragraph("The privacy ledger is empty: no privacy budget has been spent."));
      return out;
    }
    Map<Purpose, Accountant> accountants = new EnumMap<>(Purpose.class);
    Map<Purpose, SqlLedgerStore.Row> last = new EnumMap<>(Purpose.class);
    Map<Purpose, Set<String>> mechanisms = new EnumMap<>(Purpose.class);
    Map<Purpose, Long> counts = new EnumMap<>(Purpose.class);
    for (int i = 0; i < rows.size(); i++) {
      SqlLedgerStore.Row row = rows.get(i);
      Purpose p = row.purpose();
      accountants.computeIfAbsent(p, x -> Accountant.rdp()).compose(spends.get(i).event());
      last.put(p, row);
      mechanisms.computeIfAbsent(p, x -> new LinkedHashSet<>()).add(describe(spends.get(i)));
      counts.merge(p, 1L, Long::sum);
    }
    List<List<String>> table = new ArrayList<>();
    for (Map.Entry<Purpose, SqlLedgerStore.Row> e : last.entrySet()) {
      SqlLedgerStore.Row row = e.getValue();
      double recomputed = accountants.get(e.getKey()).guarantee(row.delta()).epsilon();
      table.add(
          List.of(
              e.getKey().name().toLowerCase(Locale.ROOT),
              Long.toString(counts.get(e.getKey())),
              String.join("; ", mechanisms.get(e.getKey())),
              fmt(row.epsilonAfter(), 4),
              fmt(recomputed, 4),
              sci(row.delta())));
    }
    out.add(
        new Table(
            List.of(
                "purpose",
                "ledger entries",
                "mechanisms",
                "epsilon (ledger)",
                "epsilon (recomputed)",
                "delta"),
            table));
    return out;
  }

  private static String describe(Spend s) {
    return switch (s.event()) {
      case PrivacyEvent.SampledGaussian g ->
          "sampled Gaussian q="
              + fmt(g.samplingRate(), 5)
              + " z="
              + fmt(g.noiseMultiplier(), 4)
              + " x"
              + g.steps();
      case PrivacyEvent.Laplace l ->
          "Laplace epsilon="
              + fmt(l.sensitivity() / l.scale(), 4)
              + (l.count() > 1 ? " x" + l.count() : "");
      case PrivacyEvent.PureDp p ->
          "pure epsilon=" + fmt(p.epsilon(), 4) + (p.count() > 1 ? " x" + p.count() : "");
    };
  }

  private static List<Block> quality(
      List<RoundStore.EvaluationRow> evaluations,
      long version,
      JsonNode report,
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
                      fmt(e.ndcgAt10(), 4),
                      fmt(e.hitAt10(), 4),
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
                e.devices() == 0 ? "-" : fmt(e.ndcgAt10(), 4),
                e.devices() == 0 ? "-" : fmt(e.hitAt10(), 4)));
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
    for (Map.Entry<String, JsonNode> p : report.get("protocol").properties()) {
      protocol.add(p.getKey() + " = " + scalar(p.getValue()));
    }
    out.add(
        new Paragraph(
            "Offline evaluation from "
                + (reportName == null ? "the simulation report" : reportName)
                + " on dataset "
                + report.get("dataset").asText()
                + ". Protocol: "
                + (protocol.isEmpty() ? "not stated" : String.join(", ", protocol))
                + "."));
    List<String> metrics = new ArrayList<>();
    for (JsonNode m : report.get("models")) {
      for (Iterator<String> it = m.get("metrics").fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (QUALITY.contains(name) && !metrics.contains(name)) {
          metrics.add(name);
        }
      }
    }
    if (metrics.isEmpty()) {
      for (Iterator<String> it = report.get("models").get(0).get("metrics").fieldNames();
          it.hasNext(); ) {
        metrics.add(it.next());
      }
    }
    out.add(metricTable(report, metrics));
    return out;
  }

  private static Table metricTable(JsonNode report, List<String> metrics) {
    List<String> header = new ArrayList<>();
    header.add("model");
    header.addAll(metrics);
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode m : report.get("models")) {
      List<String> row = new ArrayList<>();
      row.add(m.get("name").asText());
      for (String metric : metrics) {
        row.add(summary(m.get("metrics").get(metric)));
      }
      rows.add(row);
    }
    return new Table(header, rows);
  }

  private static List<Block> fairness(JsonNode report) {
    List<Block> out = new ArrayList<>();
    if (report == null) {
      out.add(
          new Paragraph(
              "No fairness audit: the server holds no demographic attribute of anyone, so groups"
                  + " can only come from a simulation on public data (--simulation-report)."));
      return out;
    }
    List<List<String>> groupRows = new ArrayList<>();
    for (JsonNode m : report.get("models")) {
      JsonNode groups = m.path("groups_ndcg@10");
      for (Map.Entry<String, JsonNode> attr : groups.properties()) {
        List<String> parts = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        String reportedGap = null;
        for (Map.Entry<String, JsonNode> g : attr.getValue().properties()) {
          JsonNode mean = g.getValue().path("mean");
          if (g.getKey().equals("gap")) {
            reportedGap = summary(g.getValue());
            continue;
          }
          parts.add(g.getKey() + " " + summary(g.getValue()));
          if (mean.isNumber()) {
            lo = Math.min(lo, mean.asDouble());
            hi = Math.max(hi, mean.asDouble());
          }
        }
        String gap = reportedGap != null ? reportedGap : (hi >= lo ? fmt(hi - lo, 4) : "-");
        groupRows.add(
            List.of(m.get("name").asText(), attr.getKey(), String.join(", ", parts), gap));
      }
    }
    if (groupRows.isEmpty()) {
      out.add(new Paragraph("The report has no per-group NDCG@10, so no group comparison."));
    } else {
      out.add(new Paragraph("NDCG@10 per group (mean ± std over folds) and the largest gap:"));
      out.add(new Table(List.of("model", "attribute", "groups", "largest gap"), groupRows));
    }
    List<String> exposure = new ArrayList<>();
    for (JsonNode m : report.get("models")) {
      for (String metric : EXPOSURE) {
        if (m.get("metrics").has(metric) && !exposure.contains(metric)) {
          exposure.add(metric);
        }
      }
    }
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

  private static List<String> limitations(JsonNode report, List<RoundRow> rounds) {
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

  private static String summary(JsonNode s) {
    if (s == null || !s.path("mean").isNumber()) {
      return "-";
    }
    JsonNode std = s.path("std");
    return fmt(s.get("mean").asDouble(), 4)
        + (std.isNumber() ? " ± " + fmt(std.asDouble(), 4) : "");
  }

  private static String scalar(JsonNode v) {
    return v.isValueNode() ? v.asText() : v.toString();
  }

  private static String fmt(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }

  private static String sci(double v) {
    return dev.tacit.cli.Wording.sci(v);
  }
}
