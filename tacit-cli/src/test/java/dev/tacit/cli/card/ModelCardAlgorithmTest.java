package dev.tacit.cli.card;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.cli.card.CardDocument.Block;
import dev.tacit.cli.card.CardDocument.Paragraph;
import dev.tacit.cli.card.CardDocument.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelCardAlgorithmTest {
  private static final String HEAD =
      "{\"algorithm\":\"cooccurrence\",\"stage\":\"head\",\"head_size\":40,\"survivors\":943,"
          + "\"popularity_noise_multiplier\":2.85,\"cooccurrence_noise_multiplier\":0.65}";
  private static final String COMPLETE =
      "{\"algorithm\":\"cooccurrence\",\"stage\":\"complete\",\"head_size\":40,\"rank\":7,"
          + "\"lambda\":30,\"survivors\":940,"
          + "\"popularity_noise_multiplier\":2.85,\"cooccurrence_noise_multiplier\":0.65}";

  @Test
  void theCooccurrenceModel_listsBothReleasesWithTheirZAndTheDevicesEachCounted() {
    List<Block> blocks = ModelCard.algorithm(COMPLETE, HEAD);

    assertThat(((Paragraph) blocks.get(0)).text()).contains("algorithm: cooccurrence");
    Table releases = (Table) blocks.get(1);
    assertThat(releases.header()).contains("noise multiplier z", "devices counted");
    assertThat(releases.rows().get(0)).startsWith("1. popularity of every item", "2.8500");
    assertThat(releases.rows().get(0)).endsWith("943");
    assertThat(releases.rows().get(1)).startsWith("2. co-occurrence of the head", "0.6500");
    assertThat(releases.rows().get(1)).endsWith("940");
  }

  @Test
  void beforeTheSecondRelease_onlyThePopularityReleaseHasCountedDevices() {
    Table releases = (Table) ModelCard.algorithm(HEAD, null).get(1);

    assertThat(releases.rows().get(0)).endsWith("943");
    assertThat(releases.rows().get(1)).endsWith("-");
  }

  @Test
  void federatedIals_isDescribedAsIals() {
    List<Block> blocks = ModelCard.algorithm("{\"kind\":\"federated\",\"factors\":32}", null);

    assertThat(blocks).singleElement().isInstanceOf(Paragraph.class);
    assertThat(((Paragraph) blocks.get(0)).text()).contains("(iALS)");
  }
}
