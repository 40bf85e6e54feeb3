package dev.tacit.secagg;

/** The four rounds of a SecAgg session (Bonawitz et al., CCS 2017), in order. */
public enum Phase {
  /** Round 0: clients advertise their two X25519 public keys. */
  ADVERTISE_KEYS,
  /** Round 1: clients send encrypted Shamir shares to their neighbours through the server. */
  SHARE_KEYS,
  /** Round 2: clients send their masked inputs. */
  MASKED_INPUT,
  /** Round 3: clients reveal the shares the server needs to remove the masks. */
  UNMASK
}
