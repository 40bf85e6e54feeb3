package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, finding 8: after a device's deletion, nothing in any table links to it. A device
 * registers, grants every purpose, answers an analytics query, reports a federated evaluation and
 * looks at what the server holds (all of which the audit log records); once it is deleted, every
 * column of every table (read from the database's metadata, so that tables added later are scanned
 * too) is searched for its device id, its audit reference, its token and token hash, their SHA-256,
 * and their HMAC-SHA256 under every 256-bit hex value the database held before or after the
 * deletion (the keys of the duplicate checks among them). Only HTTP routes that existed before the
 * fix are used, so the test runs unchanged on the code it attacks (where the audit log kept five
 * rows under the reference and {@code analytics_reporters} the HMAC of the id). Run once per
 * database: {@link SqliteDeletionScanTest} and {@link PostgresDeletionScanTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeletionScanContract {
  private static final String POLICY = "2026-01";
  private static final Pattern KEY = Pattern.compile("(?i)(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])");

  private TacitServer server;
  private Http http;
  private String dbUrl;
  private Secret admin;
  private final SecureRandom random = new SecureRandom();

  /** The JDBC URL to test against; may skip the class with an assumption. */
  abstract String databaseUrl(Path dataDir);

  /** Drops what {@link #databaseUrl} created. */
  void dropDatabase() {}

  @BeforeAll
  void startServer(@TempDir Path dataDir) {
    dbUrl = databaseUrl(dataDir);
    admin = Tokens.newToken(random);
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
    server
        .models()
        .publish(1, "{\"round\":0}", TensorFrame.ofFloats(new int[] {2, 2}, new float[4]).encode());
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
    dropDatabase();
  }

  @Test
  void afterDeletion_noColumnOfAnyTable_holdsTheDeviceIdItsReferenceOrAnyHashOfThem() {
    // Another device that stays: the scan must not depend on the database being empty.
    RegistrationResponse other = register();
    grant(other, "analytics");
    RegistrationResponse d = register();
    for (String purpose : List.of("training", "analytics", "evaluation", "personalization")) {
      grant(d, purpose);
    }
    String query = createQuery();
    assertThat(analyticsReport(d, query).statusCode()).isEqualTo(202);
    assertThat(analyticsReport(other, query).statusCode()).isEqualTo(202);
    HttpResponse<String> eval =
        http.send(
            "POST",
            "/v1/devices/" + d.deviceId() + "/evaluations",
            d.token(),
            "{\"deviceId\":\""
                + d.deviceId()
                + "\",\"modelVersion\":1,\"ndcgAt10\":0.5,"
                + "\"hitAt10\":1}");
    assertThat(eval.statusCode()).as(eval.body()).isEqualTo(202);
    HttpResponse<String> view = http.send("GET", "/v1/devices/" + d.deviceId(), d.token(), null);
    assertThat(view.statusCode()).isEqualTo(200);
    JsonNode held = tree(view.body());
    String reference = held.path("auditReference").asText();
    assertThat(reference).isNotBlank();
    assertThat(held.path("auditEntries").size()).isGreaterThanOrEqualTo(6);

    Map<String, String> secrets = new LinkedHashMap<>();
    secrets.put("device id", d.deviceId());
    secrets.put("audit reference", reference);
    secrets.put("token", d.token());
    secrets.put("token hash", Tokens.hash(d.token()));
    // Before the deletion the scan finds the device: it does look where the links are.
    Map<String, List<String>> cellsBefore = cells();
    Set<String> keys = keys(cellsBefore);
    assertThat(findings(cellsBefore, secrets, keys)).isNotEmpty();

    HttpResponse<String> deleted =
        http.send("DELETE", "/v1/devices/" + d.deviceId(), d.token(), null);
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);

    Map<String, List<String>> cellsAfter = cells();
    keys.addAll(keys(cellsAfter));
    assertThat(findings(cellsAfter, secrets, keys)).isEmpty();
    // The device that stays is still linked to its own rows.
    assertThat(
            tree(http.send("GET", "/v1/devices/" + other.deviceId(), other.token(), null).body())
                .path("auditEntries")
                .size())
        .isGreaterThanOrEqualTo(3);
  }

  /** Where in the database any of the secrets, or a hash of one, appears. */
  private static List<String> findings(
      Map<String, List<String>> cells, Map<String, String> secrets, Set<String> keys) {
    Map<String, String> needles = new LinkedHashMap<>();
    for (Map.Entry<String, String> s : secrets.entrySet()) {
      needles.put(s.getKey(), s.getValue());
      needles.put("SHA-256 of the " + s.getKey(), sha256(s.getValue()));
      for (String key : keys) {
        needles.put("HMAC of the " + s.getKey() + " under " + key, hmac(key, s.getValue()));
      }
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> column : cells.entrySet()) {
      for (String value : column.getValue()) {
        String lower = value.toLowerCase(java.util.Locale.ROOT);
        for (Map.Entry<String, String> n : needles.entrySet()) {
          if (lower.contains(n.getValue().toLowerCase(java.util.Locale.ROOT))) {
            out.add(n.getKey() + " in " + column.getKey() + ": " + cut(value));
          }
        }
      }
    }
    return out;
  }

  /** Every non-null cell of every table, by table.column, as text (bytes as hex and as UTF-8). */
  private Map<String, List<String>> cells() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<String> tables = DbDump.tables(dbUrl);
    assertThat(tables).contains("devices", "audit_log", "analytics_reporters");
    try (Connection c = DriverManager.getConnection(dbUrl);
        Statement s = c.createStatement()) {
      for (String table : tables) {
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
          var md = rs.getMetaData();
          while (rs.next()) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
              String name = table + "." + md.getColumnName(i);
              Object v = rs.getObject(i);
              if (v == null) {
                continue;
              }
              List<String> values = out.computeIfAbsent(name, k -> new ArrayList<>());
              if (v instanceof byte[] b) {
                values.add(HexFormat.of().formatHex(b));
                values.add(new String(b, StandardCharsets.ISO_8859_1));
              } else {
                values.add(String.valueOf(v));
              }
            }
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Every 256-bit hex value in the cells: candidate HMAC keys. */
  private static Set<String> keys(Map<String, List<String>> cells) {
    Set<String> out = new LinkedHashSet<>();
    for (List<String> values : cells.values()) {
      for (String v : values) {
        Matcher m = KEY.matcher(v);
        while (m.find()) {
          out.add(m.group().toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
    return out;
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hmac(String keyHex, String s) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(HexFormat.of().parseHex(keyHex), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(s.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String cut(String s) {
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
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

  private String createQuery() {
    HttpResponse<String> r =
        http.send(
            "POST",
            "/v1/admin/analytics/queries",
            admin.reveal(),
            "{\"metric\":\"favourite_genre\",\"labels\":[\"a\",\"b\",\"c\"],\"epsilon\":1.0,"
                + "\"description\":\"which genre\"}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return tree(r.body()).path("id").asText();
  }

  private HttpResponse<String> analyticsReport(RegistrationResponse d, String query) {
    return http.send(
        "POST",
        "/v1/devices/" + d.deviceId() + "/reports",
        d.token(),
        "{\"deviceId\":\""
            + d.deviceId()
            + "\",\"metric\":\""
            + query
            + "\",\"mechanism\":\"grr\",\"epsilon\":1.0,\"domainSize\":3,\"seed\":0,\"value\":1}");
  }

  private static JsonNode tree(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }
}
