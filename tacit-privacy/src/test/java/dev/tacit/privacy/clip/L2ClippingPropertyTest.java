package dev.tacit.privacy.clip;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

class L2ClippingPropertyTest {

  @Property(tries = 300)
  void clippedNorm_neverExceedsBound(
      @ForAll @Size(min = 1, max = 50) double[] v,
      @ForAll @DoubleRange(min = 0.01, max = 1e6) double clipNorm) {
    ClippedVector c = L2Clipping.clip(v, clipNorm);
    assertThat(L2Clipping.norm(c.values())).isLessThanOrEqualTo(clipNorm * (1 + 1e-12));
    assertThat(c.clipped()).isEqualTo(c.norm() > clipNorm);
  }

  @Property(tries = 300)
  void clipping_preservesDirection(
      @ForAll @Size(min = 1, max = 50) double[] v,
      @ForAll @DoubleRange(min = 0.01, max = 1e6) double clipNorm) {
    ClippedVector c = L2Clipping.clip(v, clipNorm);
    for (int i = 0; i < v.length; i++) {
      assertThat(Math.signum(c.values()[i])).isEqualTo(Math.signum(v[i]));
    }
  }
}
