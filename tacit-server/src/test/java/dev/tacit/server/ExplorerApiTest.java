package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model explorer ({@code GET /v1/admin/explorer}) against a real server with a published
 * catalogue and model: its figures are recomputed here from the model with the device's own
 * fold-in, independently of the server's code.
 */
class ExplorerApiTest {
  private static final int ITEMS = 40;
  private static final int K = 4;
  private static final double ALPHA = 10;
  private static final double LAMBDA = 0.5;

  @TempDir Path dir;
  private final Secret admin = Tokens.newToken(new SecureRandom());
  private TacitServer server;
  private Http http;
  private float[] factors;

  @BeforeEach
  void start() {
    server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dir.resolve("data"))
                    .adminToken(admin)
                    .build())
            .start();
    http = new Http(server.baseUri());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  static JsonNode tree(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  /**
   * Publishes a catalogue of {@code ITEMS} items, "m0".."m39" (even ones "drama", odd ones
   * "comedy"), and model version 1 whose factors put the even items near one direction and the odd
   * ones near another, with varied norms.
   */
  static float[] publish(TacitServer server, Http http, Secret admin) {
    StringBuilder items = new StringBuilder("{\"items\":[");
    for (int i = 0; i < ITEMS; i++) {
      items
          .append(i == 0 ? "" : ",")
          .append("{\"itemId\":\"m")
          .append(i)
          .append("\",\"categories\":[\"")
          .append(i % 2 == 0 ? "drama" : "comedy")
          .append("\"],\"popularity\":")
          .append(ITEMS - i)
          .append('}');
    }
    HttpResponse<String> r = http.send("PUT", "/v1/admin/catalogue", admin.reveal(), items + "]}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    StringBuilder titles = new StringBuilder("{\"titles\":{");
    for (int i = 0; i < ITEMS; i += 2) { // the odd items have no title
      titles
          .append(i == 0 ? "" : ",")
          .append("\"m")
          .append(i)
          .append("\":\"")
          .append(title(i))
          .append('"');
    }
    HttpResponse<String> t =
        http.send("PUT", "/v1/admin/catalogue/titles", admin.reveal(), titles + "}}");
    assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
    assertThat(tree(t.body()).get("titles").asInt()).isEqualTo(ITEMS / 2);
    Random random = new Random(7);
    float[] y = new float[ITEMS * K];
    for (int i = 0; i < ITEMS; i++) {
      float norm = 0.5f + 2f * random.nextFloat();
      y[i * K + (i % 2 == 0 ? 0 : 1)] = norm;
      for (int f = 2; f < K; f++) {
        y[i * K + f] = 0.3f * (float) random.nextGaussian();
      }
    }
    byte[] frame = TensorFrame.ofFloats(new int[] {ITEMS, K}, y).encode();
    server
        .models()
        .publish(
            server.models().latestVersion().orElse(0L) + 1,
            "{\"kind\":\"federated\",\"alpha\":" + ALPHA + ",\"lambda\":" + LAMBDA + "}",
            frame);
    return y;
  }

  /** The title of an even item. */
  static String title(int i) {
    return "A drama, n\u00b0 " + i + " \u2014 l'\u00e9t\u00e9";
  }

  private HttpResponse<String> explore(String query) {
    return http.send("GET", "/v1/admin/explorer" + query, admin.reveal(), null);
  }

  @Test
  void explorer_beforeAnyModel_is404_andWithoutTheAdminToken_401() {
    HttpResponse<String> none = explore("");
    assertThat(none.statusCode()).as(none.body()).isEqualTo(404);
    assertThat(tree(none.body()).get("message").asText()).contains("no model version");

    for (String token : new String[] {null, Tokens.newToken(new SecureRandom()).reveal()}) {
      HttpResponse<String> r = http.send("GET", "/v1/admin/explorer", token, null);
      assertThat(r.statusCode()).isEqualTo(401);
    }
  }

  @Test
  void mostRecommendedAndCoverage_areThoseOfTheDeviceFoldIn_forEveryOneItemUser() {
    factors = publish(server, http, admin);
    ModelSnapshot model = ModelSnapshot.of(9, ITEMS, K, factors, ALPHA, LAMBDA);
    int[] reach = new int[ITEMS];
    float[] scores = new float[ITEMS];
    for (int i = 0; i < ITEMS; i++) {
      model.score(model.userFactor(new int[] {i}), scores);
      int user = i;
      IntStream.range(0, ITEMS)
          .filter(j -> j != user)
          .boxed()
          .sorted(Comparator.comparingDouble((Integer j) -> -scores[j]).thenComparing(j -> j))
          .limit(10)
          .forEach(j -> reach[j]++);
    }
    long covered = IntStream.of(reach).filter(r -> r > 0).count();
    List<Integer> expected = new ArrayList<>(IntStream.range(0, ITEMS).boxed().toList());
    expected.sort(Comparator.comparingInt((Integer j) -> -reach[j]).thenComparing(j -> j));

    HttpResponse<String> r = explore("?limit=15");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode x = tree(r.body());
    assertThat(x.get("modelVersion").asLong()).isEqualTo(1);
    assertThat(x.get("model").asText()).isEqualTo("ials");
    assertThat(x.get("numItems").asInt()).isEqualTo(ITEMS);
    assertThat(x.get("topN").asInt()).isEqualTo(10);
    assertThat(x.get("coveredItems").asLong()).isEqualTo(covered).isLessThan(ITEMS);
    assertThat(x.get("coverage").asDouble()).isEqualTo((double) covered / ITEMS);
    assertThat(x.get("item").isNull()).isTrue();
    List<String> ids = new ArrayList<>();
    for (JsonNode n : x.get("mostRecommended")) {
      ids.add(n.get("itemId").asText());
      int i = Integer.parseInt(n.get("itemId").asText().substring(1));
      assertThat(n.get("title").isNull()).isEqualTo(i % 2 == 1);
      assertThat(n.get("reach").asInt()).isEqualTo(reach[i]);
      assertThat(n.get("share").asDouble()).isEqualTo((double) reach[i] / ITEMS);
    }
    assertThat(ids)
        .containsExactlyElementsOf(expected.subList(0, 15).stream().map(j -> "m" + j).toList());
  }

  @Test
  void anItemsNearestItems_areThoseOfItsKind_mostAlikeFirst() {
    publish(server, http, admin);

    JsonNode item = tree(explore("?item=m4&limit=5").body()).get("item");

    assertThat(item.get("itemId").asText()).isEqualTo("m4");
    assertThat(item.get("title").asText()).isEqualTo(title(4));
    assertThat(item.get("categories").get(0).asText()).isEqualTo("drama");
    JsonNode near = item.get("neighbours");
    assertThat(near).hasSize(5);
    double last = 1.0001;
    for (JsonNode n : near) {
      assertThat(n.get("itemId").asText()).isNotEqualTo("m4");
      assertThat(n.get("categories").get(0).asText()).isEqualTo("drama");
      int j = Integer.parseInt(n.get("itemId").asText().substring(1));
      assertThat(n.get("title").asText()).isEqualTo(title(j));
      assertThat(n.get("similarity").asDouble()).isPositive().isLessThanOrEqualTo(last);
      last = n.get("similarity").asDouble();
    }
  }

  @Test
  void aCooccurrenceModel_isExplored_withTheRowsOfB_overItsHead() {
    publish(server, http, admin);
    double[] popularity = new double[ITEMS];
    for (int i = 0; i < ITEMS; i++) {
      popularity[i] = ITEMS - i; // m0 most popular
    }
    dev.tacit.federated.cooccurrence.Head head =
        dev.tacit.federated.cooccurrence.Head.top(popularity, 10);
    Random random = new Random(3);
    double[] v = new double[10 * 2];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextGaussian() / 3;
    }
    var model =
        dev.tacit.federated.cooccurrence.CooccurrenceModel.of(
            head, v, new double[] {4, 2}, 1.0, java.util.Map.of("algorithm", "cooccurrence"));
    byte[] frame =
        dev.tacit.federated.cooccurrence.CooccurrenceFrame.encode(
                new dev.tacit.federated.cooccurrence.CooccurrenceFrame.Published(
                    dev.tacit.federated.cooccurrence.CooccurrenceFrame.Stage.COMPLETE, model))
            .encode();
    server.models().publish(2, "{\"algorithm\":\"cooccurrence\"}", frame);

    JsonNode x = tree(explore("?item=m3&limit=20").body());

    assertThat(x.get("modelVersion").asLong()).isEqualTo(2);
    assertThat(x.get("model").asText()).isEqualTo("cooccurrence");
    assertThat(x.get("numItems").asInt()).isEqualTo(ITEMS);
    JsonNode near = x.get("item").get("neighbours");
    assertThat(near).hasSize(9); // the other head items: a tail item has no weight in B
    double[] b = model.denseB();
    for (JsonNode n : near) {
      int j = Integer.parseInt(n.get("itemId").asText().substring(1));
      assertThat(j).isLessThan(10);
      assertThat(n.get("similarity").asDouble()).isCloseTo(b[3 * 10 + j], within(1e-6));
    }
    assertThat(tree(explore("?item=m30").body()).get("item").get("neighbours")).isEmpty();
  }

  @Test
  void badInput_isAClearError() {
    publish(server, http, admin);

    HttpResponse<String> unknown = explore("?item=nope");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(tree(unknown.body()).get("message").asText()).contains("no item \"nope\"");
    for (String limit : new String[] {"0", "101", "ten", "-1"}) {
      HttpResponse<String> r = explore("?limit=" + limit);
      assertThat(r.statusCode()).as(limit).isEqualTo(400);
      assertThat(tree(r.body()).get("message").asText()).contains("limit must be an integer");
    }
  }

  @Test
  void titles_areRefused_forAnItemOutsideTheCatalogue_aBadTitle_orWithoutTheToken() {
    String path = "/v1/admin/catalogue/titles";
    HttpResponse<String> early = http.send("PUT", path, admin.reveal(), "{\"titles\":{}}");
    assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
    publish(server, http, admin);
    String before = DbDump.dump(server.config().effectiveDatabaseUrl());

    for (String body :
        new String[] {
          "{\"titles\":{\"m999\":\"Nope\"}}",
          "{\"titles\":{\"m1\":\"\"}}",
          "{\"titles\":{\"m1\":\"two\\nlines\"}}",
          "{\"titles\":{\"m1\":\"" + "x".repeat(257) + "\"}}",
          "{}"
        }) {
      HttpResponse<String> r = http.send("PUT", path, admin.reveal(), body);
      assertThat(r.statusCode()).as(body + " " + r.body()).isEqualTo(400);
    }
    assertThat(http.send("PUT", path, null, "{\"titles\":{}}").statusCode()).isEqualTo(401);

    assertThat(DbDump.dump(server.config().effectiveDatabaseUrl())).isEqualTo(before);
    assertThat(tree(explore("?item=m2").body()).get("item").get("title").asText())
        .isEqualTo(title(2));
  }

  @Test
  void thePage_isServedUnderTheDashboardsContentSecurityPolicy() {
    HttpResponse<String> page = http.send("GET", "/admin/model", null, null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .startsWith("default-src 'self'; script-src 'self'");
    assertThat(page.body()).contains("/admin/model.js").doesNotContain("<script>");
    assertThat(http.send("GET", "/", null, null).body()).contains("href=\"/admin/model\"");
    assertThat(http.send("GET", "/admin", null, null).body()).contains("href=\"/admin/model\"");
  }
}
