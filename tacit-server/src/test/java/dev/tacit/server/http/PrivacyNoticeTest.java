package dev.tacit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrivacyNoticeTest {
  @Test
  void withEveryDeviceInEveryRelease_iAlsIsNotSaidToTrainACooccurrenceModel() {
    String ials = PrivacyNotice.amplifiedEpsilonIsAgainst(1.0, "ials");

    assertThat(ials).contains("q = 1").doesNotContainIgnoringCase("co-occurrence");
  }

  @Test
  void withEveryDeviceInEveryRelease_theCooccurrenceModelSaysHowItsReleasesAreMade() {
    String cooccurrence = PrivacyNotice.amplifiedEpsilonIsAgainst(1.0, "cooccurrence");

    assertThat(cooccurrence)
        .contains("q = 1")
        .contains("a private co-occurrence model is trained in two releases");
  }

  @Test
  void withSampling_theEpsilonHoldsOnlyAgainstThoseWhoSeeTheModels_whateverTheAlgorithm() {
    for (String algorithm : new String[] {"ials", "cooccurrence"}) {
      String text = PrivacyNotice.amplifiedEpsilonIsAgainst(0.05, algorithm);

      assertThat(text)
          .startsWith("those who see only the published models")
          .contains("q = 0.05")
          .doesNotContainIgnoringCase("co-occurrence");
    }
  }
}
