package dev.tacit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.client.jdk.JdkHttpTransport;
import dev.tacit.client.transport.HttpTransport;
import dev.tacit.core.data.Dataset;
import dev.tacit.core.eval.FoldResult;
import dev.tacit.core.report.EvaluationReport;
import dev.tacit.core.report.ModelReport;
import dev.tacit.core.split.Split;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.Json;
import dev.tacit.sim.fleet.DeviceFleet;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the demo does as the operator, over the server's admin API: uploads this run's evaluation
 * report for the dashboard, and runs one differentially private analytics query that the devices
 * answer.
 */
final class DemoAdmin {
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(5);

  private DemoAdmin() {}

  /** Gives the dashboard its reference line and fairness audit: this run's models, central too. */
  static void uploadReport(
      URI base,
      String admin,
      Dataset ds,
      long version,
      FoldResult fed,
      Split split,
      List<ModelReport> refs)
      throws IOException {
    List<ModelReport> models = new ArrayList<>();
    models.add(
        dev.tacit.core.eval.Evaluation.summarize(
            "federated",
            Map.of("model_version", version),
            List.of(fed),
            new double[] {0},
            new double[] {fed.scoreSeconds()},
            Map.of()));
    models.addAll(refs);
    Map<String, Object> protocol = new LinkedHashMap<>();
    protocol.put("split", split.name());
    protocol.put("source", "tacit demo");
    String json = new EvaluationReport(ds.name(), protocol, models).toJson();
    Answer r = call("POST", base.resolve("/v1/admin/simulation-report"), admin, json);
    if (r.status() >= 300) {
      throw new IllegalStateException("the server refused the demo's report: " + r.body());
    }
  }

  /** One differentially private analytics query: which category each device views most. */
  static void analytics(
      PrintWriter o,
      URI base,
      String admin,
      DeviceFleet fleet,
      List<List<String>> histories,
      List<CatalogueItem> catalogue,
      Map<String, String> readable)
      throws IOException, InterruptedException {
    List<String> labels = new ArrayList<>();
    Map<String, Integer> index = new LinkedHashMap<>();
    for (CatalogueItem it : catalogue) {
      for (String c : it.categories()) {
        if (!index.containsKey(c)) {
          index.put(c, labels.size());
          labels.add(readable.getOrDefault(c, c));
        }
      }
    }
    if (labels.size() < 2 || new java.util.HashSet<>(labels).size() != labels.size()) {
      o.println("analytics: the catalogue has fewer than two distinct categories; no query run");
      return;
    }
    double eps = 1.0;
    String title = "Most viewed category";
    Map<String, Object> q = new LinkedHashMap<>();
    q.put("metric", "top_category");
    q.put("title", title);
    q.put("labels", labels);
    q.put("epsilon", eps);
    q.put("description", "The category each device viewed most.");
    Answer created =
        call("POST", base.resolve("/v1/admin/analytics/queries"), admin, Json.write(q));
    if (created.status() != 201) {
      o.println("analytics: the query was refused: " + created.body());
      return;
    }
    String id = Json.mapper().readTree(created.body()).path("id").asText();
    Map<String, CatalogueItem> byId = new LinkedHashMap<>();
    for (CatalogueItem it : catalogue) {
      byId.put(it.itemId(), it);
    }
    int sent = 0;
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Boolean>> fs = new ArrayList<>();
      for (int d = 0; d < fleet.size(); d++) {
        DeviceFleet.Member m = fleet.members().get(d);
        // What the app computes on the device, from the device's own history.
        int[] count = new int[labels.size()];
        for (String item : histories.get(d)) {
          CatalogueItem it = byId.get(item);
          if (it != null) {
            for (String c : it.categories()) {
              count[index.get(c)]++;
            }
          }
        }
        int top = 0;
        for (int c = 1; c < count.length; c++) {
          if (count[c] > count[top]) {
            top = c;
          }
        }
        String label = labels.get(top);
        // The device finds the open query itself and answers it by label: the SDK takes ε and the
        // domain from the query, so the answer cannot disagree with it.
        fs.add(
            pool.submit(
                () ->
                    m.client().analyticsQueries().stream()
                        .filter(query -> query.id().equals(id))
                        .findFirst()
                        .map(query -> m.client().answer(query, label))
                        .orElse(false)));
      }
      for (Future<Boolean> f : fs) {
        try {
          sent += f.get() ? 1 : 0;
        } catch (java.util.concurrent.ExecutionException e) {
          // a device whose report failed is simply not counted
        }
      }
    }
    Answer answer = call("GET", base.resolve("/v1/admin/analytics/queries/" + id), admin, null);
    JsonNode view = Json.mapper().readTree(answer.body().getBytes(StandardCharsets.UTF_8));
    // Served highest consistent estimate first.
    List<JsonNode> estimates = new ArrayList<>();
    view.path("estimates").forEach(estimates::add);
    o.printf(
        Locale.ROOT,
        "analytics query \"%s\" (top_category; local DP, ε = %s per device, %s): %d reports;"
            + " the server sees only randomized answers.%n"
            + "  Top estimates of devices per category (consistent: never negative, summing to the"
            + " reports), with the unbiased estimate and its 95%% CI:%n",
        title,
        new java.math.BigDecimal(Double.toString(eps)).stripTrailingZeros().toPlainString(),
        "olh".equals(view.path("mechanism").asText())
            ? "optimized local hashing, as the server chose for this many categories"
            : "generalized randomized response, as the server chose for this few categories",
        sent);
    int width = 8;
    for (int i = 0; i < Math.min(5, estimates.size()); i++) {
      width = Math.max(width, estimates.get(i).path("label").asText().length());
    }
    for (int i = 0; i < Math.min(5, estimates.size()); i++) {
      JsonNode e = estimates.get(i);
      o.printf(
          Locale.ROOT,
          "  %-" + width + "s %7.1f   (unbiased %.1f [%.1f, %.1f])%n",
          e.path("label").asText(),
          e.path("estimate").asDouble(),
          e.path("rawEstimate").asDouble(),
          e.path("ciLow").asDouble(),
          e.path("ciHigh").asDouble());
    }
  }

  /** An admin API answer: its status and its body as text. */
  private record Answer(int status, String body) {}

  /** One admin API call through the SDK's JDK transport, with the admin token. */
  private static Answer call(String method, URI uri, String admin, String body) throws IOException {
    Map<String, String> headers =
        body == null
            ? Map.of("Authorization", "Bearer " + admin)
            : Map.of("Authorization", "Bearer " + admin, "Content-Type", "application/json");
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpTransport.Response r =
          JdkHttpTransport.of(http)
              .send(
                  new HttpTransport.Request(
                      method,
                      uri,
                      headers,
                      body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                      CALL_TIMEOUT));
      return new Answer(r.status(), new String(r.body(), StandardCharsets.UTF_8));
    }
  }
}
