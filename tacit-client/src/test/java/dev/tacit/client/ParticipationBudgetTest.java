package dev.tacit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.client.server.InProcessServer;
import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.server.CohortSampler;
import dev.tacit.federated.server.FederatedServer;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.Purpose;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device's own budget against the server, in real SecAgg+ rounds of three devices against a
 * server in the same process (moved out of {@link ParticipationTest}, whose fixture it did not
 * use).
 */
class ParticipationBudgetTest {
  private static final int ITEMS = 30;
  private static final int K = 4;
  @TempDir Path dir;
  final Fixtures.MutableClock clock = new Fixtures.MutableClock(Fixtures.T0);
  final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() {
    pool.shutdownNow();
  }

  @Test
  void aRoundWithCentralNoise_isDeclinedByADeviceWithABudget_itsUpdateHasNoNoiseAgainstTheServer()
      throws Exception {
    // With the noise added by the server, the server sees the exact sum: against it, a device's
    // ε for the round is infinite, and a device with any finite budget takes no part.
    FederatedServer central =
        FederatedServer.create(
            FederatedConfig.defaults().withFactors(K),
            new PrivacySettings(1.0, 0.5, PrivacySettings.NoiseAt.SERVER, 0.6),
            CohortSampler.poisson(1.0),
            ITEMS,
            100,
            Double.POSITIVE_INFINITY,
            1e-5);
    InProcessServer other =
        InProcessServer.create(
            central,
            Fixtures.catalogue(ITEMS),
            new RoundRules(1.0, 3, 3, Duration.ofSeconds(20), Duration.ofSeconds(2)),
            RandomSource.seeded(9));
    List<TacitClient> devices = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      TacitClient.Builder b =
          TacitClient.builder()
              .storageDirectory(dir.resolve("central" + i))
              .keyProvider(Fixtures.keys())
              .clock(clock)
              .server(other)
              .randomSource(DeviceRandom.seeded(20 + i));
      if (i == 0) {
        b.budgetAgainstServer(new BudgetAgainstServer(100, 1e-5));
      }
      TacitClient c = b.build();
      c.consent().grant(Purpose.TRAINING);
      c.consent().grant(Purpose.PERSONALIZATION);
      c.record(Event.of("item-" + (3 + i), Signal.PURCHASE, Instant.parse("2026-02-20T10:00:00Z")));
      devices.add(c);
    }
    try {
      List<Future<ParticipationResult>> runs = new ArrayList<>();
      for (TacitClient c : devices) {
        runs.add(pool.submit(() -> c.participate(DeviceConditions.idle())));
      }
      ParticipationResult strict = runs.get(0).get();

      assertThat(strict.status()).isEqualTo(ParticipationResult.Status.SKIPPED);
      assertThat(strict.detail()).contains("declined").contains("Infinity");
      assertThat(devices.get(0).transparencyLog())
          .noneMatch(r -> r.endpoint().endsWith("/masked-input"));
      assertThat(devices.get(0).epsilonAgainstServer().epsilon()).isZero();
      for (int i = 1; i < 3; i++) {
        runs.get(i).get();
      }
    } finally {
      devices.forEach(TacitClient::close);
    }
  }
}
