package dev.tacit.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.server.dashboard.DashboardView.ModelView;
import dev.tacit.server.dashboard.DashboardView.ReleaseView;
import dev.tacit.server.store.ModelRegistry.Provenance;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DashboardModelTest {
  private static final Instant AT = Instant.parse("2026-01-31T12:00:00Z");

  private static Provenance version(long v, String provenance) {
    return new Provenance(v, AT, provenance);
  }

  @Test
  void theCooccurrenceModel_showsItsAlgorithm_andBothReleasesWithTheirZAndDevicesCounted() {
    Provenance head =
        version(
            1,
            "{\"kind\":\"federated\",\"algorithm\":\"cooccurrence\",\"stage\":\"head\","
                + "\"head_size\":40,\"round\":1,\"release\":\"popularity\","
                + "\"noise_multiplier\":2.85,\"survivors\":943}");
    Provenance complete =
        version(
            2,
            "{\"kind\":\"federated\",\"algorithm\":\"cooccurrence\",\"stage\":\"complete\","
                + "\"head_size\":40,\"rank\":7,\"round\":2,\"release\":\"cooccurrence\","
                + "\"noise_multiplier\":0.65,\"survivors\":940}");
    Map<Long, Provenance> all = Map.of(1L, head, 2L, complete);

    ModelView m = Dashboard.model(complete, v -> Optional.ofNullable(all.get(v)));

    assertThat(m.algorithm()).isEqualTo("cooccurrence");
    assertThat(m.stage()).isEqualTo("complete");
    assertThat(m.headSize()).isEqualTo(40);
    assertThat(m.rank()).isEqualTo(7);
    assertThat(m.releases())
        .containsExactly(
            new ReleaseView(1, "popularity", 2.85, 943, 1),
            new ReleaseView(2, "cooccurrence", 0.65, 940, 2));
  }

  @Test
  void theHeadStage_showsOnlyThePopularityRelease() {
    Provenance head =
        version(
            3,
            "{\"kind\":\"federated\",\"algorithm\":\"cooccurrence\",\"stage\":\"head\","
                + "\"head_size\":40,\"round\":3,\"release\":\"popularity\","
                + "\"noise_multiplier\":2.85,\"survivors\":900}");

    ModelView m = Dashboard.model(head, v -> Optional.empty());

    assertThat(m.stage()).isEqualTo("head");
    assertThat(m.releases()).containsExactly(new ReleaseView(3, "popularity", 2.85, 900, 3));
  }

  @Test
  void federatedIals_isNamed_withTheRoundThatMadeTheVersion() {
    Provenance ials =
        version(
            5,
            "{\"kind\":\"federated\",\"version\":5,\"factors\":32,\"round\":5,"
                + "\"noise_multiplier\":2.9,\"survivors\":120}");

    ModelView m = Dashboard.model(ials, v -> Optional.empty());

    assertThat(m.algorithm()).isEqualTo("ials");
    assertThat(m.stage()).isNull();
    assertThat(m.headSize()).isNull();
    assertThat(m.rank()).isEqualTo(32);
    assertThat(m.releases()).containsExactly(new ReleaseView(5, "round", 2.9, 120, 5));
  }

  @Test
  void aModelNotMadeByARelease_hasNone() {
    Provenance seed = version(1, "{\"kind\":\"central\",\"factors\":8,\"round\":0}");

    ModelView m = Dashboard.model(seed, v -> Optional.empty());

    assertThat(m.algorithm()).isEqualTo("central");
    assertThat(m.releases()).isEmpty();
  }
}
