package dev.tacit.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.client.server.RoundLink;
import dev.tacit.client.server.ServerConnection;
import dev.tacit.client.server.Traffic;
import dev.tacit.protocol.AnalyticsQuery;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckIn;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.DeletionRequest;
import dev.tacit.protocol.LdpReport;
import dev.tacit.protocol.LocalEvaluation;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.SecAggSession;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device selected for a round that is still recruiting checks in again when the server asks, on
 * the injected clock and sleeper: no test waits on real time.
 */
class RecruitmentWaitTest {
  @TempDir Path dir;
  final Fixtures.MutableClock clock = new Fixtures.MutableClock(Fixtures.T0);
  final List<Duration> slept = new ArrayList<>();

  /** A server whose rounds never finish recruiting: every check-in is answered "again in 1 s". */
  static final class Recruiting implements ServerConnection {
    int checkIns;

    @Override
    public RegistrationResponse register(RegistrationRequest request) {
      return new RegistrationResponse("device-1", "token-1");
    }

    @Override
    public void consent(String token, ConsentUpdate update) {}

    @Override
    public CheckInResponse checkIn(String token, CheckIn checkIn) {
      checkIns++;
      return CheckInResponse.retryAfter(1);
    }

    @Override
    public Traffic takeTraffic() {
      return Traffic.NONE;
    }

    @Override
    public void delete(String token, DeletionRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<AnalyticsQuery> analyticsQueries(String token) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void report(String token, LdpReport report) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void evaluation(String token, LocalEvaluation evaluation) {
      throw new UnsupportedOperationException();
    }

    @Override
    public SecAggSession session(String token, String deviceId, long round) {
      throw new UnsupportedOperationException();
    }

    @Override
    public RoundLink round(String token, String deviceId, long round) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ModelMetadata modelMetadata(String token, long version) {
      throw new UnsupportedOperationException();
    }

    @Override
    public byte[] modelFactors(String token, long version) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<CatalogueItem> catalogue(String token, long version) {
      throw new UnsupportedOperationException();
    }
  }

  private TacitClient client(Recruiting server, Sleeper sleeper) {
    TacitClient c =
        TacitClient.builder()
            .storageDirectory(dir)
            .keyProvider(Fixtures.keys())
            .clock(clock)
            .sleeper(sleeper)
            .server(server)
            .build();
    c.consent().grant(Purpose.TRAINING);
    return c;
  }

  @Test
  void aRoundThatKeepsRecruiting_isLeftAfterTwoMinutesOnTheClock_thenRetriesLater() {
    Recruiting server = new Recruiting();
    try (TacitClient c =
        client(
            server,
            d -> {
              slept.add(d);
              clock.advance(d);
            })) {
      ParticipationResult r = c.participate(DeviceConditions.idle());

      assertThat(r.status()).isEqualTo(ParticipationResult.Status.RETRY_LATER);
      assertThat(slept).hasSize(120).containsOnly(Duration.ofSeconds(1));
      assertThat(server.checkIns).isEqualTo(121);
    }
  }

  @Test
  void withAClockThatDoesNotMove_theWaitIsStillBoundedByTheTimeSlept() {
    Recruiting server = new Recruiting();
    try (TacitClient c = client(server, slept::add)) {
      ParticipationResult r = c.participate(DeviceConditions.idle());

      assertThat(r.status()).isEqualTo(ParticipationResult.Status.RETRY_LATER);
      assertThat(slept).hasSize(120);
      assertThat(c.transparencyLog())
          .filteredOn(o -> o.endpoint().equals("POST /v1/devices/{id}/check-in"))
          .hasSize(121);
    }
  }
}
