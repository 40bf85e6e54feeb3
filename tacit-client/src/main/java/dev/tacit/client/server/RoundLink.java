package dev.tacit.client.server;

import dev.tacit.protocol.KeyAdvert;
import dev.tacit.protocol.NeighbourKeyList;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.UnmaskAnswer;
import dev.tacit.protocol.UnmaskQuery;

/**
 * A device's link to the server for the SecAgg+ phases of one round: {@code
 * /v1/devices/{id}/rounds/{round}/...}. The getters wait until the server has closed the phase
 * before (HTTP long polls). Implementations throw an unchecked exception when the link fails; the
 * device then drops out of the round, which SecAgg+ survives.
 */
public interface RoundLink {
  /** Round 0, {@code POST .../keys}: sends the device's public keys. */
  void advertise(KeyAdvert keys);

  /** Round 0, {@code GET .../neighbours}: the neighbours' public keys. */
  NeighbourKeyList neighbours();

  /** Round 1, {@code POST .../shares}: sends the encrypted shares. */
  void shares(ShareBundle shares);

  /** Round 1, {@code GET .../shares}: the shares routed to this device. */
  ShareBundle routedShares();

  /** Round 2, {@code POST .../masked-input}: sends the masked input (a TensorFrame of residues). */
  void maskedInput(byte[] frame);

  /** Round 3, {@code GET .../unmask}: which neighbours' shares to reveal. */
  UnmaskQuery unmaskQuery();

  /** Round 3, {@code POST .../unmask}: sends the revealed shares. */
  void unmask(UnmaskAnswer answer);
}
