package dev.tacit.federated.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.RoundPlan;
import dev.tacit.privacy.noise.IntegerNoiseMechanism;
import dev.tacit.privacy.random.RandomSource;
import org.junit.jupiter.api.Test;

/** A device's contribution: clipped, encoded on the plan's grid, noised when the plan says so. */
class DeviceStepTest {

  private static RoundPlan plan(int dim, double noise) {
    return new RoundPlan(1, 3, dim, 1.0, 1024, 32, noise, 0, 1024 + 2, 1, 10, 3, 10);
  }

  @Test
  void encode_clipsToTheNormAndEncodesOnTheGrid_withoutNoise() {
    Contribution c = DeviceStep.encode(new double[] {3, 4}, plan(2, 0), RandomSource.seeded(1));

    assertThat(c.norm()).isEqualTo(5.0);
    assertThat(c.clipped()).isTrue();
    // (0.6, 0.8) · 1024 = (614.4, 819.2), rounded stochastically to a neighbour.
    assertThat(c.encoded()[0]).isBetween(614L, 615L);
    assertThat(c.encoded()[1]).isBetween(819L, 820L);
    Contribution small =
        DeviceStep.encode(new double[] {-0.5, 0}, plan(2, 0), RandomSource.seeded(1));
    assertThat(small.clipped()).isFalse();
    assertThat(small.encoded()).containsExactly(0xffff_ffffL & -512L, 0);
  }

  @Test
  void encode_withDeviceNoise_addsTheDiscreteGaussianModuloTheModulus() {
    RoundPlan noisy = plan(2, 50);
    Contribution c = DeviceStep.encode(new double[] {0, 0}, noisy, RandomSource.seeded(2));
    // Same stream: first the rounding draws (one per entry), then the noise.
    RandomSource replay = RandomSource.seeded(2);
    replay.nextLong();
    replay.nextLong();
    IntegerNoiseMechanism noise = IntegerNoiseMechanism.discreteGaussian(50, replay);
    long[] expected = {noise.addNoise(0) & 0xffff_ffffL, noise.addNoise(0) & 0xffff_ffffL};
    assertThat(c.encoded()).containsExactly(expected);
    assertThat(c.encoded()).isNotEqualTo(new long[2]);
  }

  @Test
  void encode_andContribute_refuseAMismatchedUpdateOrModel() {
    assertThatThrownBy(() -> DeviceStep.encode(new double[3], plan(2, 0), RandomSource.seeded(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("update must have 2 entries, had 3");
    ModelSnapshot model = ModelSnapshot.of(3, 2, 1, new float[] {0.5f, -0.5f}, 1, 1);
    Contribution c =
        DeviceStep.contribute(model, new int[] {0}, plan(2, 0), RandomSource.seeded(3));
    assertThat(c.encoded()).hasSize(2);
    ModelSnapshot other = ModelSnapshot.of(4, 2, 1, new float[] {0.5f, -0.5f}, 1, 1);
    assertThatThrownBy(
            () -> DeviceStep.contribute(other, new int[] {0}, plan(2, 0), RandomSource.seeded(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the round plan is for model version 3 of dimension 2, the device holds version 4 of"
                + " dimension 2");
    ModelSnapshot wider = ModelSnapshot.of(3, 3, 1, new float[] {0.5f, -0.5f, 1f}, 1, 1);
    assertThatThrownBy(
            () -> DeviceStep.contribute(wider, new int[] {0}, plan(2, 0), RandomSource.seeded(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 3 of dimension 3");
  }

  @Test
  void codec_usesThePlansClipScaleModulusAndCohort() {
    var codec = DeviceStep.codec(plan(2, 0));
    assertThat(codec.clip()).isEqualTo(1.0);
    assertThat(codec.scale()).isEqualTo(1024.0);
    assertThat(codec.modulusBits()).isEqualTo(32);
    assertThat(codec.maxSummands()).isEqualTo(10);
  }
}
