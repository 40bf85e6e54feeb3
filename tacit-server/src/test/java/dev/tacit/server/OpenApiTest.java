package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.ErrorMessage;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.http.Views;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.router.ParsedEndpoint;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document at {@code /openapi.json} against the routes Javalin really has (read from
 * its router, so a route added without documenting it fails here), and Swagger UI at {@code
 * /swagger/} served without anything from the internet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiTest {
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
  private static final Pattern LINK = Pattern.compile("(?:src|href)\\s*=\\s*\"([^\"]*)\"");

  private TacitServer server;
  private Javalin app;
  private Http http;
  private JsonNode doc;

  @BeforeAll
  void start(@TempDir Path dir) {
    server =
        TacitServer.create(ServerConfig.builder().host("127.0.0.1").port(0).dataDir(dir).build())
            .start();
    app = server.javalin();
    http = new Http(server.baseUri().resolve("/"));
    HttpResponse<String> r = http.send("GET", "/openapi.json", null, null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    doc = tree(r.body());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static JsonNode tree(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  /** "GET /v1/devices/{id}" for every HTTP endpoint in Javalin's router. */
  private Set<String> registeredRoutes() {
    Set<String> routes = new TreeSet<>();
    for (ParsedEndpoint p : app.unsafe.internalRouter.allHttpHandlers()) {
      // Every GET also answers HEAD (Api.headLikeGet); the document lists the GETs.
      if (p.endpoint.method.isHttpMethod() && p.endpoint.method != HandlerType.HEAD) {
        routes.add(p.endpoint.method.name().toUpperCase(Locale.ROOT) + " " + p.endpoint.path);
      }
    }
    return routes;
  }

  /** "GET /v1/devices/{id}" for every operation of the document. */
  private Set<String> documentedRoutes() {
    Set<String> routes = new TreeSet<>();
    for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
      for (Iterator<String> it = path.getValue().fieldNames(); it.hasNext(); ) {
        String method = it.next();
        if (METHODS.contains(method)) {
          routes.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
    }
    return routes;
  }

  @Test
  void openapiJson_isJsonOfOpenApi3_servedAsApplicationJson() {
    HttpResponse<String> r = http.send("GET", "/openapi.json", null, null);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(doc.path("openapi").asText()).matches("3\\.\\d+\\.\\d+");
    assertThat(doc.path("info").path("title").asText()).isNotBlank();
    assertThat(doc.path("paths").size()).isPositive();
  }

  @Test
  void everyRegisteredRoute_isDocumented_andEveryDocumentedRoute_isRegistered() {
    Set<String> registered = registeredRoutes();
    assertThat(registered).contains("GET /openapi.json", "GET /swagger", "POST /v1/devices");
    assertThat(documentedRoutes()).isEqualTo(registered);
  }

  @Test
  void everyDocumentedOperation_isAnsweredByItsRoute_notByTheFallback() {
    for (String route : documentedRoutes()) {
      String method = route.substring(0, route.indexOf(' '));
      String path =
          route
              .substring(route.indexOf(' ') + 1)
              .replace("{id}", "d-" + "0".repeat(32))
              .replace("{version}", "1")
              .replace("{round}", "1")
              .replace("{purpose}", "training");
      HttpResponse<String> r = http.send(method, path, null, null);
      assertThat(r.statusCode()).as(route + ": " + r.body()).isNotEqualTo(405);
      if (r.statusCode() >= 400) {
        ErrorMessage e = Json.read(r.body(), ErrorMessage.class);
        assertThat(e.message())
            .as(route + " fell through to 404")
            .doesNotStartWith("no such resource");
        JsonNode responses = operation(route).get("responses");
        assertThat(responses.has(Integer.toString(r.statusCode())))
            .as(route + " answered " + r.statusCode() + " " + e.error() + ", undocumented")
            .isTrue();
      }
    }
  }

  private JsonNode operation(String route) {
    String method = route.substring(0, route.indexOf(' ')).toLowerCase(Locale.ROOT);
    return doc.get("paths").get(route.substring(route.indexOf(' ') + 1)).get(method);
  }

  @Test
  void everyRef_resolves_andEverySecurityRequirement_namesADeclaredScheme() {
    List<String> refs = new ArrayList<>();
    collectRefs(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
    JsonNode schemes = doc.path("components").path("securitySchemes");
    assertThat(schemes.path("deviceToken").path("scheme").asText()).isEqualTo("bearer");
    assertThat(schemes.path("adminToken").path("scheme").asText()).isEqualTo("bearer");
    for (String route : documentedRoutes()) {
      JsonNode op = operation(route);
      assertThat(op.path("responses").size()).as(route).isPositive();
      for (JsonNode requirement : op.path("security")) {
        requirement
            .fieldNames()
            .forEachRemaining(
                name -> assertThat(schemes.has(name)).as(route + " " + name).isTrue());
        assertThat(op.path("responses").has("401")).as(route + " is secured").isTrue();
      }
    }
    assertThat(operation("GET /v1/admin/audit/verify").path("security").toString())
        .contains("adminToken");
    assertThat(operation("DELETE /v1/devices/{id}").path("security").toString())
        .contains("deviceToken");
  }

  /**
   * Every operation says who may call it (linters and client generators read a missing {@code
   * security} as "unknown"), and one that says {@code security: []} really answers without a token.
   * The one server is this server, relative, so the document works behind any host name.
   */
  @Test
  void everyOperation_declaresItsSecurity_andThePublicOnesAnswerWithoutAToken() {
    assertThat(doc.path("servers").size()).isEqualTo(1);
    assertThat(doc.path("servers").path(0).path("url").asText()).isEqualTo("/");
    List<String> publicRoutes = new ArrayList<>();
    for (String route : documentedRoutes()) {
      JsonNode op = operation(route);
      assertThat(op.has("security")).as(route + " declares its security").isTrue();
      if (op.get("security").isEmpty()) {
        publicRoutes.add(route);
        assertThat(op.path("responses").has("401")).as(route + " is public").isFalse();
        String method = route.substring(0, route.indexOf(' '));
        String path =
            route
                .substring(route.indexOf(' ') + 1)
                .replace("{version}", "1")
                .replace("{round}", "1")
                .replace("{purpose}", "training");
        HttpResponse<String> r = http.send(method, path, null, method.equals("POST") ? "{}" : null);
        assertThat(r.statusCode()).as(route + ": " + r.body()).isNotEqualTo(401);
      }
    }
    assertThat(publicRoutes).contains("GET /health", "POST /v1/devices", "GET /v1/privacy/notice");
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null) {
        refs.add(ref.asText());
      }
    }
    for (JsonNode child : node) {
      collectRefs(child, refs);
    }
  }

  @Test
  void schemas_haveExactlyTheFieldsOfTheRecordsOnTheWire() {
    Map<String, Class<?>> records =
        Map.ofEntries(
            Map.entry("ErrorMessage", ErrorMessage.class),
            Map.entry("RegistrationRequest", RegistrationRequest.class),
            Map.entry("RegistrationResponse", RegistrationResponse.class),
            Map.entry("ConsentUpdate", ConsentUpdate.class),
            Map.entry("ConsentView", Views.ConsentView.class),
            Map.entry("AuditEntryView", Views.AuditEntryView.class),
            Map.entry("DeviceView", Views.DeviceView.class),
            Map.entry("DeviceEpsilonView", Views.DeviceEpsilonView.class),
            Map.entry("DeviceReleaseView", Views.DeviceReleaseView.class),
            Map.entry("DeletionView", Views.DeletionView.class),
            Map.entry("AuditView", Views.AuditView.class),
            Map.entry("LedgerEntryView", Views.LedgerEntryView.class),
            Map.entry("LedgerView", Views.LedgerView.class),
            Map.entry("PurposeView", Views.PurposeView.class),
            Map.entry("DataCategories", Views.DataCategories.class),
            Map.entry("PrivacyNoticeView", Views.PrivacyNoticeView.class),
            Map.entry("HealthView", Views.HealthView.class),
            Map.entry("CheckIn", dev.tacit.protocol.CheckIn.class),
            Map.entry("CheckInResponse", dev.tacit.protocol.CheckInResponse.class),
            Map.entry("RoundAssignment", dev.tacit.protocol.RoundAssignment.class),
            Map.entry("SecAggSession", dev.tacit.protocol.SecAggSession.class),
            Map.entry("KeyAdvert", dev.tacit.protocol.KeyAdvert.class),
            Map.entry("NeighbourKeyList", dev.tacit.protocol.NeighbourKeyList.class),
            Map.entry("SealedShare", dev.tacit.protocol.SealedShare.class),
            Map.entry("ShareBundle", dev.tacit.protocol.ShareBundle.class),
            Map.entry("UnmaskQuery", dev.tacit.protocol.UnmaskQuery.class),
            Map.entry("ShareReveal", dev.tacit.protocol.ShareReveal.class),
            Map.entry("PairwiseKeyReveal", dev.tacit.protocol.PairwiseKeyReveal.class),
            Map.entry("OpenAnalyticsQuery", dev.tacit.protocol.AnalyticsQuery.class),
            Map.entry("OpenAnalyticsQueriesView", dev.tacit.protocol.AnalyticsQueryList.class),
            Map.entry("UnmaskAnswer", dev.tacit.protocol.UnmaskAnswer.class),
            Map.entry("LocalEvaluation", dev.tacit.protocol.LocalEvaluation.class),
            Map.entry("RoundStatus", dev.tacit.protocol.RoundStatus.class),
            Map.entry("ModelMetadata", dev.tacit.protocol.ModelMetadata.class),
            Map.entry("CatalogueItem", dev.tacit.protocol.CatalogueItem.class),
            Map.entry(
                "CatalogueUpload", dev.tacit.server.rounds.RoundRoutes.CatalogueUpload.class));
    JsonNode schemas = doc.path("components").path("schemas");
    for (Map.Entry<String, Class<?>> e : records.entrySet()) {
      JsonNode schema = schemas.path(e.getKey());
      Set<String> components = new HashSet<>();
      Arrays.stream(e.getValue().getRecordComponents())
          .map(RecordComponent::getName)
          .forEach(components::add);
      Set<String> properties = new HashSet<>();
      schema.path("properties").fieldNames().forEachRemaining(properties::add);
      Set<String> required = new HashSet<>();
      schema.path("required").forEach(n -> required.add(n.asText()));
      assertThat(properties).as(e.getKey() + " properties").isEqualTo(components);
      assertThat(required).as(e.getKey() + " required").isEqualTo(components);
    }
    assertThat(
            doc.at("/paths/~1v1~1devices/post/requestBody/content/application~1json/schema/$ref")
                .asText())
        .isEqualTo("#/components/schemas/RegistrationRequest");
    assertThat(
            doc.at(
                    "/paths/~1v1~1devices~1{id}~1consent/post/requestBody/content/application~1json"
                        + "/schema/$ref")
                .asText())
        .isEqualTo("#/components/schemas/ConsentUpdate");
  }

  @Test
  void swaggerPage_isHtml_pointsAtTheDocument_andLinksOnlyLocalFiles() {
    for (String path : List.of("/swagger", "/swagger/")) {
      HttpResponse<String> r = http.send("GET", path, null, null);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(r.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
      String html = r.body();
      assertThat(html).contains("\"/openapi.json\"").contains("validatorUrl: null");
      assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("http://", "https://", "//cdn");
      List<String> links = new ArrayList<>();
      Matcher m = LINK.matcher(html);
      while (m.find()) {
        links.add(m.group(1));
      }
      assertThat(links).isNotEmpty();
      for (String link : links) {
        assertThat(link).as("link").startsWith("/").doesNotStartWith("//");
        assertThat(http.send("GET", link, null, null).statusCode()).as(link).isEqualTo(200);
      }
    }
  }

  @Test
  void swaggerUiBundle_isServedFromTheWebJar() {
    HttpResponse<String> r = http.send("GET", "/swagger/swagger-ui-bundle.js", null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
    assertThat(r.body()).contains("SwaggerUIBundle").hasSizeGreaterThan(100_000);
    assertThat(http.send("GET", "/swagger/swagger-ui.css", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void webJarsPetstoreInitializer_isNotServed() {
    assertThat(http.send("GET", "/swagger/swagger-initializer.js", null, null).statusCode())
        .isEqualTo(404);
    HttpResponse<String> index = http.send("GET", "/swagger/index.html", null, null);
    assertThat(index.body()).doesNotContain("petstore");
  }
}
