package dev.tacit.privacy.accounting;

/** How an RDP curve becomes an (ε, δ) guarantee. */
public enum Conversion {
  /** ε = min over α of RDP(α) − ln δ / (α − 1) (Mironov 2017, Proposition 3). */
  CLASSIC,
  /**
   * ε = min over α of RDP(α) + ln(1 − 1/α) − (ln δ + ln α)/(α − 1) (Canonne, Kamath &amp; Steinke
   * 2020, Proposition 12; Asoodeh et al. 2021), with ε = 0 where δ² &gt; 1 − e^{−RDP(α)}; the
   * default.
   */
  IMPROVED
}
