package dev.tacit.server.http;

import static dev.tacit.server.http.Responses.json;

import dev.tacit.server.http.Views.AuditView;
import dev.tacit.server.http.Views.LedgerEntryView;
import dev.tacit.server.http.Views.LedgerView;
import dev.tacit.server.store.AuditVerification;
import dev.tacit.server.store.SqlLedgerStore;
import dev.tacit.server.store.Storage;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What anyone may check of the server's privacy: the notice ({@code GET /v1/privacy/notice}), the
 * privacy ledger ({@code GET /v1/privacy/ledger}), and for the operator the audit chain ({@code GET
 * /v1/admin/audit/verify}, {@code GET /v1/admin/audit/head}).
 */
public final class PrivacyRoutes implements Routes {
  private final Storage storage;
  private final SqlLedgerStore ledgerStore;
  private final Guard guard;
  private final PrivacyNotice notice;

  /** The routes over {@code context}, serving {@code notice}. */
  public PrivacyRoutes(ServerContext context, PrivacyNotice notice) {
    this.storage = context.storage();
    this.ledgerStore = context.ledgerStore();
    this.guard = context.guard();
    this.notice = Objects.requireNonNull(notice, "notice");
  }

  @Override
  public void configure(JavalinConfig c) {
    c.routes.get("/v1/privacy/notice", this::notice);
    c.routes.get("/v1/privacy/ledger", this::ledger);
    c.routes.get("/v1/admin/audit/verify", this::verifyAudit);
    c.routes.get("/v1/admin/audit/head", this::auditHead);
  }

  private void notice(Context ctx) {
    Views.PrivacyNoticeView n = notice.now();
    String format = ctx.queryParam("format");
    if (format == null || format.equals("json")) {
      json(ctx, 200, n);
    } else if (format.equals("text")) {
      ctx.contentType("text/plain; charset=utf-8").result(PrivacyNotice.text(n));
    } else {
      throw ApiException.badRequest("format must be json or text, was \"" + format + "\"");
    }
  }

  private void ledger(Context ctx) {
    List<LedgerEntryView> entries =
        ledgerStore.rows().stream()
            .map(
                r ->
                    new LedgerEntryView(
                        r.seq(),
                        r.purpose().name().toLowerCase(Locale.ROOT),
                        r.mechanism(),
                        r.paramA(),
                        r.paramB(),
                        r.repetitions(),
                        r.epsilonAfter(),
                        r.delta(),
                        r.description(),
                        r.recordedAt()))
            .toList();
    json(ctx, 200, new LedgerView(entries));
  }

  private void verifyAudit(Context ctx) {
    guard.requireAdmin(ctx);
    AuditVerification v = storage.audit().verify();
    json(ctx, 200, new AuditView(v.valid(), v.rows(), v.firstBadRow().orElse(null), v.problem()));
  }

  private void auditHead(Context ctx) {
    guard.requireAdmin(ctx);
    var head =
        storage
            .audit()
            .head()
            .orElseThrow(() -> ApiException.notFound("the audit log has no row yet"));
    json(ctx, 200, new Views.AuditHeadView(head.seq(), head.hash(), head.time()));
  }
}
