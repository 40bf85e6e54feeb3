package dev.tacit.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * One ε-LDP frequency-oracle report for an analytics metric (Wang et al., USENIX Security 2017):
 * generalized randomized response sends a randomized value; optimized local hashing sends a hash
 * seed and a randomized bucket. Only randomized values leave the device.
 *
 * @param deviceId the pseudonymous device id
 * @param metric the metric's name, an identifier
 * @param mechanism the frequency oracle
 * @param epsilon the local ε of this report
 * @param domainSize the number of values of the metric
 * @param seed the hash seed (OLH), 0 for GRR
 * @param value the randomized value (GRR, in {@code [0, domainSize)}) or bucket (OLH, >= 0)
 */
public record LdpReport(
    String deviceId,
    String metric,
    Mechanism mechanism,
    double epsilon,
    int domainSize,
    long seed,
    int value) {
  /** The frequency oracles a report can come from. */
  public enum Mechanism {
    /** Generalized randomized response. */
    GRR,
    /** Optimized local hashing. */
    OLH;

    /** The wire name, lower case. */
    @JsonValue
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The mechanism of a wire name. */
    @JsonCreator
    public static Mechanism fromWire(String name) {
      for (Mechanism m : values()) {
        if (m.wireName().equals(name)) {
          return m;
        }
      }
      throw new ProtocolException("mechanism must be grr or olh, was \"" + name + "\"");
    }
  }

  /** Validates the report. */
  public LdpReport {
    Checks.id(deviceId, "deviceId", 64);
    Checks.id(metric, "metric", 64);
    Checks.present(mechanism, "mechanism");
    Checks.positive(epsilon, "epsilon");
    Checks.atLeast(domainSize, 2, "domainSize");
    Checks.atLeast(value, 0, "value");
    if (mechanism == Mechanism.GRR) {
      Checks.require(
          value < domainSize,
          "value must be in [0, domainSize = " + domainSize + ") for grr, was " + value);
      Checks.require(seed == 0, "seed must be 0 for grr, was " + seed);
    }
  }
}
