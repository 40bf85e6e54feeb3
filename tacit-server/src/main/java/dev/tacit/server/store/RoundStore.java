package dev.tacit.server.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.error.Conflict;
import dev.tacit.server.error.Invalid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The federated rounds in the database: the public catalogue, one row per round (written at every
 * change of phase, so a restarted server knows what was in flight), each model version with the
 * optimizer state it was made with (in the same transaction as the round that made it), and the
 * released federated evaluations.
 */
public final class RoundStore {
  /** One mapper: {@code Json.mapper()} returns a copy that builds its deserializers again. */
  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = Json.mapper();

  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  private final Storage storage;
  private final ModelRegistry models;

  /** A store over {@code storage}. */
  public RoundStore(Storage storage) {
    this.storage = storage;
    this.models = new ModelRegistry(storage);
  }

  /** The model versions, which rounds publish (through {@link ModelRegistry#insert}). */
  public ModelRegistry models() {
    return models;
  }

  // ------------------------------------------------------------------ catalogue

  /**
   * Publishes the catalogue, once.
   *
   * @throws Conflict CATALOGUE_EXISTS if a catalogue was published before
   * @throws Invalid if it is empty or repeats an item id
   */
  public void publishCatalogue(List<CatalogueItem> items) {
    Invalid.check(
        !items.isEmpty(), Invalid.Kind.REQUEST, "the catalogue must have at least one item");
    Invalid.check(
        items.stream().map(CatalogueItem::itemId).distinct().count() == items.size(),
        Invalid.Kind.REQUEST,
        "the catalogue repeats an item id");
    Instant now = storage.clock().instant();
    storage.write(
        h -> {
          long existing = h.createQuery("SELECT COUNT(*) FROM catalogue").mapTo(Long.class).one();
          if (existing > 0) {
            throw new Conflict(
                Conflict.Kind.CATALOGUE_EXISTS,
                "a catalogue of " + existing + " items was already published");
          }
          var batch =
              h.prepareBatch(
                  "INSERT INTO catalogue (position, item_id, categories, popularity)"
                      + " VALUES (?, ?, ?, ?)");
          for (int i = 0; i < items.size(); i++) {
            CatalogueItem it = items.get(i);
            batch
                .bind(0, i)
                .bind(1, it.itemId())
                .bind(2, Json.write(it.categories()))
                .bind(3, it.popularity())
                .add();
          }
          batch.execute();
          storage.audit().append(h, now, "catalogue.published", "-", "items=" + items.size());
          return null;
        });
  }

  /** The catalogue, in model row order; empty if none was published. */
  public List<CatalogueItem> catalogue() {
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT item_id, categories, popularity FROM catalogue ORDER BY position")
                    .map(
                        (rs, ctx) ->
                            new CatalogueItem(
                                rs.getString(1), strings(rs.getString(2)), rs.getDouble(3)))
                    .list());
  }

  private static List<String> strings(String json) {
    try {
      return MAPPER.readValue(json, STRINGS);
    } catch (IOException e) {
      throw new UncheckedIOException("a catalogue row's categories are not a JSON list", e);
    }
  }

  // ------------------------------------------------------------------ rounds

  /** Inserts or replaces the row of {@code row.round()}. */
  public void saveRound(RoundRow row) {
    storage.write(
        h -> {
          h.createUpdate("DELETE FROM rounds WHERE round = ?").bind(0, row.round()).execute();
          insert(h, row);
          return null;
        });
  }

  private static void insert(org.jdbi.v3.core.Handle h, RoundRow r) {
    h.createUpdate(
            "INSERT INTO rounds (round, model_version, result_version, status, cohort, survivors,"
                + " dropouts, noise_multiplier, sampling_rate, epsilon_after, delta, update_norm,"
                + " started_at, finished_at, note, colluding_fraction, ledger_seq) VALUES (?, ?, ?,"
                + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(0, r.round())
        .bind(1, r.modelVersion())
        .bind(2, r.resultVersion())
        .bind(3, r.status().wireName())
        .bind(4, r.cohort())
        .bind(5, r.survivors())
        .bind(6, r.dropouts())
        .bind(7, r.noiseMultiplier())
        .bind(8, r.samplingRate())
        .bind(9, RoundRow.toStored(r.epsilonAfter()))
        .bind(10, r.delta())
        .bind(11, r.updateNorm())
        .bind(12, r.startedAt().toString())
        .bind(13, r.finishedAt() == null ? null : r.finishedAt().toString())
        .bind(14, r.note().length() > 500 ? r.note().substring(0, 500) : r.note())
        .bind(15, r.colludingFraction())
        .bind(16, r.ledgerSeq())
        .execute();
  }

  /**
   * Completes a round: publishes its model version with the optimizer state, and writes the round's
   * row, in one transaction (a crash leaves either all of it or none).
   */
  public void completeRound(
      RoundRow row, byte[] modelFrame, String provenanceJson, byte[] optimizerFrame) {
    long version = row.resultVersion();
    TensorFrame.decode(modelFrame);
    Instant now = storage.clock().instant();
    storage.write(
        h -> {
          long latest =
              h.createQuery("SELECT COALESCE(MAX(version), -1) FROM model_versions")
                  .mapTo(Long.class)
                  .one();
          if (version <= latest) {
            throw new IllegalStateException(
                "model version " + version + " is not after the latest, " + latest);
          }
          insertModel(
              h, version, now, provenanceJson, modelFrame, optimizerFrame, " round=" + row.round());
          h.createUpdate("DELETE FROM rounds WHERE round = ?").bind(0, row.round()).execute();
          insert(h, row);
          return null;
        });
  }

  /**
   * Publishes model version 0, the initial model before any round, with its (empty) optimizer
   * state.
   *
   * @throws IllegalStateException if a model version exists already
   */
  public void publishInitialModel(byte[] modelFrame, String provenanceJson, byte[] optimizerFrame) {
    TensorFrame.decode(modelFrame);
    Instant now = storage.clock().instant();
    storage.write(
        h -> {
          long count = h.createQuery("SELECT COUNT(*) FROM model_versions").mapTo(Long.class).one();
          if (count > 0) {
            throw new IllegalStateException("model versions exist already");
          }
          insertModel(h, 0, now, provenanceJson, modelFrame, optimizerFrame, " (initial)");
          return null;
        });
  }

  /** A model version (the registry's row and audit entry) with its optimizer state. */
  private void insertModel(
      org.jdbi.v3.core.Handle h,
      long version,
      Instant now,
      String provenanceJson,
      byte[] modelFrame,
      byte[] optimizerFrame,
      String auditNote) {
    ModelRegistry.insert(storage, h, version, now, provenanceJson, modelFrame, auditNote);
    h.createUpdate("INSERT INTO optimizer_state (version, frame) VALUES (?, ?)")
        .bind(0, version)
        .bind(1, optimizerFrame)
        .execute();
  }

  /** Every round, oldest first. */
  public List<RoundRow> rounds() {
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(SELECT_ROUNDS + " ORDER BY round")
                    .map((rs, ctx) -> RoundRow.map(rs))
                    .list());
  }

  /** One round, if it was ever opened. */
  public Optional<RoundRow> round(long round) {
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(SELECT_ROUNDS + " WHERE round = ?")
                    .bind(0, round)
                    .map((rs, ctx) -> RoundRow.map(rs))
                    .findOne());
  }

  private static final String SELECT_ROUNDS = "SELECT " + RoundRow.COLUMNS + " FROM rounds";

  /**
   * Marks every round that was in flight as aborted, for a server starting after a crash: its masks
   * and keys were in the memory of the process that died, so nothing of it can be released.
   *
   * @return the rounds aborted
   */
  public List<Long> abortInFlight(String note) {
    Instant now = storage.clock().instant();
    return storage.write(
        h -> {
          List<Long> open =
              h.createQuery(
                      "SELECT round FROM rounds WHERE status NOT IN ('completed', 'aborted',"
                          + " 'rejected') ORDER BY round")
                  .mapTo(Long.class)
                  .list();
          for (long r : open) {
            h.createUpdate(
                    "UPDATE rounds SET status = 'aborted', finished_at = ?, note = ? WHERE round"
                        + " = ?")
                .bind(0, now.toString())
                .bind(1, note)
                .bind(2, r)
                .execute();
            storage.audit().append(h, now, "round.aborted", "-", "round=" + r + " " + note);
          }
          return new ArrayList<>(open);
        });
  }

  /** The optimizer state saved with a model version, if any. */
  public Optional<byte[]> optimizerState(long version) {
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT frame FROM optimizer_state WHERE version = ?")
                    .bind(0, version)
                    .mapTo(byte[].class)
                    .findOne());
  }

  // ------------------------------------------------------------------ evaluation

  /**
   * The released federated evaluation of one model version (see {@link EvaluationStore}).
   *
   * @param modelVersion the model version
   * @param devices the number of reports released
   * @param ndcgAt10 the released (noised) mean NDCG@10, clamped to [0, 1]
   * @param hitAt10 the released (noised) mean hit rate@10, clamped to [0, 1]
   * @param updatedAt when it was released
   */
  public record EvaluationRow(
      long modelVersion, long devices, double ndcgAt10, double hitAt10, Instant updatedAt) {}

  /** The released federated evaluations by model version, oldest first. */
  public List<EvaluationRow> evaluations() {
    return EvaluationStore.released(storage).stream()
        .map(
            r ->
                new EvaluationRow(
                    r.modelVersion(), r.devices(), r.ndcgAt10(), r.hitAt10(), r.releasedAt()))
        .toList();
  }
}
