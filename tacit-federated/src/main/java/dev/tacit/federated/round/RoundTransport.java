package dev.tacit.federated.round;

import dev.tacit.protocol.KeyAdvert;
import dev.tacit.protocol.NeighbourKeyList;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.UnmaskAnswer;
import dev.tacit.protocol.UnmaskQuery;

/**
 * A device's link to the server for the SecAgg+ phases of one round. The getters wait until the
 * server has closed the phase before (HTTP long polls, or a wait on the session in process).
 * Implementations throw an unchecked exception when the link fails; the device then drops out of
 * the round, which SecAgg+ survives.
 */
public interface RoundTransport {
  /** Round 0: sends the device's public keys. */
  void advertise(KeyAdvert keys);

  /** Round 0: the neighbours' public keys. */
  NeighbourKeyList neighbours();

  /** Round 1: sends the encrypted shares. */
  void shares(ShareBundle shares);

  /** Round 1: the shares routed to this device. */
  ShareBundle routedShares();

  /** Round 2: sends the masked input (a TensorFrame of residues). */
  void maskedInput(byte[] frame);

  /** Round 3: which neighbours' shares to reveal. */
  UnmaskQuery unmaskQuery();

  /** Round 3: sends the revealed shares. */
  void unmask(UnmaskAnswer answer);
}
