package dev.tacit.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.federated.FederatedConfig.Optimizer;
import dev.tacit.federated.PrivacySettings.NoiseAt;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The settings records accept every value at the ends of their documented ranges and refuse the
 * values just beyond, each with a message naming the setting.
 */
class SettingsValidationTest {

  private static FederatedConfig config(
      int factors,
      double alpha,
      double lambda,
      double mu,
      double lr,
      double momentum,
      double beta2,
      double tau,
      double initStd,
      int bits) {
    return new FederatedConfig(
        factors, alpha, lambda, mu, Optimizer.FEDADAM, lr, momentum, beta2, tau, initStd, bits, 1);
  }

  private static void refused(Supplier<?> build, String message) {
    assertThatThrownBy(build::get).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void federatedConfig_acceptsTheEndsOfEachRange() {
    FederatedConfig low =
        config(1, 0, Double.MIN_VALUE, 0, Double.MIN_VALUE, 0, 0, 1e-300, 1e-300, 32);
    assertThat(low.factors()).isEqualTo(1);
    assertThat(low.alpha()).isZero();
    assertThat(low.itemRegularization()).isZero();
    FederatedConfig high = config(1024, 5, 1e300, 1e300, 1e300, 0.999, 0.999, 1e300, 1e300, 64);
    assertThat(high.factors()).isEqualTo(1024);
    assertThat(high.modulusBits()).isEqualTo(64);
    assertThat(config(32, 1, 20, Double.NaN, 0.05, 0.9, 0.99, 1e-3, 0.1, 32).itemRegularization())
        .isNaN();
  }

  @Test
  void federatedConfig_refusesEachSettingJustOutsideItsRange() {
    refused(
        () -> config(0, 1, 20, 0, 0.05, 0.9, 0.99, 1e-3, 0.1, 32),
        "factors must be in [1, 1024], was 0");
    refused(
        () -> config(1025, 1, 20, 0, 0.05, 0.9, 0.99, 1e-3, 0.1, 32),
        "factors must be in [1, 1024], was 1025");
    refused(
        () -> config(8, -0.5, 20, 0, 0.05, 0.9, 0.99, 1e-3, 0.1, 32),
        "alpha must be >= 0 and finite, was -0.5");
    refused(
        () -> config(8, Double.POSITIVE_INFINITY, 20, 0, 0.05, 0.9, 0.99, 1e-3, 0.1, 32),
        "alpha must be >= 0 and finite, was Infinity");
    refused(
        () -> config(8, 1, 0, 0, 0.05, 0.9, 0.99, 1e-3, 0.1, 32),
        "lambda must be > 0 and finite, was 0.0");
    refused(
        () -> config(8, 1, Double.POSITIVE_INFINITY, 0, 0.05, 0.9, 0.99, 1e-3, 0.1, 32),
        "lambda must be > 0 and finite, was Infinity");
    refused(
        () -> config(8, 1, 20, -1, 0.05, 0.9, 0.99, 1e-3, 0.1, 32),
        "itemRegularization must be >= 0 and finite (or NaN for the default), was -1.0");
    refused(
        () -> config(8, 1, 20, Double.POSITIVE_INFINITY, 0.05, 0.9, 0.99, 1e-3, 0.1, 32),
        "itemRegularization must be >= 0 and finite (or NaN for the default), was Infinity");
    refused(
        () -> config(8, 1, 20, 0, 0, 0.9, 0.99, 1e-3, 0.1, 32),
        "learningRate must be > 0 and finite, was 0.0");
    refused(
        () -> config(8, 1, 20, 0, Double.POSITIVE_INFINITY, 0.9, 0.99, 1e-3, 0.1, 32),
        "learningRate must be > 0 and finite, was Infinity");
    refused(
        () -> config(8, 1, 20, 0, 0.05, 1, 0.99, 1e-3, 0.1, 32),
        "momentum must be in [0, 1), was 1.0");
    refused(
        () -> config(8, 1, 20, 0, 0.05, -0.1, 0.99, 1e-3, 0.1, 32),
        "momentum must be in [0, 1), was -0.1");
    refused(
        () -> config(8, 1, 20, 0, 0.05, 0.9, 1, 1e-3, 0.1, 32), "beta2 must be in [0, 1), was 1.0");
    refused(
        () -> config(8, 1, 20, 0, 0.05, 0.9, -0.1, 1e-3, 0.1, 32),
        "beta2 must be in [0, 1), was -0.1");
    refused(
        () -> config(8, 1, 20, 0, 0.05, 0.9, 0.99, 0, 0.1, 32),
        "tau must be > 0 and finite, was 0.0");
    refused(
        () -> config(8, 1, 20, 0, 0.05, 0.9, 0.99, Double.POSITIVE_INFINITY, 0.1, 32),
        "tau must be > 0 and finite, was Infinity");
    refused(
        () -> config(8, 1, 20, 0, 0.05, 0.9, 0.99, 1e-3, 0, 32),
        "initStd must be > 0 and finite, was 0.0");
    refused(
        () -> config(8, 1, 20, 0, 0.05, 0.9, 0.99, 1e-3, Double.POSITIVE_INFINITY, 32),
        "initStd must be > 0 and finite, was Infinity");
    refused(
        () -> config(8, 1, 20, 0, 0.05, 0.9, 0.99, 1e-3, 0.1, 48),
        "modulusBits must be 32 or 64, was 48");
    refused(
        () -> new FederatedConfig(8, 1, 20, 0, null, 0.05, 0.9, 0.99, 1e-3, 0.1, 32, 1),
        "optimizer must be given");
  }

  @Test
  void federatedConfig_withers_changeOnlyTheirSetting_andValidate() {
    FederatedConfig d = FederatedConfig.defaults();
    FederatedConfig changed =
        d.withFactors(7)
            .withSeed(99)
            .withOptimizer(Optimizer.FEDAVGM, 0.5)
            .withMomentum(0.3)
            .withItemRegularization(0.25)
            .withModulusBits(64);

    assertThat(changed)
        .isEqualTo(
            new FederatedConfig(
                7, 1.0, 20.0, 0.25, Optimizer.FEDAVGM, 0.5, 0.3, 0.99, 1e-3, 0.1, 64, 99));
    refused(() -> d.withFactors(0), "factors must be in [1, 1024], was 0");
    refused(() -> d.withMomentum(1), "momentum must be in [0, 1), was 1.0");
  }

  @Test
  void federatedConfig_itemRegularization_defaultsToLambdaOverPopulation() {
    FederatedConfig d = FederatedConfig.defaults();
    assertThat(d.itemRegularizationFor(40)).isEqualTo(0.5);
    assertThat(d.withItemRegularization(0.125).itemRegularizationFor(40)).isEqualTo(0.125);
    assertThat(d.asMap())
        .containsEntry("factors", 32)
        .containsEntry("item_regularization", "lambda/population")
        .containsEntry("optimizer", "fedadam")
        .containsEntry("learning_rate", 0.05)
        .containsEntry("momentum", 0.9)
        .containsEntry("beta2", 0.99)
        .containsEntry("tau", 1e-3)
        .containsEntry("init_std", 0.1)
        .containsEntry("modulus_bits", 32)
        .containsEntry("seed", 1L)
        .containsEntry("alpha", 1.0)
        .containsEntry("lambda", 20.0);
    assertThat(d.withItemRegularization(0.25).asMap()).containsEntry("item_regularization", 0.25);
  }

  @Test
  void privacySettings_acceptsTheEndsOfEachRange_andRefusesBeyond() {
    assertThat(new PrivacySettings(1e-300, 0, NoiseAt.SERVER, 1, 0).isPrivate()).isFalse();
    assertThat(new PrivacySettings(1, 1e-300, NoiseAt.DEVICES, 1e-9, 0.999).isPrivate()).isTrue();
    refused(
        () -> new PrivacySettings(0, 1, NoiseAt.DEVICES, 1, 0),
        "clipNorm must be > 0 and finite, was 0.0");
    refused(
        () -> new PrivacySettings(Double.POSITIVE_INFINITY, 1, NoiseAt.DEVICES, 1, 0),
        "clipNorm must be > 0 and finite, was Infinity");
    refused(
        () -> new PrivacySettings(1, -0.5, NoiseAt.DEVICES, 1, 0),
        "noiseMultiplier must be >= 0 and finite, was -0.5");
    refused(
        () -> new PrivacySettings(1, Double.POSITIVE_INFINITY, NoiseAt.DEVICES, 1, 0),
        "noiseMultiplier must be >= 0 and finite, was Infinity");
    refused(() -> new PrivacySettings(1, 1, null, 1, 0), "noiseAt must be given");
    refused(
        () -> new PrivacySettings(1, 1, NoiseAt.DEVICES, 0, 0),
        "minSurvivorFraction must be in (0, 1], was 0.0");
    refused(
        () -> new PrivacySettings(1, 1, NoiseAt.DEVICES, 1.01, 0),
        "minSurvivorFraction must be in (0, 1], was 1.01");
    refused(
        () -> new PrivacySettings(1, 1, NoiseAt.DEVICES, 1, 1),
        "colludingFraction (kappa) must be in [0, 1), was 1.0");
    refused(
        () -> new PrivacySettings(1, 1, NoiseAt.DEVICES, 1, -0.1),
        "colludingFraction (kappa) must be in [0, 1), was -0.1");
  }

  @Test
  void privacySettings_factories_andHonestDevices() {
    PrivacySettings d = PrivacySettings.distributed(2, 1.5, 0.8);
    assertThat(d).isEqualTo(new PrivacySettings(2, 1.5, NoiseAt.DEVICES, 0.8, 0.2));
    assertThat(PrivacySettings.none(3)).isEqualTo(new PrivacySettings(3, 0, NoiseAt.DEVICES, 1, 0));
    assertThat(d.withColludingFraction(0.5).colludingFraction()).isEqualTo(0.5);
    // kappa 0.2: 10 survivors, 2 may collude; 0.2 x 5 = 1 exactly; 4 survivors, 0 colluders.
    assertThat(d.honestDevices(10)).isEqualTo(8);
    assertThat(d.honestDevices(5)).isEqualTo(4);
    assertThat(d.honestDevices(4)).isEqualTo(4);
    assertThat(d.honestDevices(1)).isEqualTo(1);
    assertThat(d.withColludingFraction(0.9).honestDevices(1)).isEqualTo(1);
    // 0.29 x 100 is 28.999999999999996 in floating point; it still counts 29 colluders.
    assertThat(0.29 * 100).isLessThan(29);
    assertThat(d.withColludingFraction(0.29).honestDevices(100)).isEqualTo(71);
    refused(() -> d.honestDevices(0), "minSurvivors must be >= 1, was 0");
    assertThat(d.toString())
        .isEqualTo(
            "PrivacySettings[clip=2.0, z=1.5, noise at DEVICES, min survivors 0.8, kappa 0.2]");
  }

  private static RoundPlan plan(
      long round, long version, int dim, double scale, int bits, int min, int cohort) {
    return new RoundPlan(round, version, dim, 1.0, scale, bits, 0, 0, 1, 0, cohort, min, cohort);
  }

  @Test
  void roundPlan_acceptsTheEndsOfEachRange_andRefusesBeyond() {
    RoundPlan p = plan(1, 0, 1, 1, 32, 1, 1);
    assertThat(p.mask()).isEqualTo(0xffff_ffffL);
    assertThat(plan(1, 0, 1, 1, 64, 3, 3).mask()).isEqualTo(-1L);
    String header = "round must be >= 1, modelVersion >= 0 and dimension >= 1, were ";
    refused(() -> plan(0, 0, 1, 1, 32, 1, 1), header + "0, 0, 1");
    refused(() -> plan(1, -1, 1, 1, 32, 1, 1), header + "1, -1, 1");
    refused(() -> plan(1, 0, 0, 1, 32, 1, 1), header + "1, 0, 0");
    refused(() -> plan(1, 0, 1, 1, 16, 1, 1), "modulusBits must be 32 or 64, was 16");
    refused(() -> plan(1, 0, 1, 0.5, 32, 1, 1), "scale, clipNorm and noise must be positive");
    refused(() -> plan(1, 0, 1, 1, 32, 0, 1), "minSurvivors must be in [1, cohortSize = 1], was 0");
    refused(() -> plan(1, 0, 1, 1, 32, 3, 2), "minSurvivors must be in [1, cohortSize = 2], was 3");
    refused(
        () -> new RoundPlan(1, 0, 1, 0, 1, 32, 0, 0, 1, 0, 1, 1, 1),
        "scale, clipNorm and noise must be positive");
    refused(
        () -> new RoundPlan(1, 0, 1, 1, 1, 32, -1, 0, 1, 0, 1, 1, 1),
        "scale, clipNorm and noise must be positive");
    refused(
        () -> new RoundPlan(1, 0, 1, 1, 1, 32, 0, -1, 1, 0, 1, 1, 1),
        "scale, clipNorm and noise must be positive");
  }
}
