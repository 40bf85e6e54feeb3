package dev.tacit.protocol;

/**
 * The public state of a round.
 *
 * @param round the round number
 * @param status recruiting, advertising, sharing, masking, unmasking, completed, aborted or
 *     rejected (the sum was larger than honest devices can produce: no model)
 * @param modelVersion the version the round trains on
 * @param cohort the devices recruited
 * @param survivors the masked inputs counted (0 before unmasking)
 * @param resultVersion the model version the round produced, or null
 * @param note why the round ended, or an empty string
 */
public record RoundStatus(
    long round,
    String status,
    long modelVersion,
    int cohort,
    int survivors,
    Long resultVersion,
    String note) {
  /** Validates the fields. */
  public RoundStatus {
    Checks.atLeast(round, 1, "round");
    Checks.id(status, "status", 16);
    Checks.atLeast(cohort, 0, "cohort");
    Checks.atLeast(survivors, 0, "survivors");
    Checks.present(note, "note");
  }
}
