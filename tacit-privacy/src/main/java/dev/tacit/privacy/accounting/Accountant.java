package dev.tacit.privacy.accounting;

/**
 * Composes the privacy cost of mechanism uses and reports the resulting (ε, δ). Not thread-safe.
 */
public interface Accountant {

  /**
   * Adds {@code event} to the composition and returns this accountant.
   *
   * @throws NullPointerException if {@code event} is null
   */
  Accountant compose(PrivacyEvent event);

  /**
   * The ε of everything composed so far at {@code delta}, and the order that attains it.
   *
   * @throws IllegalArgumentException if δ is not in (0, 1)
   */
  PrivacyGuarantee guarantee(double delta);

  /** An independent accountant holding the same composition. */
  Accountant copy();

  /** An RDP accountant on the default orders with the improved conversion. */
  static RdpAccountant rdp() {
    return RdpAccountant.create(Rdp.defaultOrders(), Conversion.IMPROVED);
  }

  /** An RDP accountant on the default orders with {@code conversion}. */
  static RdpAccountant rdp(Conversion conversion) {
    return RdpAccountant.create(Rdp.defaultOrders(), conversion);
  }
}
