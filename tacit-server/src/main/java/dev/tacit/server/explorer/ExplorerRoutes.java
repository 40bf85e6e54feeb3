package dev.tacit.server.explorer;

import static dev.tacit.server.http.Responses.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.cooccurrence.CooccurrenceFrame;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.server.explorer.ExplorerViews.ExplorerView;
import dev.tacit.server.explorer.ExplorerViews.ItemView;
import dev.tacit.server.explorer.ExplorerViews.NeighbourView;
import dev.tacit.server.explorer.ExplorerViews.RecommendedView;
import dev.tacit.server.explorer.ExplorerViews.TitlesStored;
import dev.tacit.server.explorer.ExplorerViews.TitlesUpload;
import dev.tacit.server.http.ApiException;
import dev.tacit.server.http.ClasspathResources;
import dev.tacit.server.http.Guard;
import dev.tacit.server.http.Params;
import dev.tacit.server.http.Routes;
import dev.tacit.server.http.ServerContext;
import dev.tacit.server.store.ItemTitles;
import dev.tacit.server.store.ModelRegistry;
import dev.tacit.server.store.ModelVersion;
import dev.tacit.server.store.Storage;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The model explorer: {@code GET /v1/admin/explorer} (admin token) and its page {@code
 * /admin/model}, and the catalogue's item titles it shows ({@code PUT /v1/admin/catalogue/titles}).
 * Reads only the latest published model and the public catalogue; the exploration of a version is
 * computed once and kept until a newer version is published.
 */
public final class ExplorerRoutes implements Routes {
  /** The most items a list may ask for. */
  static final int MAX_LIMIT = 100;

  private static final int DEFAULT_LIMIT = 20;

  /** The longest item title, in characters. */
  static final int MAX_TITLE = 256;

  private static final String RECOMMENDED_MEANS =
      "Each item stands for a synthetic user who liked that item only; the model ranks every other"
          + " item for that user, as a device would. An item's reach is the number of those users"
          + " whose top "
          + ModelExplorer.TOP_N
          + " holds it; coverage is the share of the catalogue in at least one top "
          + ModelExplorer.TOP_N
          + ". Computed from the published model alone: no user data.";

  /** Only this server: the same policy as the dashboard's. */
  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
          + " frame-ancestors 'none'";

  private static final byte[] PAGE = ClasspathResources.bytes("/web/admin/model.html");

  private final Storage storage;
  private final ModelRegistry models;
  private final Guard guard;
  private final Supplier<List<CatalogueItem>> catalogue;
  private final double alpha;
  private final double lambda;
  private Explored explored; // guarded by this
  private Map<String, String> titles; // guarded by this; null until read

  /** An exploration of one version, with the catalogue it is read with. */
  private record Explored(
      long version,
      ModelExplorer explorer,
      List<CatalogueItem> items,
      Map<String, Integer> index) {}

  /**
   * Routes over the models and titles of {@code context} and {@code catalogue} (in model row
   * order); {@code alpha} and {@code lambda} are the fold-in's when a version's provenance does not
   * say.
   */
  public ExplorerRoutes(
      ServerContext context, Supplier<List<CatalogueItem>> catalogue, double alpha, double lambda) {
    this.storage = context.storage();
    this.models = context.models();
    this.guard = context.guard();
    this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
    this.alpha = alpha;
    this.lambda = lambda;
  }

  @Override
  public void configure(JavalinConfig c) {
    c.routes.get(
        "/v1/admin/explorer",
        ctx -> {
          guard.requireAdmin(ctx);
          String item = ctx.queryParam("item");
          int limit = limit(ctx.queryParam("limit"));
          Explored e = explored();
          json(ctx, 200, view(e, titles(), item, limit));
        });
    c.routes.put("/v1/admin/catalogue/titles", this::putTitles);
    c.routes.get(
        "/admin/model",
        ctx ->
            ctx.header("Content-Security-Policy", CSP)
                .header("Referrer-Policy", "no-referrer")
                .contentType("text/html; charset=utf-8")
                .result(PAGE));
  }

  private synchronized Map<String, String> titles() {
    if (titles == null) {
      titles = new ItemTitles(storage).all();
    }
    return titles;
  }

  /** Replaces the catalogue's titles: each must name a catalogue item and be one line. */
  private void putTitles(Context ctx) {
    guard.requireAdmin(ctx);
    TitlesUpload upload = Json.read(guard.body(ctx), TitlesUpload.class);
    if (upload.titles() == null) {
      throw ApiException.badRequest("titles is required: an object of item id to title");
    }
    List<CatalogueItem> items = catalogue.get();
    if (items.isEmpty()) {
      throw new ApiException(
          409, "no_catalogue", "publish the catalogue (PUT /v1/admin/catalogue) before its titles");
    }
    java.util.Set<String> ids = new java.util.HashSet<>();
    items.forEach(i -> ids.add(i.itemId()));
    Map<String, String> clean = new HashMap<>();
    for (Map.Entry<String, String> e : upload.titles().entrySet()) {
      String id = e.getKey();
      if (!ids.contains(id)) {
        throw ApiException.badRequest(
            "titles names \""
                + id.substring(0, Math.min(id.length(), 64))
                + "\", not a catalogue item");
      }
      String title = e.getValue() == null ? "" : e.getValue().strip();
      if (title.isEmpty()
          || title.length() > MAX_TITLE
          || title.chars().anyMatch(Character::isISOControl)) {
        throw ApiException.badRequest(
            "the title of \""
                + id
                + "\" must be one line of 1 to "
                + MAX_TITLE
                + " characters without control characters");
      }
      clean.put(id, title);
    }
    new ItemTitles(storage).replace(clean);
    synchronized (this) {
      titles = Map.copyOf(clean);
    }
    json(ctx, 200, new TitlesStored(clean.size()));
  }

  private synchronized Explored explored() {
    ModelVersion latest =
        models
            .latest()
            .orElseThrow(() -> ApiException.notFound("no model version was published yet"));
    if (explored != null && explored.version() == latest.version()) {
      return explored;
    }
    List<CatalogueItem> items = catalogue.get();
    ItemModel model = itemModel(latest);
    if (items.size() != model.numItems()) {
      throw new ApiException(
          409,
          "catalogue_mismatch",
          "model version "
              + latest.version()
              + " has "
              + model.numItems()
              + " items but the catalogue has "
              + items.size());
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      index.put(items.get(i).itemId(), i);
    }
    explored = new Explored(latest.version(), ModelExplorer.of(model), items, index);
    return explored;
  }

  /**
   * The explorer's view of a published version: a rank-2 frame is a factor model.
   *
   * @throws ApiException 409 for a frame of another kind
   */
  private ItemModel itemModel(ModelVersion v) {
    TensorFrame frame = TensorFrame.decode(v.frame());
    int[] shape = frame.shape();
    if (shape.length == 1) { // the co-occurrence model's frame
      if (!CooccurrenceFrame.isCooccurrence(frame)) {
        throw new ApiException(
            409,
            "model_not_explorable",
            "model version "
                + v.version()
                + " is not a model this explorer reads: not a co-occurrence model frame");
      }
      return new CooccurrenceItemModel(CooccurrenceFrame.decode(frame).model());
    }
    if (shape.length != 2) {
      throw new ApiException(
          409,
          "model_not_explorable",
          "model version "
              + v.version()
              + " is a rank-"
              + shape.length
              + " frame: the explorer reads factor models and co-occurrence models");
    }
    JsonNode p;
    try {
      p = Json.mapper().readTree(v.provenance());
    } catch (IOException e) {
      throw new UncheckedIOException("the provenance of model version " + v.version(), e);
    }
    return new FactorItemModel(
        ModelSnapshot.of(
            v.version(),
            shape[0],
            shape[1],
            frame.floats(),
            p.path("alpha").asDouble(alpha),
            p.path("lambda").asDouble(lambda)));
  }

  private static ExplorerView view(
      Explored e, Map<String, String> titles, String itemId, int limit) {
    ModelExplorer x = e.explorer();
    int n = x.model().numItems();
    List<RecommendedView> top =
        x.mostRecommended(limit).stream()
            .map(
                i ->
                    new RecommendedView(
                        e.items().get(i).itemId(),
                        titles.get(e.items().get(i).itemId()),
                        e.items().get(i).categories(),
                        x.reach(i),
                        (double) x.reach(i) / n))
            .toList();
    ItemView item = null;
    if (itemId != null) {
      Integer i = e.index().get(itemId);
      if (i == null) {
        throw ApiException.notFound(
            "no item \""
                + itemId.substring(0, Math.min(itemId.length(), 64))
                + "\" in the catalogue");
      }
      item =
          new ItemView(
              itemId,
              titles.get(itemId),
              e.items().get(i).categories(),
              x.reach(i),
              x.neighbours(i, limit).stream()
                  .map(
                      nb ->
                          new NeighbourView(
                              e.items().get(nb.item()).itemId(),
                              titles.get(e.items().get(nb.item()).itemId()),
                              e.items().get(nb.item()).categories(),
                              nb.similarity(),
                              x.reach(nb.item())))
                  .toList());
    }
    return new ExplorerView(
        e.version(),
        x.model().kind(),
        n,
        ModelExplorer.TOP_N,
        x.coveredItems(),
        x.coverage(),
        RECOMMENDED_MEANS,
        x.model().similarityName(),
        top,
        item);
  }

  private static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    return (int)
        Params.longIn(text, 1, MAX_LIMIT)
            .orElseThrow(
                () ->
                    ApiException.badRequest(
                        "limit must be an integer in [1, "
                            + MAX_LIMIT
                            + "], was \""
                            + text.substring(0, Math.min(text.length(), 16))
                            + "\""));
  }
}
