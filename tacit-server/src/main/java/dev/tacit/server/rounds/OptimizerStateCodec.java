package dev.tacit.server.rounds;

import dev.tacit.protocol.TensorFrame;

/**
 * The server optimizer's state as stored with each model version: one int64 {@link TensorFrame}
 * holding the number of vectors, their lengths, then the doubles' bits.
 */
final class OptimizerStateCodec {
  private OptimizerStateCodec() {}

  /** The empty state of a model that has none (the co-occurrence model). */
  static byte[] empty() {
    return encode(new double[0][]);
  }

  static byte[] encode(double[][] state) {
    int total = 1 + state.length;
    for (double[] v : state) {
      total += v.length;
    }
    long[] out = new long[total];
    out[0] = state.length;
    int at = 1 + state.length;
    for (int i = 0; i < state.length; i++) {
      out[1 + i] = state[i].length;
      for (double d : state[i]) {
        out[at++] = Double.doubleToRawLongBits(d);
      }
    }
    return TensorFrame.ofLongs(new int[] {total}, out).encode();
  }

  static double[][] decode(byte[] frame) {
    long[] in = TensorFrame.decode(frame).longs();
    int n = (int) in[0];
    double[][] state = new double[n][];
    int at = 1 + n;
    for (int i = 0; i < n; i++) {
      state[i] = new double[(int) in[1 + i]];
      for (int j = 0; j < state[i].length; j++) {
        state[i][j] = Double.longBitsToDouble(in[at++]);
      }
    }
    return state;
  }
}
