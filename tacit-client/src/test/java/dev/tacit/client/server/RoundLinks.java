package dev.tacit.client.server;

import dev.tacit.federated.round.RoundTransport;
import dev.tacit.protocol.KeyAdvert;
import dev.tacit.protocol.NeighbourKeyList;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.UnmaskAnswer;
import dev.tacit.protocol.UnmaskQuery;

/**
 * Test fixture: the SDK's {@link RoundLink} of a round's phases as the {@link RoundTransport} that
 * {@code DeviceRound} runs over, with nothing logged (the SDK's own adapter, {@code LoggedRound},
 * writes every message to the transparency log). For tests that drive a device round by hand
 * against a real server, e.g. with a misbehaving input.
 */
public final class RoundLinks {
  private RoundLinks() {}

  /** The transport that forwards every phase to {@code link}. */
  public static RoundTransport transport(RoundLink link) {
    return new RoundTransport() {
      @Override
      public void advertise(KeyAdvert keys) {
        link.advertise(keys);
      }

      @Override
      public NeighbourKeyList neighbours() {
        return link.neighbours();
      }

      @Override
      public void shares(ShareBundle shares) {
        link.shares(shares);
      }

      @Override
      public ShareBundle routedShares() {
        return link.routedShares();
      }

      @Override
      public void maskedInput(byte[] frame) {
        link.maskedInput(frame);
      }

      @Override
      public UnmaskQuery unmaskQuery() {
        return link.unmaskQuery();
      }

      @Override
      public void unmask(UnmaskAnswer answer) {
        link.unmask(answer);
      }
    };
  }
}
