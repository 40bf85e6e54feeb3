package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, the audit chain's key. Whoever can write the database rewrites a row and recomputes the
 * chain with the public algorithm (SHA-256 of the previous hash and the length-prefixed row), then
 * the server is restarted, so that no hash kept in its memory can give the rewrite away. The first
 * test uses only what existed before the fix, and the rewritten log verified as intact there. Run
 * once per database: {@link SqliteAuditKeyTest} and {@link PostgresAuditKeyTest}.
 */
abstract class AuditKeyContract {
  private static final String POLICY = "2026-01";

  @TempDir Path dataDir;
  private String dbUrl;
  private Secret admin;
  private TacitServer server;
  private Http http;
  private final SecureRandom random = new SecureRandom();

  /** The JDBC URL to test against; may skip the test with an assumption. */
  abstract String databaseUrl(Path dataDir);

  /** Drops what {@link #databaseUrl} created. */
  void dropDatabase() {}

  @BeforeEach
  void start() {
    dbUrl = databaseUrl(dataDir);
    admin = Tokens.newToken(random);
    startServer();
    RegistrationResponse d = register();
    grant(d, "training");
    grant(d, "analytics");
    assertThat(http.send("GET", "/v1/devices/" + d.deviceId(), d.token(), null).statusCode())
        .isEqualTo(200);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    dropDatabase();
  }

  private void startServer() {
    server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dataDir)
                    .databaseUrl(dbUrl)
                    .adminToken(admin)
                    .policyVersion(POLICY)
                    .build())
            .start();
    http = new Http(server.baseUri());
  }

  @Test
  void aRowRewrittenWithTheChainRecomputed_doesNotVerify_afterARestart() throws SQLException {
    assertThat(verify().path("valid").asBoolean()).isTrue();
    server.close();

    rewriteWithSha256Chain(3, "purpose=analytics policy=forged");
    startServer();

    JsonNode v = verify();
    assertThat(v.path("valid").asBoolean()).as(v.toString()).isFalse();
    assertThat(v.path("firstBadRow").asLong()).isEqualTo(3);
  }

  @Test
  void theHead_isTheNewestRow_andAnAnchoredHeadDetectsARewriteWithTheKey() throws Exception {
    HttpResponse<String> r = http.send("GET", "/v1/admin/audit/head", admin.reveal(), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode head = tree(r.body());
    var newest = server.storage().audit().entries();
    var last = newest.get(newest.size() - 1);
    assertThat(head.path("seq").asLong()).isEqualTo(last.seq());
    assertThat(head.path("hash").asText()).isEqualTo(last.hash()).matches("[0-9a-f]{64}");
    assertThat(http.send("GET", "/v1/admin/audit/head", null, null).statusCode()).isEqualTo(401);

    // The anchor holds while the log is untouched; a log rewritten by someone holding the key
    // (here: the server's own storage, after deleting the rows behind its back) verifies, but
    // not against the anchor.
    long seq = head.path("seq").asLong();
    String hash = head.path("hash").asText();
    assertThat(server.storage().audit().verify(seq, hash).valid()).isTrue();
    server.close();
    DbDump.execute(dbUrl, "DELETE FROM device_audit");
    DbDump.execute(dbUrl, "DELETE FROM audit_log");
    startServer();
    for (long i = 1; i < seq; i++) {
      server.storage().audit("test.rewritten", "row " + i);
    }
    assertThat(server.storage().audit().verify().valid()).isTrue();
    var forged = server.storage().audit().verify(seq, hash);
    assertThat(forged.valid()).isFalse();
    assertThat(forged.problem()).contains("does not have the anchored hash");
  }

  @Test
  void aLogWrittenBeforeTheKey_isKeyedAtTheFirstStartThatCreatesTheKey_withoutDeviceReferences()
      throws Exception {
    // Turn the log back into the format of the code before the key: SHA-256 chain, a device's
    // rows under its reference.
    server.close();
    DbDump.execute(dbUrl, "UPDATE audit_log SET chain = 'sha256'");
    DbDump.execute(
        dbUrl, "UPDATE audit_log SET subject = 'a-0123456789abcdef' WHERE subject = 'device'");
    rewriteWithSha256Chain(1, null);
    String oldHead = rows().get(rows().size() - 1)[6];
    Files.delete(dataDir.resolve("audit-key"));

    startServer();

    JsonNode v = verify();
    assertThat(v.path("valid").asBoolean()).as(v.toString()).isTrue();
    List<String[]> rows = rows();
    assertThat(rows).allSatisfy(row -> assertThat(row[3]).isIn("-", "device"));
    assertThat(server.storage().audit().entries())
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo("audit.keyed");
              assertThat(e.detail())
                  .contains("legacy_head=" + oldHead)
                  .contains("legacy_chain=intact");
            });
  }

  @Test
  void aLogDowngradedToTheOldChain_isNotKeyedAgain_whileItsKeyExists() throws Exception {
    server.close();
    DbDump.execute(dbUrl, "UPDATE audit_log SET chain = 'sha256'");
    rewriteWithSha256Chain(2, "forged");

    startServer();

    JsonNode v = verify();
    assertThat(v.path("valid").asBoolean()).isFalse();
    assertThat(v.path("firstBadRow").asLong()).isEqualTo(1);
    assertThat(v.path("problem").asText()).contains("not keyed");
  }

  /**
   * Sets the detail of row {@code from} (unless null) and recomputes the public SHA-256 chain from
   * that row on, as anyone who can write the database can.
   */
  private void rewriteWithSha256Chain(long from, String detail) throws SQLException {
    if (detail != null) {
      DbDump.execute(dbUrl, "UPDATE audit_log SET detail = '" + detail + "' WHERE seq = " + from);
    }
    List<String[]> rows = rows();
    try (Connection c = DriverManager.getConnection(dbUrl);
        PreparedStatement u =
            c.prepareStatement("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?")) {
      String prev = "0".repeat(64);
      for (String[] r : rows) {
        long seq = Long.parseLong(r[0]);
        if (seq >= from) {
          String hash = sha256Chain(prev, seq, r[1], r[2], r[3], r[4]);
          u.setString(1, prev);
          u.setString(2, hash);
          u.setLong(3, seq);
          u.executeUpdate();
          prev = hash;
        } else {
          prev = r[6];
        }
      }
    }
  }

  /** seq, time, action, subject, detail, prev_hash, hash of every row, in order. */
  private List<String[]> rows() throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(dbUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT seq, event_time, action, subject, detail, prev_hash, hash FROM audit_log"
                    + " ORDER BY seq")) {
      while (rs.next()) {
        String[] r = new String[7];
        for (int i = 0; i < 7; i++) {
          r[i] = rs.getString(i + 1);
        }
        out.add(r);
      }
    }
    return out;
  }

  /** The chain as published before the key: SHA-256 of the previous hash and the fields. */
  private static String sha256Chain(
      String prev, long seq, String time, String action, String subject, String detail) {
    StringBuilder sb = new StringBuilder(prev);
    sb.append('|').append(seq);
    for (String f : new String[] {time, action, subject, detail}) {
      sb.append('|').append(f.length()).append(':').append(f);
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256")
                  .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode verify() {
    HttpResponse<String> r = http.send("GET", "/v1/admin/audit/verify", admin.reveal(), null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return tree(r.body());
  }

  private RegistrationResponse register() {
    HttpResponse<String> r =
        http.send("POST", "/v1/devices", null, "{\"protocolVersion\":1,\"sdkVersion\":\"0.1.0\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Json.read(r.body(), RegistrationResponse.class);
  }

  private void grant(RegistrationResponse d, String purpose) {
    HttpResponse<String> c =
        http.send(
            "POST",
            "/v1/devices/" + d.deviceId() + "/consent",
            d.token(),
            "{\"deviceId\":\""
                + d.deviceId()
                + "\",\"purpose\":\""
                + purpose
                + "\",\"granted\":true,\"policyVersion\":\""
                + POLICY
                + "\",\"time\":\"2026-01-31T12:00:00Z\"}");
    assertThat(c.statusCode()).as(c.body()).isEqualTo(201);
  }

  private static JsonNode tree(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }
}
