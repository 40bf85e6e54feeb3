package dev.tacit.sim.fleet;

/** Where in a round a device stops answering, as if it lost its network. */
public enum DropPoint {
  /** After its check-in was accepted, before it asks for the session. */
  AFTER_CHECK_IN,
  /** Before advertising its keys. */
  ADVERTISE,
  /** Before sending its encrypted shares. */
  SHARE,
  /** Before sending its masked input. */
  MASK,
  /** After its masked input, before answering the unmasking request (it is still counted). */
  UNMASK
}
