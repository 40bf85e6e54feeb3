package dev.tacit.server.store;

import static dev.tacit.check.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.TensorFrame;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;

/** The model versions the server distributes, each a TensorFrame with its provenance. */
public final class ModelRegistry {
  /** One mapper: {@code Json.mapper()} returns a copy that builds its deserializers again. */
  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = Json.mapper();

  private final Storage storage;

  /** A registry over the given storage. */
  public ModelRegistry(Storage storage) {
    this.storage = storage;
  }

  /**
   * Publishes a new version, after the latest one.
   *
   * @param version the version, greater than every published one
   * @param provenanceJson a JSON object recording how the model was made
   * @param frame the model as an encoded TensorFrame
   * @throws IllegalArgumentException if the version is not new, the provenance is not a JSON
   *     object, or the frame does not decode
   */
  public ModelVersion publish(long version, String provenanceJson, byte[] frame) {
    checkArgument(version >= 1, "version must be >= 1, was %s", version);
    TensorFrame.decode(frame);
    JsonNode node;
    try {
      node = MAPPER.readTree(provenanceJson);
    } catch (IOException e) {
      throw new IllegalArgumentException("provenance must be a JSON object: " + e.getMessage(), e);
    }
    checkArgument(
        node != null && node.isObject(),
        "provenance must be a JSON object, was %s",
        provenanceJson);
    byte[] copy = frame.clone();
    long crc = TensorFrame.crcOf(copy);
    Instant now = storage.clock().instant();
    ModelVersion model = new ModelVersion(version, now, provenanceJson, crc, copy);
    return storage.write(
        h -> {
          long latest =
              h.createQuery("SELECT COALESCE(MAX(version), 0) FROM model_versions")
                  .mapTo(Long.class)
                  .one();
          if (version <= latest) {
            throw new IllegalArgumentException(
                "version must be > the latest version " + latest + ", was " + version);
          }
          insert(storage, h, version, now, provenanceJson, copy, "");
          return model;
        });
  }

  /**
   * Inserts a version's row and its audit entry in the caller's transaction (the registry's one way
   * of writing a version, also used by the round store when a round completes).
   */
  static void insert(
      Storage storage,
      org.jdbi.v3.core.Handle h,
      long version,
      Instant now,
      String provenanceJson,
      byte[] frame,
      String auditNote) {
    long crc = TensorFrame.crcOf(frame);
    h.createUpdate(
            "INSERT INTO model_versions (version, created_at, provenance, frame_crc, frame)"
                + " VALUES (?, ?, ?, ?, ?)")
        .bind(0, version)
        .bind(1, now.toString())
        .bind(2, provenanceJson)
        .bind(3, crc)
        .bind(4, frame)
        .execute();
    storage
        .audit()
        .append(
            h,
            now,
            "model.published",
            "-",
            "version=" + version + auditNote + " crc=" + Long.toHexString(crc));
  }

  /** The number of the newest version, if any was published. */
  public Optional<Long> latestVersion() {
    return storage
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT MAX(version) FROM model_versions")
                    .mapTo(Long.class)
                    .findOne());
  }

  /** Whether {@code version} was published (without reading its frame). */
  public boolean exists(long version) {
    return storage
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM model_versions WHERE version = ?")
                        .bind(0, version)
                        .mapTo(Long.class)
                        .one())
        > 0;
  }

  /** The newest version, if any was published. */
  public Optional<ModelVersion> latest() {
    return query(
        "SELECT version, created_at, provenance, frame_crc, frame FROM model_versions"
            + " ORDER BY version DESC LIMIT 1",
        null);
  }

  /**
   * A published version's number, time and provenance, read without its frame.
   *
   * @param provenance the JSON object recording how the model was made
   */
  public record Provenance(long version, Instant createdAt, String provenance) {}

  /** The newest version's provenance, without reading its frame, if any was published. */
  public Optional<Provenance> latestProvenance() {
    return provenance(
        "SELECT version, created_at, provenance FROM model_versions"
            + " ORDER BY version DESC LIMIT 1",
        null);
  }

  /** The provenance of {@code version}, without reading its frame, if it was published. */
  public Optional<Provenance> provenance(long version) {
    return provenance(
        "SELECT version, created_at, provenance FROM model_versions WHERE version = ?", version);
  }

  private Optional<Provenance> provenance(String sql, Long version) {
    return findOne(
        sql,
        version,
        (rs, ctx) ->
            new Provenance(rs.getLong(1), Instant.parse(rs.getString(2)), rs.getString(3)));
  }

  /** The given version, if it was published. */
  public Optional<ModelVersion> get(long version) {
    return query(
        "SELECT version, created_at, provenance, frame_crc, frame FROM model_versions"
            + " WHERE version = ?",
        version);
  }

  private Optional<ModelVersion> query(String sql, Long version) {
    return findOne(
        sql,
        version,
        (rs, ctx) ->
            new ModelVersion(
                rs.getLong(1),
                Instant.parse(rs.getString(2)),
                rs.getString(3),
                rs.getLong(4),
                rs.getBytes(5)));
  }

  /** The row of {@code sql}, with {@code version} bound to its one parameter unless null. */
  private <T> Optional<T> findOne(String sql, Long version, RowMapper<T> mapper) {
    return storage
        .jdbi()
        .withHandle(
            h -> {
              var q = h.createQuery(sql);
              if (version != null) {
                q.bind(0, version.longValue());
              }
              return q.map(mapper).findOne();
            });
  }
}
