package dev.tacit.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What data is used for: the purposes a user grants or withdraws one by one (none is granted by
 * default), and the purposes a privacy ledger keeps a budget for (all but {@link #PERSONALIZATION},
 * whose data never leaves the device).
 */
public enum Purpose {
  /** Recommendations computed on the device from the device's own history. */
  PERSONALIZATION,
  /** Federated training: clipped, noised, masked model updates leave the device. */
  TRAINING,
  /** Local-DP telemetry reports. */
  ANALYTICS,
  /** Federated evaluation: a device's NDCG@10 and hit@10 of a model version, kept as sums. */
  EVALUATION;

  /**
   * Whether data used for this purpose leaves the device under differential privacy, so that a
   * privacy budget bounds it: every purpose but {@link #PERSONALIZATION}.
   */
  public boolean budgeted() {
    return this != PERSONALIZATION;
  }

  /** The wire name, lower case. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The purpose of a wire name.
   *
   * @throws ProtocolException if the name is not a purpose
   */
  @JsonCreator
  public static Purpose fromWire(String name) {
    for (Purpose p : values()) {
      if (p.wireName().equals(name)) {
        return p;
      }
    }
    throw new ProtocolException(
        "purpose must be one of personalization, training, analytics, evaluation, was \""
            + name
            + "\"");
  }
}
