package dev.tacit.cli.card;

import dev.tacit.cli.card.CardDocument.Block;
import dev.tacit.cli.card.CardDocument.Paragraph;
import dev.tacit.cli.card.CardDocument.Table;
import dev.tacit.cli.text.Wording;
import dev.tacit.privacy.accounting.Accountant;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.Spend;
import dev.tacit.privacy.participant.ParticipantBudget;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.store.DeviceEpsilons;
import dev.tacit.server.store.RoundRow;
import dev.tacit.server.store.ServerRecords;
import dev.tacit.server.store.SqlLedgerStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The model card's privacy section: the ε after the round that produced the version, each device's
 * own ε against the server, and the ledger by purpose with its ε recomputed from the entries.
 */
final class PrivacySection {
  /** The δ of the per-device ε when no round produced the version (the server's default). */
  private static final double TRAINING_DELTA_FALLBACK = 1e-6;

  private PrivacySection() {}

  /** The section for model {@code version}. */
  static List<Block> of(ServerRecords records, List<RoundRow> rounds, long version) {
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
                        + Cells.fmt(r.epsilonAfter(), 4)
                        + " at delta = "
                        + Wording.sci(r.delta())
                        + ", noise multiplier "
                        + Cells.fmt(r.noiseMultiplier(), 4)
                        + ", sampling rate "
                        + Cells.fmt(r.samplingRate(), 5)
                        + ", kappa = "
                        + Cells.fmt(r.colludingFraction(), 2)
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
        records.deviceEpsilons(
            ParticipantBudget.unlimited(
                producing.map(RoundRow::delta).orElse(TRAINING_DELTA_FALLBACK)));
    out.add(
        new Paragraph(
            perDevice.devicesCounted() == 0
                ? "Epsilon against the server, per device: no device has been counted in a"
                    + " training release yet."
                : "Epsilon against the server, per device (each device's own rounds, the ones its"
                    + " update was counted in, composed without amplification, at the same"
                    + " delta): at most "
                    + Cells.fmt(perDevice.maxEpsilon(), 4)
                    + ", median "
                    + Cells.fmt(perDevice.medianEpsilon(), 4)
                    + ", over the "
                    + perDevice.devicesCounted()
                    + " device(s) counted in at least one round (at most "
                    + perDevice.maxReleases()
                    + " round(s) for one device). The server admits a device to no round that"
                    + " would take it past its per-device budget (tacit serve --device-epsilon)."));
    List<ServerRecords.LedgerEntry> entries = records.ledger();
    if (entries.isEmpty()) {
      out.add(new Paragraph("The privacy ledger is empty: no privacy budget has been spent."));
      return out;
    }
    Map<Purpose, Accountant> accountants = new EnumMap<>(Purpose.class);
    Map<Purpose, SqlLedgerStore.Row> last = new EnumMap<>(Purpose.class);
    Map<Purpose, Set<String>> mechanisms = new EnumMap<>(Purpose.class);
    Map<Purpose, Long> counts = new EnumMap<>(Purpose.class);
    for (ServerRecords.LedgerEntry entry : entries) {
      SqlLedgerStore.Row row = entry.row();
      Purpose p = row.purpose();
      accountants.computeIfAbsent(p, x -> Accountant.rdp()).compose(entry.spend().event());
      last.put(p, row);
      mechanisms.computeIfAbsent(p, x -> new LinkedHashSet<>()).add(describe(entry.spend()));
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
              Cells.fmt(row.epsilonAfter(), 4),
              Cells.fmt(recomputed, 4),
              Wording.sci(row.delta())));
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
              + Cells.fmt(g.samplingRate(), 5)
              + " z="
              + Cells.fmt(g.noiseMultiplier(), 4)
              + " x"
              + g.steps();
      case PrivacyEvent.Laplace l ->
          "Laplace epsilon="
              + Cells.fmt(l.sensitivity() / l.scale(), 4)
              + (l.count() > 1 ? " x" + l.count() : "");
      case PrivacyEvent.PureDp p ->
          "pure epsilon=" + Cells.fmt(p.epsilon(), 4) + (p.count() > 1 ? " x" + p.count() : "");
    };
  }
}
