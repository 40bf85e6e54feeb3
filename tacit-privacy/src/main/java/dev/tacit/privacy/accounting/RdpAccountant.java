package dev.tacit.privacy.accounting;

import static dev.tacit.check.Preconditions.checkNotNull;

import java.util.Arrays;

/**
 * An accountant that adds RDP curves order by order (Mironov 2017, Proposition 1) and converts the
 * sum to (ε, δ). Heterogeneous mechanisms compose freely.
 */
public final class RdpAccountant implements Accountant {
  private final double[] orders;
  private final double[] rdp;
  private final Conversion conversion;

  private RdpAccountant(double[] orders, double[] rdp, Conversion conversion) {
    this.orders = orders;
    this.rdp = rdp;
    this.conversion = conversion;
  }

  /**
   * An empty accountant on {@code orders}.
   *
   * @throws IllegalArgumentException if {@code orders} is empty or holds an order not > 1
   */
  public static RdpAccountant create(double[] orders, Conversion conversion) {
    checkNotNull(orders, "orders");
    checkNotNull(conversion, "conversion");
    if (orders.length == 0) {
      throw new IllegalArgumentException("orders must not be empty");
    }
    for (double a : orders) {
      if (!(a > 1)) {
        throw new IllegalArgumentException("every order must be > 1, was " + a);
      }
    }
    return new RdpAccountant(orders.clone(), new double[orders.length], conversion);
  }

  @Override
  public RdpAccountant compose(PrivacyEvent event) {
    double[] curve = Rdp.curve(event, orders);
    for (int i = 0; i < rdp.length; i++) {
      rdp[i] += curve[i];
    }
    return this;
  }

  @Override
  public PrivacyGuarantee guarantee(double delta) {
    return Rdp.toGuarantee(orders, rdp, delta, conversion);
  }

  @Override
  public RdpAccountant copy() {
    return new RdpAccountant(orders, rdp.clone(), conversion);
  }

  /** The orders of the curve. */
  public double[] orders() {
    return orders.clone();
  }

  /** The composed RDP at each order. */
  public double[] rdp() {
    return rdp.clone();
  }

  /** The conversion this accountant applies. */
  public Conversion conversion() {
    return conversion;
  }

  @Override
  public String toString() {
    return "RdpAccountant["
        + orders.length
        + " orders, "
        + conversion
        + ", rdp="
        + Arrays.toString(rdp)
        + "]";
  }
}
