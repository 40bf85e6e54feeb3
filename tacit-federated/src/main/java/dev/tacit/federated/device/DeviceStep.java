package dev.tacit.federated.device;

import static dev.tacit.check.Preconditions.checkArgument;

import dev.tacit.federated.ModelSnapshot;
import dev.tacit.federated.RoundPlan;
import dev.tacit.privacy.clip.ClippedVector;
import dev.tacit.privacy.clip.L2Clipping;
import dev.tacit.privacy.noise.IntegerNoiseMechanism;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.secagg.codec.FixedPointCodec;
import java.util.random.RandomGenerator;

/**
 * The device side of one federated round (DESIGN.md, "One federated round", step 4): solve the
 * local user factor, compute the gradient of the local loss with respect to the item factors (dense
 * over all items, so its shape reveals nothing), clip it to L2 norm C, quantize it with stochastic
 * rounding, and add this device's share of discrete Gaussian noise (Canonne, Kamath &amp; Steinke
 * 2020), modulo 2^bits. The result is what the device masks and uploads through SecAgg+.
 */
public final class DeviceStep {
  private DeviceStep() {}

  /**
   * Computes this device's contribution for {@code plan} from its own items.
   *
   * @param model the model of {@code plan.modelVersion()}
   * @param items the device's distinct item indices (its behaviour; never leaves the device)
   * @param random the device's secure random source, for rounding and noise
   * @throws IllegalArgumentException if the model is not the plan's version or an item is out of
   *     range
   */
  public static Contribution contribute(
      ModelSnapshot model, int[] items, RoundPlan plan, RandomSource random) {
    checkArgument(
        model.version() == plan.modelVersion() && model.dimension() == plan.dimension(),
        "the round plan is for model version %s of dimension %s, the device holds version %s of dimension %s",
        plan.modelVersion(),
        plan.dimension(),
        model.version(),
        model.dimension());
    double[] gradient = model.gradient(items, model.userFactor(items));
    return encode(gradient, plan, random);
  }

  /** Clips, quantizes and noises an update as the plan says. */
  public static Contribution encode(double[] update, RoundPlan plan, RandomSource random) {
    checkArgument(
        update.length == plan.dimension(),
        "update must have %s entries, had %s",
        plan.dimension(),
        update.length);
    ClippedVector clipped = L2Clipping.clip(update, plan.clipNorm());
    RandomGenerator rounding = random::nextLong;
    long[] encoded = codec(plan).encode(clipped.values(), rounding);
    if (plan.deviceNoiseSigma() > 0) {
      IntegerNoiseMechanism noise =
          IntegerNoiseMechanism.discreteGaussian(plan.deviceNoiseSigma(), random);
      long mask = plan.mask();
      for (int i = 0; i < encoded.length; i++) {
        encoded[i] = noise.addNoise(encoded[i]) & mask;
      }
    }
    return new Contribution(encoded, clipped.norm(), clipped.clipped());
  }

  /** The fixed-point codec of a plan: clip C per coordinate (implied by the L2 clip), its scale. */
  public static FixedPointCodec codec(RoundPlan plan) {
    return FixedPointCodec.create(
        plan.clipNorm(), plan.scale(), plan.modulusBits(), Math.max(1, plan.cohortSize()));
  }
}
