package dev.tacit.sim;

/** How a simulated round adds the devices' encoded updates. */
public enum SecAggMode {
  /** The real SecAgg+ protocol, every message built and checked (Bell et al. 2020). */
  REAL,
  /**
   * The same quantized, noised residues added modulo 2^bits without masks: the sum is bit-identical
   * to {@link #REAL}'s over the same counted devices, for fast sweeps.
   */
  SUM
}
