package dev.tacit.client.store;

import java.nio.charset.StandardCharsets;

/** What the store's three files share: their 4-byte magic and the 12-byte header. */
final class StoreFiles {
  /** Magic u32 and generation u64, for the state and the journal. */
  static final int HEADER = 12;

  private StoreFiles() {}

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether {@code bytes} begins with the 4 bytes of {@code magic}. */
  static boolean startsWith(byte[] bytes, byte[] magic) {
    for (int i = 0; i < 4; i++) {
      if (bytes[i] != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
