package dev.tacit.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.client.store.EncryptedStore;
import dev.tacit.client.store.KeyProvider;
import dev.tacit.client.store.Scrypt;
import dev.tacit.client.store.StoreCorruptedException;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Purpose;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TacitClientTest {
  @TempDir Path dir;
  final Fixtures.MutableClock clock = new Fixtures.MutableClock(Fixtures.T0);

  private TacitClient client() {
    return client(Policy.defaults());
  }

  private TacitClient client(Policy policy) {
    return TacitClient.builder()
        .storageDirectory(dir)
        .keyProvider(Fixtures.keys())
        .clock(clock)
        .policy(policy)
        .policyVersion("2026-01")
        .build();
  }

  private TacitClient personalized() {
    TacitClient c = client();
    c.consent().grant(Purpose.PERSONALIZATION);
    return c;
  }

  /** The decrypted content of the store, as the client would read it. */
  private String decryptedStore() {
    try (EncryptedStore s =
        EncryptedStore.open(
            dir, Fixtures.keys(), dev.tacit.client.store.Durability.WRITE, new SecureRandom())) {
      StringBuilder sb = new StringBuilder(new String(s.snapshot(), StandardCharsets.UTF_8));
      for (byte[] r : s.records()) {
        sb.append('\n').append(new String(r, StandardCharsets.UTF_8));
      }
      return sb.toString();
    }
  }

  private byte[][] storeFiles() throws Exception {
    return new byte[][] {
      Files.readAllBytes(dir.resolve(EncryptedStore.STATE)),
      Files.readAllBytes(dir.resolve(EncryptedStore.JOURNAL))
    };
  }

  @Test
  void builder_refusesASettingGivenTwice() {
    TacitClient.Builder b = TacitClient.builder().storageDirectory(dir);
    assertThatThrownBy(() -> b.storageDirectory(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("storageDirectory was already set");
  }

  @Test
  void builder_withoutKeyProvider_fails() {
    assertThatThrownBy(() -> TacitClient.builder().storageDirectory(dir).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("keyProvider must be set");
  }

  @Test
  void noPurpose_isGrantedByDefault_andRecordIsRefused() throws Exception {
    try (TacitClient c = client()) {
      assertThat(c.consent().granted()).isEmpty();
      byte[][] before = storeFiles();
      assertThatThrownBy(() -> c.record(Event.of("item-1", Signal.VIEW, Fixtures.T0)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("nothing stored");
      assertThat(storeFiles()).isDeepEqualTo(before);
    }
  }

  @Test
  void record_persistsAcrossReopen() {
    try (TacitClient c = personalized()) {
      c.record(Event.of("item-1", Signal.VIEW, Fixtures.T0));
      c.record(Event.rating("item-2", 4.5, Fixtures.T0.plusSeconds(1)));
    }
    try (TacitClient c = client()) {
      assertThat(c.events())
          .containsExactly(
              Event.of("item-1", Signal.VIEW, Fixtures.T0),
              Event.rating("item-2", 4.5, Fixtures.T0.plusSeconds(1)));
      assertThat(c.consent().isGranted(Purpose.PERSONALIZATION)).isTrue();
    }
  }

  @Test
  void badInput_toEveryMethod_isRejectedClearly_andLeavesTheStoreUnchanged() throws Exception {
    try (TacitClient c = personalized()) {
      c.record(Event.of("item-1", Signal.VIEW, Fixtures.T0));
      byte[][] before = storeFiles();
      List<ThrowingCallable> bad =
          List.of(
              () -> c.record(null),
              () -> c.record("item-1", "stare", null, Fixtures.T0),
              () -> c.record("item-1", "rating", 7.0, Fixtures.T0),
              () -> c.record("item-1", "rating", Double.NaN, Fixtures.T0),
              () -> c.record("item-1", "view", 3.0, Fixtures.T0),
              () -> c.record("x".repeat(129), "view", null, Fixtures.T0),
              () -> c.record("I loved it, call me at 555", "view", null, Fixtures.T0),
              () -> c.record("item-1", "view", null, Fixtures.T0.plus(Duration.ofDays(2))),
              () -> c.record("item-1", "view", null, Fixtures.T0.minus(Duration.ofDays(91))),
              () -> c.record("item-1", "view", null, null),
              () -> c.recommend(0, Filter.none()),
              () -> c.recommend(1001, Filter.none()),
              () -> c.recommend(5, null),
              () -> c.recommend(5, Filter.category("not a category")),
              () -> c.explain("item-1"),
              () -> c.consent().grant(null),
              () -> c.participate(null),
              () -> c.reportAnalytics("m", 5, 3, 1.0),
              () -> c.installCatalogue(List.of()),
              () -> Fixtures.install(c, Fixtures.model(30, 4, 1), Fixtures.catalogue(29)),
              () -> c.rewrapKeys(null));
      for (ThrowingCallable call : bad) {
        assertThatThrownBy(call)
            .isInstanceOfAny(IllegalArgumentException.class, IllegalStateException.class)
            .satisfies(e -> assertThat(e.getMessage()).isNotBlank());
      }
      assertThat(storeFiles()).isDeepEqualTo(before);
      assertThat(c.events()).hasSize(1);
    }
  }

  @Test
  void badInput_messagesNameTheRule() {
    try (TacitClient c = personalized()) {
      assertThatThrownBy(() -> c.record("item-1", "stare", null, Fixtures.T0))
          .hasMessageStartingWith("signal must be one of view, click")
          .hasMessageEndingWith("was \"stare\"");
      assertThatThrownBy(() -> c.record("x".repeat(129), "view", null, Fixtures.T0))
          .hasMessage("itemId must be at most 128 characters, had 129");
      assertThatThrownBy(() -> c.record("item-1", "rating", 7.0, Fixtures.T0))
          .hasMessage("a rating's value must be in [1, 5], was 7.0");
      assertThatThrownBy(
              () -> c.record("item-1", "view", null, Fixtures.T0.plus(Duration.ofDays(2))))
          .hasMessageContaining("minutes in the future");
    }
  }

  @Test
  void expiredEvents_areDeletedFromTheFile() {
    try (TacitClient c = personalized()) {
      c.record(Event.of("old-item", Signal.VIEW, Fixtures.T0));
      clock.advance(Duration.ofDays(60));
      c.record(Event.of("new-item", Signal.VIEW, clock.instant()));
      assertThat(decryptedStore()).contains("old-item");
      clock.advance(Duration.ofDays(31));
      assertThat(c.events()).extracting(Event::itemId).containsExactly("new-item");
    }
    assertThat(decryptedStore()).doesNotContain("old-item").contains("new-item");
  }

  @Test
  void expiredEvents_areDeletedWhenTheClientOpens() {
    try (TacitClient c = personalized()) {
      c.record(Event.of("old-item", Signal.VIEW, Fixtures.T0));
    }
    clock.advance(Duration.ofDays(91));
    try (TacitClient c = client()) {
      assertThat(c.events()).isEmpty();
    }
    assertThat(decryptedStore()).doesNotContain("old-item");
  }

  @Test
  void history_isCapped_oldestFirstOut() {
    try (TacitClient c = client(Policy.defaults().withMaxEvents(10))) {
      c.consent().grant(Purpose.PERSONALIZATION);
      for (int i = 0; i < 15; i++) {
        c.record(Event.of("item-" + i, Signal.VIEW, Fixtures.T0.plusSeconds(i)));
      }
      List<Event> kept = c.events();
      assertThat(kept.size()).isLessThanOrEqualTo(10);
      assertThat(kept).extracting(Event::itemId).contains("item-14").doesNotContain("item-0");
    }
    assertThat(decryptedStore()).doesNotContain("\"item-0\"");
  }

  @Test
  void tamperedStore_failsToOpenWithAClearError() throws Exception {
    try (TacitClient c = personalized()) {
      c.record(Event.of("item-1", Signal.VIEW, Fixtures.T0));
    }
    Path state = dir.resolve(EncryptedStore.STATE);
    byte[] b = Files.readAllBytes(state);
    b[b.length / 2] ^= 0x20;
    Files.write(state, b);
    assertThatThrownBy(this::client)
        .isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining("failed authentication");
  }

  @Test
  void truncatedStore_failsToOpen() throws Exception {
    try (TacitClient c = personalized()) {
      c.record(Event.of("item-1", Signal.VIEW, Fixtures.T0));
    }
    Path state = dir.resolve(EncryptedStore.STATE);
    byte[] b = Files.readAllBytes(state);
    Files.write(state, Arrays.copyOf(b, b.length - 1));
    assertThatThrownBy(this::client).isInstanceOf(StoreCorruptedException.class);
  }

  @Test
  void crashInTheMiddleOfAWrite_losesNoCommittedEvent() throws Exception {
    Path journal = dir.resolve(EncryptedStore.JOURNAL);
    long committedSize;
    try (TacitClient c = personalized()) {
      for (int i = 0; i < 5; i++) {
        c.record(Event.of("item-" + i, Signal.CLICK, Fixtures.T0.plusSeconds(i)));
      }
      committedSize = Files.size(journal);
      c.record(Event.of("item-5", Signal.CLICK, Fixtures.T0.plusSeconds(5)));
    }
    // simulate the crash: the sixth record only partly reached the disk
    byte[] j = Files.readAllBytes(journal);
    Files.write(journal, Arrays.copyOf(j, (int) committedSize + 11));
    try (TacitClient c = client()) {
      assertThat(c.events())
          .extracting(Event::itemId)
          .containsExactly("item-0", "item-1", "item-2", "item-3", "item-4");
      assertThat(c.storeRecoveryNotes()).singleElement().asString().contains("crash");
    }
  }

  @Test
  void corruptedModelFile_isNotUsed_andIsReported() throws Exception {
    try (TacitClient c = personalized()) {
      Fixtures.install(c, Fixtures.model(30, 4, 1), Fixtures.catalogue(30));
    }
    Path frame = dir.resolve("model.tct");
    byte[] b = Files.readAllBytes(frame);
    b[40] ^= 1;
    Files.write(frame, b);
    try (TacitClient c = client()) {
      assertThat(c.modelVersion()).isEqualTo(-1);
      assertThat(c.storeRecoveryNotes()).singleElement().asString().contains("integrity check");
      assertThat(c.recommend(3, Filter.none()).source())
          .isEqualTo(Recommendations.Source.POPULARITY);
    }
  }

  @Test
  void consent_keepsEveryDecisionWithThePolicyVersion() {
    try (TacitClient c = client()) {
      c.consent().grant(Purpose.TRAINING);
      clock.advance(Duration.ofMinutes(1));
      c.consent().withdraw(Purpose.TRAINING);
      assertThat(c.consent().isGranted(Purpose.TRAINING)).isFalse();
      assertThat(c.consent().history())
          .extracting(r -> r.purpose() + ":" + r.granted() + ":" + r.policyVersion())
          .containsExactly("TRAINING:true:2026-01", "TRAINING:false:2026-01");
    }
    try (TacitClient c = client()) {
      assertThat(c.consent().history()).hasSize(2);
      assertThat(c.consent().granted()).isEmpty();
    }
  }

  @Test
  void exportData_isOneReadableJsonDocumentWithEverything() throws Exception {
    try (TacitClient c = personalized()) {
      Fixtures.install(c, Fixtures.model(30, 4, 1), Fixtures.catalogue(30));
      c.record(Event.of("item-3", Signal.PURCHASE, Fixtures.T0));
      c.record(Event.rating("item-6", 5, Fixtures.T0));
      String export = c.exportData();
      assertThat(export).contains("\n"); // indented for people
      JsonNode doc = Json.mapper().readTree(export);
      assertThat(doc.get("events")).hasSize(2);
      assertThat(doc.get("events").get(0).get("signal").asText()).isEqualTo("purchase");
      assertThat(doc.get("consent").get("history")).hasSize(1);
      assertThat(doc.get("userFactor").get("values")).hasSize(4);
      assertThat(doc.get("sentToServer")).isEmpty();
      assertThat(doc.get("policy").get("retentionDays").asInt()).isEqualTo(90);
    }
  }

  @Test
  void deleteAllData_leavesNothingReadableOnDisk() throws Exception {
    try (TacitClient c = personalized()) {
      Fixtures.install(c, Fixtures.model(30, 4, 1), Fixtures.catalogue(30));
      c.record(Event.of("item-3", Signal.PURCHASE, Fixtures.T0));
      DeletionResult r = c.deleteAllData();
      assertThat(r.serverNotified()).isFalse();
      assertThat(dir).doesNotExist();
      assertThatThrownBy(() -> c.recommend(5, Filter.none()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("deleted");
    }
    try (TacitClient c = client()) { // a new, empty store in the same place
      assertThat(c.events()).isEmpty();
      assertThat(c.consent().history()).isEmpty();
    }
  }

  @Test
  void passphraseStore_opensOnlyWithThePassphrase() {
    Scrypt.Params cheap = new Scrypt.Params(1024, 8, 1);
    try (TacitClient c =
        TacitClient.builder()
            .storageDirectory(dir)
            .keyProvider(KeyProvider.passphrase("a long passphrase".toCharArray(), cheap))
            .clock(clock)
            .build()) {
      c.consent().grant(Purpose.PERSONALIZATION);
      c.record(Event.of("item-1", Signal.VIEW, Fixtures.T0));
    }
    assertThatThrownBy(
            () ->
                TacitClient.builder()
                    .storageDirectory(dir)
                    .keyProvider(KeyProvider.passphrase("a wrong passphrase".toCharArray(), cheap))
                    .build())
        .isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining("is wrong, or the file was modified");
  }

  @Test
  void rotateKeys_keepsTheData() {
    try (TacitClient c = personalized()) {
      c.record(Event.of("item-1", Signal.VIEW, Fixtures.T0));
      c.rotateKeys();
      c.record(Event.of("item-2", Signal.VIEW, Fixtures.T0));
    }
    try (TacitClient c = client()) {
      assertThat(c.events()).extracting(Event::itemId).containsExactly("item-1", "item-2");
    }
  }

  @Test
  void files_holdNoEventContent() throws Exception {
    try (TacitClient c = personalized()) {
      c.record(Event.of("very-private-item", Signal.PURCHASE, Fixtures.T0));
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
            .doesNotContain("very-private-item")
            .doesNotContain("purchase");
      }
    }
  }

  @Test
  void aStoreWrittenBeforeTheDeviceTrackedItsEpsilon_stillOpens_andCountsNoRound() {
    // A transparency-log record as written before OutboundRecord had roundNoiseMultiplier.
    try (dev.tacit.client.store.EncryptedStore old =
        dev.tacit.client.store.EncryptedStore.open(
            dir,
            Fixtures.keys(),
            dev.tacit.client.store.Durability.WRITE,
            new java.security.SecureRandom())) {
      old.append(
          ("{\"event\":null,\"outbound\":{\"time\":\"2026-03-01T11:00:00Z\",\"purpose\":"
                  + "\"training\",\"endpoint\":\"POST /v1/devices/{id}/rounds/{round}/masked-input\","
                  + "\"bytes\":10,\"description\":\"an update\"}}")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    try (TacitClient c = client()) {
      assertThat(c.transparencyLog())
          .singleElement()
          .satisfies(r -> assertThat(r.roundNoiseMultiplier()).isNull());
      assertThat(c.epsilonAgainstServer().epsilon()).isZero();
      assertThat(c.epsilonAgainstServer().delta()).isEqualTo(TacitClient.DEFAULT_DELTA);
      assertThat(c.budgetAgainstServer().limited()).isFalse();
    }
  }

  @Test
  void anOutboundRecord_withANegativeOrInfiniteNoiseMultiplier_isRefused() {
    assertThatThrownBy(
            () -> new OutboundRecord(Fixtures.T0, "training", "POST x", 1, "d", -1.0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("roundNoiseMultiplier must be >= 0 and finite, was -1.0");
    assertThatThrownBy(
            () ->
                new OutboundRecord(
                    Fixtures.T0, "training", "POST x", 1, "d", Double.POSITIVE_INFINITY, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new OutboundRecord(Fixtures.T0, "analytics", "POST x", 1, "d", null, 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reportEpsilon must be > 0 and finite, was 0.0");
    assertThatThrownBy(
            () -> new OutboundRecord(Fixtures.T0, "analytics", "POST x", 1, "d", 1.0, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not both");
  }
}
