package dev.tacit.privacy.budget;

/** What a privacy spend is for; each purpose has its own budget. */
public enum Purpose {
  /** Federated training of the shared model. */
  TRAINING,
  /** Released statistics and telemetry. */
  ANALYTICS,
  /** Federated evaluation of model quality. */
  EVALUATION
}
