package dev.tacit.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.AesGcmJce;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptedStoreTest {
  @TempDir Path dir;

  private static KeyProvider key(byte fill) throws GeneralSecurityException {
    byte[] k = new byte[32];
    Arrays.fill(k, fill);
    return KeyProvider.of(new AesGcmJce(k), "test");
  }

  private EncryptedStore open() throws GeneralSecurityException {
    return EncryptedStore.open(dir, key((byte) 1), Durability.WRITE, new SecureRandom());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> texts(List<byte[]> records) {
    return records.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  private EncryptedStore withData() throws GeneralSecurityException {
    EncryptedStore s = open();
    s.writeSnapshot(utf8("snapshot-1"));
    s.append(utf8("a"));
    s.append(utf8("b"));
    s.close();
    return s;
  }

  @Test
  void reopen_readsSnapshotAndRecordsInOrder() throws Exception {
    withData();
    try (EncryptedStore s = open()) {
      assertThat(new String(s.snapshot(), StandardCharsets.UTF_8)).isEqualTo("snapshot-1");
      assertThat(texts(s.records())).containsExactly("a", "b");
      assertThat(s.recoveryNotes()).isEmpty();
    }
  }

  @Test
  void files_holdNoPlaintext() throws Exception {
    EncryptedStore s = open();
    s.writeSnapshot(utf8("secret-snapshot-text"));
    s.append(utf8("secret-record-text"));
    s.close();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertThat(content).doesNotContain("secret");
      }
    }
  }

  @Test
  void open_withEveryByteOfTheStateFileModified_fails() throws Exception {
    withData();
    byte[] original = Files.readAllBytes(dir.resolve(EncryptedStore.STATE));
    for (int i = 0; i < original.length; i++) {
      byte[] b = original.clone();
      b[i] ^= 0x01;
      Files.write(dir.resolve(EncryptedStore.STATE), b);
      assertThatThrownBy(this::open).as("byte %d", i).isInstanceOf(StoreCorruptedException.class);
    }
  }

  @Test
  void open_withTamperedState_saysSo() throws Exception {
    withData();
    byte[] b = Files.readAllBytes(dir.resolve(EncryptedStore.STATE));
    b[b.length - 1] ^= 1;
    Files.write(dir.resolve(EncryptedStore.STATE), b);
    assertThatThrownBy(this::open)
        .isInstanceOf(StoreCorruptedException.class)
        .hasMessage("state.bin failed authentication: the file was modified or truncated");
  }

  @Test
  void open_withEveryTruncationOfTheStateFile_fails() throws Exception {
    withData();
    byte[] original = Files.readAllBytes(dir.resolve(EncryptedStore.STATE));
    for (int n = 0; n < original.length; n++) {
      Files.write(dir.resolve(EncryptedStore.STATE), Arrays.copyOf(original, n));
      assertThatThrownBy(this::open).as("%d bytes", n).isInstanceOf(StoreCorruptedException.class);
    }
  }

  @Test
  void open_withModifiedOrTruncatedKeyset_fails() throws Exception {
    withData();
    byte[] original = Files.readAllBytes(dir.resolve(EncryptedStore.KEYSET));
    for (int i = 0; i < original.length; i += 7) {
      byte[] b = original.clone();
      b[i] ^= 0x40;
      Files.write(dir.resolve(EncryptedStore.KEYSET), b);
      assertThatThrownBy(this::open).as("byte %d", i).isInstanceOf(StoreCorruptedException.class);
    }
    Files.write(dir.resolve(EncryptedStore.KEYSET), Arrays.copyOf(original, original.length - 3));
    assertThatThrownBy(this::open).isInstanceOf(StoreCorruptedException.class);
  }

  @Test
  void open_withWrongKey_fails() throws Exception {
    withData();
    assertThatThrownBy(
            () -> EncryptedStore.open(dir, key((byte) 2), Durability.WRITE, new SecureRandom()))
        .isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining("cannot be unwrapped");
  }

  @Test
  void open_withModifiedJournalRecord_fails() throws Exception {
    withData();
    Path j = dir.resolve(EncryptedStore.JOURNAL);
    byte[] original = Files.readAllBytes(j);
    for (int i = 12; i < original.length; i++) { // every byte after the header
      byte[] b = original.clone();
      b[i] ^= 0x01;
      Files.write(j, b);
      assertThatThrownBy(this::open).as("byte %d", i).isInstanceOf(StoreCorruptedException.class);
    }
  }

  @Test
  void open_withJournalRecordsSwapped_fails() throws Exception {
    EncryptedStore s = open();
    s.append(utf8("x"));
    s.append(utf8("y"));
    s.close();
    Path j = dir.resolve(EncryptedStore.JOURNAL);
    byte[] b = Files.readAllBytes(j);
    int len = (b.length - 12) / 2; // two frames of the same length
    byte[] swapped = new byte[b.length];
    System.arraycopy(b, 0, swapped, 0, 12);
    System.arraycopy(b, 12 + len, swapped, 12, len);
    System.arraycopy(b, 12, swapped, 12 + len, len);
    Files.write(j, swapped);
    assertThatThrownBy(this::open)
        .isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining("record 0 failed authentication");
  }

  @Test
  void crashDuringAppend_losesNoAcknowledgedRecord() throws Exception {
    withData();
    Path j = dir.resolve(EncryptedStore.JOURNAL);
    byte[] before = Files.readAllBytes(j);
    // the crash: the next record's length and half its bytes reached the file
    try (EncryptedStore s = open()) {
      s.append(utf8("c"));
    }
    byte[] after = Files.readAllBytes(j);
    Files.write(j, Arrays.copyOf(after, before.length + (after.length - before.length) / 2));
    try (EncryptedStore s = open()) {
      assertThat(texts(s.records())).containsExactly("a", "b");
      assertThat(s.recoveryNotes()).singleElement().asString().contains("interrupted by a crash");
      s.append(utf8("d"));
    }
    try (EncryptedStore s = open()) {
      assertThat(texts(s.records())).containsExactly("a", "b", "d");
      assertThat(s.recoveryNotes()).isEmpty();
    }
  }

  @Test
  void crashDuringSnapshot_beforeTheMove_keepsTheOldState() throws Exception {
    withData();
    // the crash: a half-written temporary file beside the state, never moved over it
    Files.write(dir.resolve(EncryptedStore.STATE + AtomicFiles.TEMP_SUFFIX), utf8("TST1\0\0half"));
    try (EncryptedStore s = open()) {
      assertThat(new String(s.snapshot(), StandardCharsets.UTF_8)).isEqualTo("snapshot-1");
      assertThat(texts(s.records())).containsExactly("a", "b");
    }
  }

  @Test
  void crashBetweenSnapshotAndJournalReset_discardsTheFoldedJournal() throws Exception {
    withData();
    Path j = dir.resolve(EncryptedStore.JOURNAL);
    byte[] oldJournal = Files.readAllBytes(j);
    try (EncryptedStore s = open()) {
      s.writeSnapshot(utf8("snapshot-2 with a and b"));
    }
    Files.write(j, oldJournal); // as if the crash came before the journal was reset
    try (EncryptedStore s = open()) {
      assertThat(new String(s.snapshot(), StandardCharsets.UTF_8))
          .isEqualTo("snapshot-2 with a and b");
      assertThat(s.records()).isEmpty();
      assertThat(s.recoveryNotes()).singleElement().asString().contains("already in the snapshot");
    }
  }

  @Test
  void olderSnapshot_withNewerJournal_isDetected() throws Exception {
    withData();
    byte[] oldState = Files.readAllBytes(dir.resolve(EncryptedStore.STATE));
    try (EncryptedStore s = open()) {
      s.writeSnapshot(utf8("snapshot-2"));
    }
    Files.write(dir.resolve(EncryptedStore.STATE), oldState);
    assertThatThrownBy(this::open)
        .isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining("replaced by an older one");
  }

  @Test
  void rotateKey_reencryptsAndStillOpens() throws Exception {
    withData();
    byte[] keysetBefore = Files.readAllBytes(dir.resolve(EncryptedStore.KEYSET));
    try (EncryptedStore s = open()) {
      s.rotateKey(utf8("rotated"));
    }
    assertThat(Files.readAllBytes(dir.resolve(EncryptedStore.KEYSET))).isNotEqualTo(keysetBefore);
    try (EncryptedStore s = open()) {
      assertThat(new String(s.snapshot(), StandardCharsets.UTF_8)).isEqualTo("rotated");
      assertThat(s.records()).isEmpty();
    }
  }

  @Test
  void rewrap_withNewPassphrase_opensOnlyWithIt() throws Exception {
    Scrypt.Params cheap = new Scrypt.Params(1024, 8, 1);
    KeyProvider first = KeyProvider.passphrase("correct horse".toCharArray(), cheap);
    KeyProvider second = KeyProvider.passphrase("battery staple".toCharArray(), cheap);
    try (EncryptedStore s = EncryptedStore.open(dir, first, Durability.WRITE, new SecureRandom())) {
      s.append(utf8("r"));
      s.rewrap(second);
    }
    assertThatThrownBy(() -> EncryptedStore.open(dir, first, Durability.WRITE, new SecureRandom()))
        .isInstanceOf(StoreCorruptedException.class);
    try (EncryptedStore s = EncryptedStore.open(dir, second, Durability.SYNC, new SecureRandom())) {
      assertThat(texts(s.records())).containsExactly("r");
    }
  }

  @Test
  void destroy_leavesNoFile() throws Exception {
    EncryptedStore s = withData();
    s = open();
    Files.write(dir.resolve("model.tct"), utf8("public model"));
    s.destroy();
    assertThat(dir).doesNotExist();
    assertThatThrownBy(s::snapshot).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void open_withDataButNoKeyset_fails() throws Exception {
    withData();
    Files.delete(dir.resolve(EncryptedStore.KEYSET));
    assertThatThrownBy(this::open)
        .isInstanceOf(StoreCorruptedException.class)
        .hasMessageContaining("no keyset.bin");
  }

  @Test
  void passphrase_shorterThanEight_isRejected() {
    assertThatThrownBy(() -> KeyProvider.passphrase("short".toCharArray()))
        .hasMessage("passphrase must have at least 8 characters, had 5");
  }

  @Test
  void shred_overwritesBeforeDeleting() throws IOException {
    Path f = dir.resolve("f");
    Files.write(f, utf8("plaintext"), StandardOpenOption.CREATE);
    AtomicFiles.shred(f, new SecureRandom());
    assertThat(f).doesNotExist();
  }
}
