package dev.tacit.protocol;

/**
 * SecAgg+ round 3: the pairwise mask key a device shares with a neighbour the server lists as
 * dropped, so that the server can remove that mask without an X25519 agreement. It is one of the
 * keys the dropped neighbour's mask-key shares would rebuild.
 *
 * @param neighbour the dropped neighbour
 * @param key the 32-byte PRG stream key
 */
public record PairwiseKeyReveal(int neighbour, byte[] key) {
  /** Validates and copies. */
  public PairwiseKeyReveal {
    Checks.atLeast(neighbour, 1, "neighbour");
    key = Checks.bytes(key, "key", 32, 32);
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PairwiseKeyReveal k
        && k.neighbour == neighbour
        && java.util.Arrays.equals(k.key, key);
  }

  @Override
  public int hashCode() {
    return neighbour;
  }

  @Override
  public String toString() {
    return "PairwiseKeyReveal[neighbour=" + neighbour + ", (key hidden)]";
  }
}
