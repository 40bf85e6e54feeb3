package dev.tacit.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

class AccountantTest {
  private static final double MNIST_Q = 256 / 60000.0;

  private static long steps(int epochs) {
    return (long) Math.ceil(epochs * 60000 / 256.0);
  }

  // TF Privacy's MNIST tutorial figures (compute_dp_sgd_privacy) and dp_accounting.
  @Test
  void sigma1point1_60epochs_classic_is3point01() {
    PrivacyGuarantee g =
        Accountant.rdp(Conversion.CLASSIC)
            .compose(PrivacyEvent.sampledGaussian(MNIST_Q, 1.1, steps(60)))
            .guarantee(1e-5);
    assertThat(g.epsilon()).isCloseTo(3.01, withinPercentage(0.5));
    assertThat(g.delta()).isEqualTo(1e-5);
  }

  @Test
  void sigma1point1_60epochs_improved_is2point597() {
    PrivacyGuarantee g =
        Accountant.rdp()
            .compose(PrivacyEvent.sampledGaussian(MNIST_Q, 1.1, steps(60)))
            .guarantee(1e-5);
    assertThat(g.epsilon()).isCloseTo(2.597, withinPercentage(0.5));
    assertThat(g.optimalOrder()).isBetween(2.0, 20.0);
  }

  @Test
  void sigma1point2_10epochs_classic_is1point20() {
    PrivacyGuarantee g =
        Accountant.rdp(Conversion.CLASSIC)
            .compose(PrivacyEvent.sampledGaussian(MNIST_Q, 1.2, steps(10)))
            .guarantee(1e-5);
    assertThat(g.epsilon()).isCloseTo(1.20, withinPercentage(0.5));
  }

  @Test
  void improvedConversion_isNeverWorseThanClassic() {
    for (double z : new double[] {0.6, 1.0, 2.0, 5.0}) {
      PrivacyEvent e = PrivacyEvent.sampledGaussian(0.01, z, 1000);
      double classic = Accountant.rdp(Conversion.CLASSIC).compose(e).guarantee(1e-6).epsilon();
      double improved = Accountant.rdp().compose(e).guarantee(1e-6).epsilon();
      assertThat(improved).isLessThanOrEqualTo(classic);
    }
  }

  @Test
  void composition_ofSplitStepsEqualsOneEvent() {
    PrivacyGuarantee split =
        Accountant.rdp()
            .compose(PrivacyEvent.sampledGaussian(0.02, 1.0, 300))
            .compose(PrivacyEvent.sampledGaussian(0.02, 1.0, 700))
            .guarantee(1e-5);
    PrivacyGuarantee whole =
        Accountant.rdp().compose(PrivacyEvent.sampledGaussian(0.02, 1.0, 1000)).guarantee(1e-5);
    assertThat(split.epsilon()).isCloseTo(whole.epsilon(), withinPercentage(1e-9));
  }

  @Test
  void heterogeneousComposition_addsCurvesOrderByOrder() {
    RdpAccountant a = Accountant.rdp();
    PrivacyEvent gaussian = PrivacyEvent.sampledGaussian(0.05, 1.5, 100);
    PrivacyEvent laplace = PrivacyEvent.laplace(10, 1, 3);
    a.compose(gaussian).compose(laplace);
    double[] orders = a.orders();
    double[] g = Rdp.curve(gaussian, orders);
    double[] l = Rdp.curve(laplace, orders);
    double[] rdp = a.rdp();
    for (int i = 0; i < orders.length; i++) {
      assertThat(rdp[i]).isCloseTo(g[i] + l[i], within(1e-12 * (1 + rdp[i])));
    }
    double gOnly = Accountant.rdp().compose(gaussian).guarantee(1e-5).epsilon();
    assertThat(a.guarantee(1e-5).epsilon()).isGreaterThan(gOnly);
  }

  @Test
  void manyLaplaceReleases_costFarLessThanBasicComposition() {
    // 1000 releases with ε = 0.01 each: basic composition gives 10, advanced about 1.6.
    double eps =
        Accountant.rdp().compose(PrivacyEvent.laplace(100, 1, 1000)).guarantee(1e-5).epsilon();
    assertThat(eps).isBetween(0.5, 2.0);
  }

  @Test
  void fewLaplaceReleases_costAboutTheirPureEpsilon() {
    // 3 releases with ε = 0.1: at most 0.3 plus the conversion's ln(1/δ)/(α − 1) at α = 1024.
    double eps = Accountant.rdp().compose(PrivacyEvent.laplace(10, 1, 3)).guarantee(1e-5).epsilon();
    assertThat(eps).isBetween(0.25, 0.3 + Math.log(1e5) / 1023);
  }

  @Test
  void emptyAccountant_improved_hasZeroEpsilon() {
    assertThat(Accountant.rdp().guarantee(1e-5).epsilon()).isZero();
  }

  @Test
  void copy_isIndependentOfOriginal() {
    RdpAccountant a = Accountant.rdp().compose(PrivacyEvent.gaussian(5, 1));
    Accountant b = a.copy().compose(PrivacyEvent.gaussian(5, 10));
    assertThat(b.guarantee(1e-5).epsilon()).isGreaterThan(a.guarantee(1e-5).epsilon());
  }

  @Test
  void moreSteps_costMoreEpsilon() {
    double previous = 0;
    for (long t = 100; t <= 10_000; t *= 10) {
      double eps =
          Accountant.rdp()
              .compose(PrivacyEvent.sampledGaussian(0.01, 1.0, t))
              .guarantee(1e-5)
              .epsilon();
      assertThat(eps).isGreaterThan(previous);
      previous = eps;
    }
  }

  @Test
  void guarantee_withDeltaOutOfRange_fails() {
    assertThatThrownBy(() -> Accountant.rdp().guarantee(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("delta must be in (0, 1), was 0.0");
  }

  @Test
  void event_withZeroSteps_fails() {
    assertThatThrownBy(() -> PrivacyEvent.sampledGaussian(0.1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("steps must be >= 1, was 0");
  }

  @Test
  void create_withOrderAtMostOne_fails() {
    assertThatThrownBy(() -> RdpAccountant.create(new double[] {0.5, 2}, Conversion.IMPROVED))
        .hasMessage("every order must be > 1, was 0.5");
  }
}
