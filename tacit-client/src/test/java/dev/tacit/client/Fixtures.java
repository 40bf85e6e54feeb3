package dev.tacit.client;

import com.google.crypto.tink.subtle.AesGcmJce;
import dev.tacit.client.store.KeyProvider;
import dev.tacit.federated.ModelSnapshot;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.TensorFrame;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small models, catalogues, keys and a clock for the client's tests. */
final class Fixtures {
  static final String[] CATEGORIES = {"drama", "comedy", "news"};
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private Fixtures() {}

  /** Items {@code item-i} of category {@code i % 3}, popularity falling with i. */
  static List<CatalogueItem> catalogue(int n) {
    List<CatalogueItem> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(new CatalogueItem("item-" + i, List.of(CATEGORIES[i % 3]), n - i));
    }
    return items;
  }

  /** Factors clustered by category: items of one category point the same way. */
  static ModelSnapshot model(int n, int k, long seed) {
    Random r = new Random(seed);
    float[][] centers = new float[3][k];
    for (float[] c : centers) {
      for (int j = 0; j < k; j++) {
        c[j] = (float) r.nextGaussian();
      }
    }
    float[] y = new float[n * k];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        y[i * k + j] = centers[i % 3][j] * 0.5f + (float) r.nextGaussian() * 0.15f;
      }
    }
    return ModelSnapshot.of(0, n, k, y, 1.0, 0.5);
  }

  /** Installs {@code model} as the server publishes it: metadata, TensorFrame and catalogue. */
  static void install(TacitClient client, ModelSnapshot model, List<CatalogueItem> items) {
    byte[] frame =
        TensorFrame.ofFloats(new int[] {model.numItems(), model.factors()}, model.itemFactors())
            .encode();
    ModelMetadata meta =
        ModelMetadata.ofFrame(
            model.version(),
            model.numItems(),
            model.factors(),
            model.alpha(),
            model.lambda(),
            frame);
    client.installModel(meta, frame, items);
  }

  static KeyProvider keys() {
    return keys((byte) 7);
  }

  static KeyProvider keys(byte fill) {
    try {
      byte[] key = new byte[32];
      java.util.Arrays.fill(key, fill);
      return KeyProvider.of(new AesGcmJce(key), "test key " + fill);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
