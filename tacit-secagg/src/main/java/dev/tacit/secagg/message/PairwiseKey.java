package dev.tacit.secagg.message;

import dev.tacit.check.Preconditions;
import dev.tacit.secagg.crypto.MaskPrg;
import java.util.Arrays;

/**
 * A pairwise mask key a client reveals in round 3 for a neighbour the server lists as dropped: the
 * PRG stream key both of them derived for this session from their X25519 agreement. Reconstructing
 * the dropped neighbour's mask key from t shares would reveal this key too, together with all of
 * that neighbour's other pairwise keys; revealing just this one spares the server an X25519
 * agreement per (dropped, surviving) pair. The key never appears in {@link #toString()}.
 *
 * @param neighbour the dropped neighbour the key is shared with
 * @param streamKey the 32-byte stream key (copied)
 */
public record PairwiseKey(int neighbour, byte[] streamKey) {

  /** Validates and copies. */
  public PairwiseKey {
    Preconditions.checkArgument(neighbour >= 1, "neighbour must be >= 1, was %d", neighbour);
    streamKey =
        Preconditions.copyOfLength(streamKey, MaskPrg.STREAM_KEY_LENGTH, "pairwise stream key");
  }

  @Override
  public byte[] streamKey() {
    return streamKey.clone();
  }

  /** The size in bytes of this key in a compact binary encoding. */
  public long encodedSize() {
    return 4 + MaskPrg.STREAM_KEY_LENGTH;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PairwiseKey k
        && k.neighbour == neighbour
        && Arrays.equals(k.streamKey, streamKey);
  }

  @Override
  public int hashCode() {
    return neighbour;
  }

  @Override
  public String toString() {
    return "PairwiseKey[neighbour=" + neighbour + ", key redacted]";
  }
}
