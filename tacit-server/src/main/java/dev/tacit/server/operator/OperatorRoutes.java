package dev.tacit.server.operator;

import static dev.tacit.server.http.Responses.json;

import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.http.ApiException;
import dev.tacit.server.http.Guard;
import dev.tacit.server.http.Routes;
import dev.tacit.server.operator.OperatorViews.BudgetView;
import dev.tacit.server.operator.OperatorViews.OperatorView;
import dev.tacit.server.operator.OperatorViews.PauseView;
import dev.tacit.server.operator.OperatorViews.RaiseRequest;
import dev.tacit.server.operator.OperatorViews.RaiseView;
import dev.tacit.server.operator.OperatorViews.ReasonRequest;
import dev.tacit.server.operator.OperatorViews.ResumedView;
import dev.tacit.server.store.OperatorStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The operator's controls over HTTP, each behind the admin token:
 *
 * <ul>
 *   <li>{@code GET /v1/admin/operator}: the budgets in force, their raises and the pause
 *   <li>{@code POST /v1/admin/operator/budgets/{purpose}}: raise a budget ({@code epsilon}, {@code
 *       reason})
 *   <li>{@code POST /v1/admin/operator/pause} and {@code .../resume}: hold or release the rounds
 *       ({@code reason})
 * </ul>
 *
 * Closing an analytics query, the third control, is {@code POST
 * /v1/admin/analytics/queries/{id}/close} with a reason ({@code AnalyticsRoutes}).
 */
public final class OperatorRoutes implements Routes {
  private final Guard guard;
  private final OperatorControls controls;

  /** Routes over {@code controls}. */
  public OperatorRoutes(Guard guard, OperatorControls controls) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.controls = Objects.requireNonNull(controls, "controls");
  }

  @Override
  public void configure(JavalinConfig c) {
    c.routes.get(
        "/v1/admin/operator",
        ctx -> {
          guard.requireAdmin(ctx);
          json(ctx, 200, view());
        });
    c.routes.post("/v1/admin/operator/budgets/{purpose}", this::raise);
    c.routes.post(
        "/v1/admin/operator/pause",
        ctx -> {
          guard.requireAdmin(ctx);
          String reason =
              OperatorControls.reason(Json.read(guard.body(ctx), ReasonRequest.class).reason());
          controls.pauseRounds(reason);
          json(ctx, 200, view());
        });
    c.routes.post(
        "/v1/admin/operator/resume",
        ctx -> {
          guard.requireAdmin(ctx);
          String reason =
              OperatorControls.reason(Json.read(guard.body(ctx), ReasonRequest.class).reason());
          long seq = controls.resumeRounds(reason);
          json(ctx, 200, new ResumedView(seq, view()));
        });
  }

  private void raise(Context ctx) {
    guard.requireAdmin(ctx);
    String name = ctx.pathParam("purpose");
    Purpose purpose =
        OperatorControls.purpose(name)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        "purpose must be one of training, analytics, evaluation, was \""
                            + name.substring(0, Math.min(name.length(), 32))
                            + "\""));
    if (!controls.configured().containsKey(purpose)) {
      throw ApiException.notFound("no budget for purpose " + purpose);
    }
    RaiseRequest r = Json.read(guard.body(ctx), RaiseRequest.class);
    String reason = OperatorControls.reason(r.reason());
    if (r.epsilon() == null || !Double.isFinite(r.epsilon()) || r.epsilon() <= 0) {
      throw ApiException.badRequest(
          "epsilon must be a finite number > 0, was "
              + (r.epsilon() == null ? "absent" : r.epsilon()));
    }
    json(ctx, 200, view(controls.raiseBudget(purpose, r.epsilon(), reason)));
  }

  private static String name(Purpose p) {
    return p.name().toLowerCase(Locale.ROOT);
  }

  private static RaiseView view(OperatorStore.BudgetRaise r) {
    return new RaiseView(
        r.seq(),
        name(r.purpose()),
        r.epsilonBefore(),
        r.epsilonAfter(),
        r.reason(),
        r.auditSeq(),
        r.raisedAt());
  }

  private OperatorView view() {
    List<BudgetView> budgets = new ArrayList<>();
    controls.configured().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(
            e -> {
              PrivacyBudget b = controls.ledger().budget(e.getKey());
              budgets.add(
                  new BudgetView(
                      name(e.getKey()),
                      b.epsilon(),
                      e.getValue().epsilon(),
                      b.delta(),
                      controls.ledger().spent(e.getKey()).epsilon(),
                      controls.ledger().remainingEpsilon(e.getKey())));
            });
    List<RaiseView> raises =
        new ArrayList<>(controls.store().raises().stream().map(OperatorRoutes::view).toList());
    java.util.Collections.reverse(raises);
    PauseView paused =
        controls
            .pause()
            .map(p -> new PauseView(p.reason(), p.auditSeq(), p.pausedAt()))
            .orElse(null);
    return new OperatorView(paused, controls.budgetPause().orElse(null), budgets, raises);
  }
}
