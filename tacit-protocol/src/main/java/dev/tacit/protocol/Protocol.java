package dev.tacit.protocol;

/** Constants of the Tacit wire protocol. */
public final class Protocol {
  /** The protocol version this code speaks. */
  public static final int VERSION = 1;

  /** The longest item id, in characters. */
  public static final int MAX_ITEM_ID_LENGTH = 128;

  /** The largest cohort of one round, and so the longest list in a round's messages. */
  public static final int MAX_COHORT = 100_000;

  private Protocol() {}
}
