package dev.tacit.server.http;

import static dev.tacit.server.http.Responses.error;

import dev.tacit.federated.round.RoundException;
import dev.tacit.protocol.ProtocolException;
import dev.tacit.server.error.Conflict;
import dev.tacit.server.error.Invalid;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where exceptions become answers, by their type (and a {@link RoundException}'s
 * {@link RoundException.Kind}), never by their message: {@code { "error": code, "message": text }}
 * with the status of the code. Routes throw; none catches to remap.
 */
final class ErrorMapper {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

  private final long maxBodyBytes;

  ErrorMapper(long maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Installs the mapping on {@code c}. */
  void install(JavalinConfig c) {
    c.routes.exception(
        ApiException.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
    c.routes.exception(
        ProtocolException.class, (e, ctx) -> error(ctx, 400, "invalid_request", e.getMessage()));
    c.routes.exception(RoundException.class, (e, ctx) -> round(ctx, e));
    c.routes.exception(
        Conflict.class, (e, ctx) -> error(ctx, 409, e.kind().code(), e.getMessage()));
    c.routes.exception(Invalid.class, (e, ctx) -> error(ctx, 400, e.kind().code(), e.getMessage()));
    c.routes.exception(HttpResponseException.class, this::http);
    c.routes.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("internal error on {} {}", ctx.method(), matchedPath(ctx), e);
          error(ctx, 500, "internal", "internal error");
        });
    for (int status : new int[] {404, 405}) {
      c.routes.error(
          status,
          ctx -> {
            String body = ctx.result();
            if (body == null || body.isEmpty()) {
              error(
                  ctx,
                  status,
                  status == 404 ? "not_found" : "method_not_allowed",
                  (status == 404 ? "no such resource: " : "method not allowed: ")
                      + ctx.method()
                      + " "
                      + ctx.path());
            }
          });
    }
  }

  /**
   * A device's round message the round refused; {@link RoundException.Kind#NOT_READY} is no error
   * but {@code 202 {"status":"pending"}}: ask again.
   */
  private static void round(Context ctx, RoundException e) {
    switch (e.kind()) {
      case INVALID -> error(ctx, 400, "invalid_request", e.getMessage());
      case NOT_MEMBER -> error(ctx, 403, "not_in_round", e.getMessage());
      case WRONG_PHASE -> error(ctx, 409, "wrong_phase", e.getMessage());
      case REPLAY -> error(ctx, 409, "replay", e.getMessage());
      case ABORTED -> error(ctx, 409, "round_aborted", e.getMessage());
      case WITHDRAWN -> error(ctx, 403, "consent_required", e.getMessage());
      case NOT_READY -> {
        ctx.header("Retry-After", "1");
        Responses.json(ctx, 202, Map.of("status", "pending", "message", e.getMessage()));
      }
    }
  }

  /** Javalin's own refusals: no route, a method the route does not take, a body too large. */
  private void http(HttpResponseException e, Context ctx) {
    int s = e.getStatus();
    String code =
        switch (s) {
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 413 -> "body_too_large";
          default -> s < 500 ? "invalid_request" : "internal";
        };
    String message =
        switch (s) {
          case 404 -> "no such resource: " + ctx.method() + " " + ctx.path();
          case 405 -> "method " + ctx.method() + " is not allowed on " + ctx.path();
          case 413 -> "the body must be at most " + maxBodyBytes + " bytes";
          default -> e.getMessage();
        };
    error(ctx, s, code, message);
  }

  /** The route template of the request, never its query. */
  static String matchedPath(Context ctx) {
    try {
      return ctx.endpoint().path;
    } catch (RuntimeException e) {
      return "unmatched";
    }
  }
}
