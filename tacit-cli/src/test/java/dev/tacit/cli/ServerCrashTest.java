package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Purpose;
import dev.tacit.sim.fleet.DeviceFleet;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code tacit serve} process killed with SIGKILL in the middle of a round: restarted on the
 * same data directory, it aborts that round, keeps every model version, consent and ledger entry it
 * had acknowledged, and the devices go on to complete the next round.
 */
@Tag("slow")
class ServerCrashTest {
  private static final int DEVICES = 12;

  @TempDir Path dir;
  private Process server;
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    if (server != null) {
      server.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private Process start(Path dataDir, int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.tacit.cli.Main",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--data-dir",
                dataDir.toString(),
                "--sampling-rate",
                "1",
                "--min-cohort",
                "3",
                "--recruit-window",
                "30",
                "--phase-timeout",
                "20",
                "--noise-multiplier",
                "2",
                "--population",
                Integer.toString(DEVICES))
            .redirectErrorStream(true)
            .redirectOutput(
                dir.resolve("server-" + port + "-" + System.nanoTime() + ".log").toFile())
            .start();
    URI health = URI.create("http://127.0.0.1:" + port + "/health");
    long end = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < end) {
      try {
        if (http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()
            == 200) {
          return p;
        }
      } catch (IOException e) {
        // not up yet
      }
      if (!p.isAlive()) {
        throw new AssertionError("the server exited with " + p.exitValue());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the server did not start within 60 s");
  }

  private JsonNode get(URI base, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path)).build(),
            HttpResponse.BodyHandlers.ofString());
    return Json.mapper().readTree(r.body());
  }

  /** Every row the server acknowledged that must survive: one string per row. */
  private static List<String> acknowledged(Path db) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      for (String q :
          List.of(
              "SELECT 'model ' || version || ' ' || frame_crc FROM model_versions",
              "SELECT 'consent ' || seq || ' ' || device_id || ' ' || purpose FROM consent_events",
              "SELECT 'ledger ' || seq || ' ' || epsilon_after FROM privacy_ledger",
              "SELECT 'device ' || device_id FROM devices")) {
        try (ResultSet r = s.executeQuery(q)) {
          while (r.next()) {
            rows.add(r.getString(1));
          }
        }
      }
    }
    return rows;
  }

  @Test
  void killedMidRound_restarts_abortsThatRound_losesNothingAcknowledged_andGoesOn()
      throws Exception {
    Path dataDir = dir.resolve("data");
    int port = freePort();
    URI base = URI.create("http://127.0.0.1:" + port + "/");
    server = start(dataDir, port);
    String admin = Files.readString(dataDir.resolve("admin-token")).trim();
    StringBuilder items = new StringBuilder("{\"items\":[");
    List<List<String>> histories = new ArrayList<>();
    List<List<String>> none = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      items
          .append(i == 0 ? "" : ",")
          .append("{\"itemId\":\"i")
          .append(i)
          .append("\",\"categories\":[],\"popularity\":1.0}");
    }
    items.append("]}");
    HttpResponse<String> published =
        http.send(
            HttpRequest.newBuilder(base.resolve("/v1/admin/catalogue"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(items.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
    Random random = new Random(3);
    for (int d = 0; d < DEVICES; d++) {
      List<String> h = new ArrayList<>();
      for (int k = 0; k < 5; k++) {
        h.add("i" + random.nextInt(30));
      }
      histories.add(h);
      none.add(List.of());
    }
    try (DeviceFleet fleet =
        DeviceFleet.create(
            dir.resolve("devices"),
            base,
            histories,
            none,
            Set.of(Purpose.TRAINING, Purpose.PERSONALIZATION),
            1)) {
      assertThat(fleet.runRound(0, random).status()).isEqualTo("completed");

      CompletableFuture<DeviceFleet.RoundResult> second =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  // One device goes silent, so round 2 waits in a SecAgg+ phase (its timeout is
                  // 20 s): the kill lands mid-round however fast the machine is.
                  return fleet.runRound(1, random);
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      long end = System.nanoTime() + 60_000_000_000L;
      String status = "";
      while (System.nanoTime() < end) {
        status = get(base, "/v1/rounds/2").path("status").asText();
        if (List.of("advertising", "sharing", "masking", "unmasking").contains(status)) {
          break;
        }
        Thread.sleep(5);
      }
      assertThat(status)
          .as("round 2 is in a SecAgg+ phase")
          .isIn("advertising", "sharing", "masking", "unmasking");
      List<String> before = acknowledged(dataDir.resolve("tacit.db"));
      server.destroyForcibly(); // SIGKILL: no shutdown hook runs
      server.waitFor();
      second.join(); // the devices see the server vanish mid-round

      server = start(dataDir, port);
      List<String> after = acknowledged(dataDir.resolve("tacit.db"));
      assertThat(after).containsAll(before);
      JsonNode round2 = get(base, "/v1/rounds/2");
      assertThat(round2.path("status").asText()).isEqualTo("aborted");
      assertThat(round2.path("note").asText()).contains("restarted");
      assertThat(round2.path("resultVersion").isNull()).isTrue();

      DeviceFleet.RoundResult third = fleet.runRound(0, random);
      assertThat(third.status()).as(third.toString()).isEqualTo("completed");
      assertThat(third.round()).isEqualTo(3);
      assertThat(third.contributed()).isEqualTo(DEVICES);
      assertThat(get(base, "/v1/models/latest/metadata").path("version").asLong()).isEqualTo(2);
      String newAdmin = Files.readString(dataDir.resolve("admin-token")).trim();
      HttpResponse<String> audit =
          http.send(
              HttpRequest.newBuilder(base.resolve("/v1/admin/audit/verify"))
                  .header("Authorization", "Bearer " + newAdmin)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(Json.mapper().readTree(audit.body()).path("valid").asBoolean())
          .as(audit.body())
          .isTrue();
    }
  }
}
