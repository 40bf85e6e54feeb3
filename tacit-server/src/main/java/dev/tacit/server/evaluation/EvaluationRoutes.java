package dev.tacit.server.evaluation;

import static dev.tacit.server.http.Responses.json;

import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.budget.SpendDecision;
import dev.tacit.privacy.noise.NoiseMechanism;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.LocalEvaluation;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.http.ApiException;
import dev.tacit.server.http.Guard;
import dev.tacit.server.http.Routes;
import dev.tacit.server.http.ServerContext;
import dev.tacit.server.store.ConsentEvent;
import dev.tacit.server.store.DeviceRecord;
import dev.tacit.server.store.EvaluationStore;
import dev.tacit.server.store.EvaluationStore.Outcome;
import dev.tacit.server.store.EvaluationStore.Release;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/devices/{id}/evaluations}: a device that granted {@code evaluation} reports its
 * NDCG@10 (in [0, 1]) and hit@10 (0 or 1) of one model version, once per version. The report that
 * brings a version to {@link EvaluationSettings#minReports} releases the version's sums with
 * Gaussian noise, charged to the evaluation budget first; a released version takes no more reports.
 * Errors: 400 {@code invalid_request} (a value out of range), 403 {@code consent_required}, 404 (no
 * such model version), 409 {@code duplicate_evaluation}, {@code evaluation_released} or {@code
 * budget_exceeded}; every error changes nothing.
 */
public final class EvaluationRoutes implements Routes {
  private final Handler h;

  /** Routes over the state of {@code context} that release evaluations under {@code settings}. */
  public EvaluationRoutes(ServerContext context, EvaluationSettings settings) {
    this.h =
        new Handler(
            context,
            new EvaluationStore(context.storage(), context.config().random()),
            Objects.requireNonNull(settings, "settings"),
            RandomSource.secure(context.config().random()));
  }

  @Override
  public void configure(JavalinConfig c) {
    c.routes.post("/v1/devices/{id}/evaluations", h::report);
  }

  private static final class Handler {
    private final ServerContext context;
    private final Guard guard;
    private final EvaluationStore store;
    private final EvaluationSettings settings;
    private final RandomSource noise;

    Handler(
        ServerContext context,
        EvaluationStore store,
        EvaluationSettings settings,
        RandomSource noise) {
      this.context = context;
      this.guard = context.guard();
      this.store = store;
      this.settings = settings;
      this.noise = noise;
    }

    void report(Context ctx) {
      DeviceRecord device = guard.authenticate(ctx);
      if (!granted(device)) {
        throw new ApiException(
            403,
            "consent_required",
            "the device has not granted evaluation (POST its consent first)");
      }
      LocalEvaluation e = Json.read(guard.body(ctx), LocalEvaluation.class);
      if (!e.deviceId().equals(device.deviceId())) {
        throw new ApiException(
            400, "device_mismatch", "deviceId in the body must be the device of the path");
      }
      if (!context.models().exists(e.modelVersion())) {
        throw ApiException.notFound("no model version " + e.modelVersion());
      }
      Outcome outcome = record(device.deviceId(), e);
      switch (outcome) {
        case ACCEPTED, RELEASED ->
            json(ctx, 202, Map.of("status", "accepted", "released", outcome == Outcome.RELEASED));
        case DUPLICATE ->
            throw new ApiException(
                409,
                "duplicate_evaluation",
                "this device already reported on model version "
                    + e.modelVersion()
                    + "; one report per device per version");
        case ALREADY_RELEASED ->
            throw new ApiException(
                409,
                "evaluation_released",
                "the evaluation of model version "
                    + e.modelVersion()
                    + " was released; it takes no more reports");
        case NEEDS_RELEASE -> throw new IllegalStateException("a release was not charged");
      }
    }

    /**
     * One process releases at a time: the report that completes the minimum is charged to the
     * ledger before it is written; if the write then finds the version released by another process,
     * the charge stays (the ledger is conservative).
     */
    private synchronized Outcome record(String deviceId, LocalEvaluation e) {
      int min = settings.minReports();
      Outcome first =
          store.record(e.modelVersion(), deviceId, e.ndcgAt10(), e.hitAt10(), min, null);
      if (first != Outcome.NEEDS_RELEASE) {
        return first;
      }
      Purpose purpose = Purpose.EVALUATION;
      SpendDecision d =
          context
              .ledger()
              .trySpend(
                  purpose,
                  PrivacyEvent.gaussian(settings.noiseMultiplier(), 1),
                  "evaluation of model version "
                      + e.modelVersion()
                      + " released: "
                      + min
                      + " reports, Gaussian sigma "
                      + settings.sigma());
      if (!d.accepted()) {
        PrivacyBudget budget = context.ledger().budget(purpose);
        throw new ApiException(
            409,
            "budget_exceeded",
            String.format(
                Locale.ROOT,
                "releasing the evaluation of model version %d would take the evaluation budget"
                    + " (epsilon = %s at delta = %s) from %.4f to %.4f; the report is refused",
                e.modelVersion(),
                budget.epsilon(),
                budget.delta(),
                d.epsilonBefore(),
                d.epsilonRequested()));
      }
      NoiseMechanism gaussian = NoiseMechanism.gaussian(settings.sigma(), noise);
      Release release =
          new Release(
              d.spend().orElseThrow().sequence(),
              gaussian.addNoise(0.0),
              gaussian.addNoise(0.0),
              settings.sigma());
      return store.record(e.modelVersion(), deviceId, e.ndcgAt10(), e.hitAt10(), min, release);
    }

    private boolean granted(DeviceRecord device) {
      boolean granted = false;
      for (ConsentEvent ev : context.storage().consentEvents(device.deviceId())) {
        if (ev.purpose() == Purpose.EVALUATION) {
          granted = ev.granted();
        }
      }
      return granted;
    }
  }
}
