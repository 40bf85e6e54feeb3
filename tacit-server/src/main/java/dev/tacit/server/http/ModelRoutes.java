package dev.tacit.server.http;

import dev.tacit.server.store.ModelRegistry;
import dev.tacit.server.store.ModelVersion;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /v1/models/latest} and {@code GET /v1/models/{version}}: a published version's frame,
 * with its ETag (a {@code 304} for a matching {@code If-None-Match}), gzipped once per version for
 * the devices that accept it.
 */
public final class ModelRoutes implements Routes {
  private static final int MODEL_CACHE = 4;

  private final ModelRegistry models;
  private final Map<Long, ModelVersion> modelCache = new ConcurrentHashMap<>();
  private final Map<Long, byte[]> gzipCache = new ConcurrentHashMap<>();

  /** The routes over {@code models}. */
  public ModelRoutes(ModelRegistry models) {
    this.models = Objects.requireNonNull(models, "models");
  }

  @Override
  public void configure(JavalinConfig c) {
    c.routes.get("/v1/models/latest", ctx -> sendModel(ctx, latestModel(), "latest"));
    c.routes.get(
        "/v1/models/{version}",
        ctx -> {
          long v = parseVersion(ctx.pathParam("version"));
          sendModel(ctx, model(v), Long.toString(v));
        });
  }

  private void sendModel(Context ctx, Optional<ModelVersion> found, String which) {
    ModelVersion model =
        found.orElseThrow(() -> ApiException.notFound("no model version " + which));
    String etag = model.etag();
    ctx.header("ETag", etag);
    ctx.header("X-Tacit-Model-Version", Long.toString(model.version()));
    ctx.header("Cache-Control", "no-cache");
    String ifNoneMatch = ctx.header("If-None-Match");
    if (ifNoneMatch != null && matchesEtag(ifNoneMatch, etag)) {
      ctx.status(304);
      return;
    }
    ctx.status(200).contentType("application/octet-stream").header("Vary", "Accept-Encoding");
    String accept = ctx.header("Accept-Encoding");
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip")) {
      // A published version never changes: compress it once, not once per device.
      ctx.disableCompression();
      ctx.header("Content-Encoding", "gzip").result(gzipped(model));
    } else {
      ctx.result(model.frame());
    }
  }

  /** Published versions never change, so their frames are cached (the newest few). */
  private Optional<ModelVersion> model(long version) {
    ModelVersion m = modelCache.get(version);
    if (m != null) {
      return Optional.of(m);
    }
    Optional<ModelVersion> found = models.get(version);
    found.ifPresent(
        v -> {
          if (modelCache.size() >= MODEL_CACHE) {
            modelCache.clear();
            gzipCache.clear();
          }
          modelCache.put(version, v);
        });
    return found;
  }

  private Optional<ModelVersion> latestModel() {
    return models.latestVersion().flatMap(this::model);
  }

  private byte[] gzipped(ModelVersion model) {
    return gzipCache.computeIfAbsent(
        model.version(),
        v -> {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(model.frame());
          } catch (IOException e) {
            throw new UncheckedIOException("cannot compress model version " + v, e);
          }
          return out.toByteArray();
        });
  }

  private static boolean matchesEtag(String header, String etag) {
    for (String candidate : header.split(",")) {
      String t = candidate.trim();
      if (t.startsWith("W/")) {
        t = t.substring(2);
      }
      if (t.equals(etag) || t.equals("*")) {
        return true;
      }
    }
    return false;
  }

  private static long parseVersion(String text) {
    return Params.longIn(text, 0, Long.MAX_VALUE)
        .orElseThrow(
            () ->
                ApiException.badRequest(
                    "model version must be an integer >= 0, was \"" + text + "\""));
  }
}
