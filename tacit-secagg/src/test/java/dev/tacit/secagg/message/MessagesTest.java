package dev.tacit.secagg.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.secagg.shamir.ShamirShare;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The messages validate their headers and fields, copy every array in and out (so a sender cannot
 * change a message after it was checked), compare by content, and report their wire size.
 */
class MessagesTest {
  private static final String S = "sess"; // header: 1 + 1 + 4 + 8 + 4 = 18 bytes

  private static byte[] bytes(int length, int fill) {
    byte[] b = new byte[length];
    java.util.Arrays.fill(b, (byte) fill);
    return b;
  }

  @Test
  void header_refusesANegativeRound_aClientIdBelowOne_andANullSession() {
    assertThatThrownBy(() -> new MaskedInput(S, -1, 1, 32, new long[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("round must be >= 0, was -1");
    assertThatThrownBy(() -> new MaskedInput(S, 0, 0, 32, new long[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sender must be >= 1, was 0");
    assertThatThrownBy(() -> new RoutedShares(S, 0, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recipient must be >= 1, was 0");
    assertThatThrownBy(() -> new ShareKeys(null, 0, 1, List.of()))
        .isInstanceOf(NullPointerException.class);
    assertThat(new MaskedInput(S, 0, 1, 32, new long[1]).round()).isZero();
    assertThat(SecAggMessage.headerSize(S)).isEqualTo(18);
    assertThat(SecAggMessage.headerSize("é")).isEqualTo(16);
  }

  @Test
  void advertiseKeys_copiesItsKeys_comparesByContent_andReportsItsSize() {
    byte[] enc = bytes(32, 1);
    byte[] mask = bytes(32, 2);
    AdvertiseKeys keys = new AdvertiseKeys(S, 4, 3, enc, mask, new byte[0]);
    enc[0] = 9;
    keys.maskPublicKey()[0] = 9;

    assertThat(keys.encryptionPublicKey()).isEqualTo(bytes(32, 1));
    assertThat(keys.maskPublicKey()).isEqualTo(bytes(32, 2));
    assertThat(keys.isSigned()).isFalse();
    assertThat(keys.encodedSize()).isEqualTo(18 + 64 + 2);
    AdvertiseKeys signed = new AdvertiseKeys(S, 4, 3, bytes(32, 1), mask, bytes(64, 5));
    assertThat(signed.isSigned()).isTrue();
    assertThat(signed.signature()).isEqualTo(bytes(64, 5));
    assertThat(signed.encodedSize()).isEqualTo(18 + 64 + 2 + 64);
    AdvertiseKeys same = new AdvertiseKeys(S, 4, 3, bytes(32, 1), bytes(32, 2), new byte[0]);
    assertThat(keys).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(signed);
    assertThat(keys)
        .isNotEqualTo(new AdvertiseKeys(S, 4, 3, bytes(32, 7), bytes(32, 2), new byte[0]));
    assertThat(keys)
        .isNotEqualTo(new AdvertiseKeys(S, 5, 3, bytes(32, 1), bytes(32, 2), new byte[0]));
    assertThat(keys)
        .isNotEqualTo(new AdvertiseKeys(S, 4, 2, bytes(32, 1), bytes(32, 2), new byte[0]));
    assertThat(keys)
        .isNotEqualTo(new AdvertiseKeys("x", 4, 3, bytes(32, 1), bytes(32, 2), new byte[0]));
    assertThat(keys)
        .isNotEqualTo(new AdvertiseKeys(S, 4, 3, bytes(32, 1), bytes(32, 8), new byte[0]));
    assertThat(keys.toString())
        .isEqualTo("AdvertiseKeys[session=sess, round=4, sender=3, signed=false]");
    assertThat(keys.signedPayload())
        .isEqualTo(AdvertiseKeys.signedPayload(S, 4, 3, bytes(32, 1), bytes(32, 2)))
        .isNotEqualTo(AdvertiseKeys.signedPayload(S, 4, 2, bytes(32, 1), bytes(32, 2)));
    assertThatThrownBy(() -> new AdvertiseKeys(S, 4, 3, bytes(31, 1), mask, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encryptionPublicKey");
  }

  @Test
  void encryptedShare_checksItsFields_copiesItsBytes_andComparesByContent() {
    byte[] nonce = bytes(12, 3);
    byte[] ciphertext = bytes(16, 4);
    EncryptedShare share = new EncryptedShare(S, 1, 2, 3, nonce, ciphertext);
    nonce[0] = 0;
    ciphertext[0] = 0;
    share.ciphertext()[1] = 0;

    assertThat(share.nonce()).isEqualTo(bytes(12, 3));
    assertThat(share.ciphertext()).isEqualTo(bytes(16, 4));
    assertThat(share.encodedSize()).isEqualTo(4 + 4 + 12 + 4 + 16);
    EncryptedShare same = new EncryptedShare(S, 1, 2, 3, bytes(12, 3), bytes(16, 4));
    assertThat(share).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(share).isNotEqualTo(new EncryptedShare(S, 1, 2, 4, bytes(12, 3), bytes(16, 4)));
    assertThat(share).isNotEqualTo(new EncryptedShare(S, 1, 5, 3, bytes(12, 3), bytes(16, 4)));
    assertThat(share).isNotEqualTo(new EncryptedShare(S, 2, 2, 3, bytes(12, 3), bytes(16, 4)));
    assertThat(share).isNotEqualTo(new EncryptedShare("x", 1, 2, 3, bytes(12, 3), bytes(16, 4)));
    assertThat(share).isNotEqualTo(new EncryptedShare(S, 1, 2, 3, bytes(12, 5), bytes(16, 4)));
    assertThat(share).isNotEqualTo(new EncryptedShare(S, 1, 2, 3, bytes(12, 3), bytes(17, 4)));
    assertThat(share.toString())
        .isEqualTo("EncryptedShare[session=sess, round=1, sender=2, recipient=3, 16 bytes]");
    assertThatThrownBy(() -> new EncryptedShare(S, 1, 2, 0, bytes(12, 3), bytes(16, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recipient must be >= 1, was 0");
    assertThatThrownBy(() -> new EncryptedShare(S, 1, 2, 3, bytes(12, 3), bytes(15, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ciphertext must be at least 16 bytes long (the tag), was 15");
    assertThat(EncryptedShare.associatedData(S, 1, 2, 3))
        .isNotEqualTo(EncryptedShare.associatedData(S, 1, 3, 2));
  }

  @Test
  void maskedInput_32bits_refusesResiduesOutOfRange_andAddsUnsigned() {
    long[] values = {0xffff_ffffL, 1, 2};
    MaskedInput input = new MaskedInput(S, 1, 2, 32, values);
    values[1] = 99;

    assertThat(input.values()).containsExactly(0xffff_ffffL, 1, 2);
    assertThat(input.get(0)).isEqualTo(0xffff_ffffL);
    assertThat(input.length()).isEqualTo(3);
    assertThat(input.modulusBits()).isEqualTo(32);
    assertThat(input.encodedSize()).isEqualTo(18 + 1 + 4 + 3 * 4);
    long[] longs = {1, 1, 1};
    input.addTo(longs);
    assertThat(longs).containsExactly(0x1_0000_0000L, 2, 3);
    int[] ints = {1, 1, 1};
    input.addTo(ints);
    assertThat(ints).containsExactly(0, 2, 3);
    assertThatThrownBy(() -> new MaskedInput(S, 1, 2, 32, new long[] {0x1_0000_0000L}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("masked value at index 0 must be in [0, 2^32)");
    assertThatThrownBy(() -> new MaskedInput(S, 1, 2, 16, new long[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("modulusBits must be 32 or 64, was 16");
    assertThatThrownBy(() -> input.addTo(new long[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accumulator length 2 differs from vector length 3");
    assertThatThrownBy(() -> input.addTo(new int[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accumulator length 4 differs from vector length 3");
    MaskedInput fromInts = MaskedInput.ofInts(S, 1, 2, new int[] {-1, 1, 2});
    assertThat(fromInts).isEqualTo(input).hasSameHashCodeAs(input);
    assertThat(input.toString())
        .isEqualTo("MaskedInput[session=sess, round=1, sender=2, bits=32, length=3]");
  }

  @Test
  void maskedInput_64bits_keepsEveryBit_andComparesByContent() {
    long[] values = {-1L, 5};
    MaskedInput input = new MaskedInput(S, 1, 2, 64, values);
    values[0] = 0;
    input.values()[1] = 0;

    assertThat(input.values()).containsExactly(-1L, 5);
    assertThat(input.get(1)).isEqualTo(5);
    assertThat(input.encodedSize()).isEqualTo(18 + 1 + 4 + 2 * 8);
    long[] longs = {1, 1};
    input.addTo(longs);
    assertThat(longs).containsExactly(0, 6);
    int[] ints = {1, 1};
    input.addTo(ints);
    assertThat(ints).containsExactly(0, 6);
    MaskedInput same = new MaskedInput(S, 1, 2, 64, new long[] {-1L, 5});
    assertThat(input).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(input).isNotEqualTo(new MaskedInput(S, 1, 3, 64, new long[] {-1L, 5}));
    assertThat(input).isNotEqualTo(new MaskedInput(S, 2, 2, 64, new long[] {-1L, 5}));
    assertThat(input).isNotEqualTo(new MaskedInput("x", 1, 2, 64, new long[] {-1L, 5}));
    assertThat(input).isNotEqualTo(new MaskedInput(S, 1, 2, 64, new long[] {-1L, 6}));
    assertThat(new MaskedInput(S, 1, 2, 64, new long[] {1, 5}))
        .isNotEqualTo(new MaskedInput(S, 1, 2, 32, new long[] {1, 5}));
  }

  @Test
  void listMessages_copyTheirLists_andReportTheirSizes() {
    EncryptedShare share = new EncryptedShare(S, 1, 2, 3, bytes(12, 3), bytes(16, 4));
    long shareSize = share.encodedSize();
    ShareKeys shareKeys = new ShareKeys(S, 1, 2, new java.util.ArrayList<>(List.of(share, share)));
    assertThat(shareKeys.encodedSize()).isEqualTo(18 + 4 + 2 * shareSize);
    assertThat(shareKeys.toString())
        .isEqualTo("ShareKeys[session=sess, round=1, sender=2, shares=2]");
    RoutedShares routed = new RoutedShares(S, 1, 3, List.of(share));
    assertThat(routed.encodedSize()).isEqualTo(18 + 4 + shareSize);
    assertThat(routed.toString())
        .isEqualTo("RoutedShares[session=sess, round=1, recipient=3, shares=1]");
    AdvertiseKeys keys = new AdvertiseKeys(S, 1, 2, bytes(32, 1), bytes(32, 2), new byte[0]);
    NeighbourKeys neighbourKeys = new NeighbourKeys(S, 1, 3, List.of(keys, keys));
    assertThat(neighbourKeys.encodedSize()).isEqualTo(18 + 4 + 2 * keys.encodedSize());
    assertThat(neighbourKeys.toString())
        .isEqualTo("NeighbourKeys[session=sess, round=1, recipient=3, neighbours=2]");
    UnmaskRequest request = new UnmaskRequest(S, 1, 3, List.of(5, 1, 3), List.of(4, 2));
    assertThat(request.survivors()).containsExactly(1, 3, 5);
    assertThat(request.dropped()).containsExactly(2, 4);
    assertThat(request.encodedSize()).isEqualTo(18 + 8 + 4 * 5);
    assertThat(request.toString())
        .isEqualTo(
            "UnmaskRequest[session=sess, round=1, recipient=3, survivors=[1, 3, 5], dropped=[2, 4]]");
    RevealedShare revealed = new RevealedShare(2, ShamirShare.of(3, new long[5]));
    assertThat(revealed.encodedSize()).isEqualTo(4 + 8 * 5);
    PairwiseKey key = new PairwiseKey(4, bytes(32, 6));
    assertThat(key.encodedSize()).isEqualTo(36);
    UnmaskResponse response =
        new UnmaskResponse(S, 1, 3, List.of(revealed, revealed), List.of(revealed), List.of(key));
    assertThat(response.encodedSize()).isEqualTo(18 + 8 + 3 * (4 + 40) + 36);
    assertThat(response.toString())
        .isEqualTo(
            "UnmaskResponse[session=sess, round=1, sender=3, selfMaskShares=2, maskKeyShares=1,"
                + " pairwiseKeys=1]");
  }

  @Test
  void pairwiseKeysAndRevealedShares_checkTheirFields_andNeverPrintTheKey() {
    byte[] streamKey = bytes(32, 6);
    PairwiseKey key = new PairwiseKey(4, streamKey);
    streamKey[0] = 0;
    key.streamKey()[1] = 0;

    assertThat(key.streamKey()).isEqualTo(bytes(32, 6));
    assertThat(key)
        .isEqualTo(new PairwiseKey(4, bytes(32, 6)))
        .hasSameHashCodeAs(new PairwiseKey(4, bytes(32, 6)));
    assertThat(key).isNotEqualTo(new PairwiseKey(4, bytes(32, 7)));
    assertThat(key).isNotEqualTo(new PairwiseKey(5, bytes(32, 6)));
    assertThat(key.toString()).isEqualTo("PairwiseKey[neighbour=4, key redacted]");
    assertThatThrownBy(() -> new PairwiseKey(0, bytes(32, 6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("neighbour must be >= 1, was 0");
    assertThatThrownBy(() -> new RevealedShare(0, ShamirShare.of(1, new long[1])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("owner must be >= 1, was 0");
    assertThat(new RevealedShare(1, ShamirShare.of(1, new long[1])).owner()).isEqualTo(1);
  }
}
