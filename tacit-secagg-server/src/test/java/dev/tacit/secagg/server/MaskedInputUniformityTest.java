package dev.tacit.secagg.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.TestRandom;
import dev.tacit.secagg.client.SecAggClient;
import dev.tacit.secagg.message.MaskedInput;
import dev.tacit.secagg.message.NeighbourKeys;
import dev.tacit.secagg.message.RoutedShares;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A masked input must look uniform whatever the input: chi-square tests over many sessions in which
 * a client masks the all-zero vector.
 */
class MaskedInputUniformityTest {
  private static final int RUNS = 200;
  private static final int LENGTH = 512;

  @Test
  void maskedZeroInput_isUniformInEveryByteAndAtEveryCoordinate() {
    long[] byteCounts = new long[256];
    long[][] topNibble = new long[LENGTH][16];
    for (int run = 0; run < RUNS; run++) {
      MaskedInput masked = maskedZeros(run);
      for (int i = 0; i < LENGTH; i++) {
        long v = masked.get(i);
        for (int b = 0; b < 4; b++) {
          byteCounts[(int) ((v >>> (8 * b)) & 0xff)]++;
        }
        topNibble[i][(int) (v >>> 28)]++;
      }
    }

    // df = 255: the 0.999 quantile of chi-square is 330.5.
    assertThat(chiSquare(byteCounts)).isLessThan(330.5);
    // Coordinate-wise over runs, df = 15 (0.999 quantile 37.7): at most a few of 512 may exceed
    // the 0.99 quantile 30.58 by chance (expected 5.1).
    int rejections = 0;
    for (long[] counts : topNibble) {
      if (chiSquare(counts) > 30.58) {
        rejections++;
      }
    }
    assertThat(rejections).isLessThan(15);
  }

  private static MaskedInput maskedZeros(int run) {
    SecAggConfig config = SecAggConfig.create("uniform-" + run, run, 3, LENGTH);
    SecAggServer server = SecAggServer.create(config, TestRandom.seeded(run));
    SecAggClient[] clients = new SecAggClient[4];
    for (int id = 1; id <= 3; id++) {
      clients[id] = SecAggClient.create(config, id, TestRandom.seeded(run * 10L + id));
      server.receive(clients[id].advertiseKeys());
    }
    Map<Integer, NeighbourKeys> keys = server.finishAdvertising();
    for (int id = 1; id <= 3; id++) {
      server.receive(clients[id].shareKeys(keys.get(id)));
    }
    Map<Integer, RoutedShares> routed = server.finishSharing();
    return clients[1].maskInput(routed.get(1), new long[LENGTH]);
  }

  private static double chiSquare(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    double expected = (double) total / counts.length;
    double chi = 0;
    for (long c : counts) {
      chi += (c - expected) * (c - expected) / expected;
    }
    return chi;
  }
}
