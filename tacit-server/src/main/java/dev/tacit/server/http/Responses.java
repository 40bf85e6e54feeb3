package dev.tacit.server.http;

import dev.tacit.protocol.ErrorMessage;
import dev.tacit.protocol.Json;
import io.javalin.http.Context;

/** How every route answers: a JSON body with a status, or an {@link ErrorMessage}. */
public final class Responses {
  static final String JSON = "application/json";

  private Responses() {}

  /** Answers {@code body} as JSON with the given status. */
  public static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType(JSON).result(Json.writeBytes(body));
  }

  /** Answers {@code { "error": code, "message": message }} with the given status. */
  static void error(Context ctx, int status, String code, String message) {
    ctx.status(status)
        .contentType(JSON)
        .result(Json.writeBytes(new ErrorMessage(code, message == null ? code : message)));
  }
}
