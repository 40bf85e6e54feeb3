package dev.tacit.federated.round;

import dev.tacit.protocol.KeyAdvert;
import dev.tacit.protocol.NeighbourKeyList;
import dev.tacit.protocol.PairwiseKeyReveal;
import dev.tacit.protocol.ProtocolException;
import dev.tacit.protocol.SealedShare;
import dev.tacit.protocol.SecAggSession;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.ShareReveal;
import dev.tacit.protocol.TensorFrame;
import dev.tacit.protocol.UnmaskAnswer;
import dev.tacit.protocol.UnmaskQuery;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.message.AdvertiseKeys;
import dev.tacit.secagg.message.EncryptedShare;
import dev.tacit.secagg.message.MaskedInput;
import dev.tacit.secagg.message.NeighbourKeys;
import dev.tacit.secagg.message.PairwiseKey;
import dev.tacit.secagg.message.RevealedShare;
import dev.tacit.secagg.message.RoutedShares;
import dev.tacit.secagg.message.ShareKeys;
import dev.tacit.secagg.message.UnmaskRequest;
import dev.tacit.secagg.message.UnmaskResponse;
import dev.tacit.secagg.shamir.ShamirShare;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The mapping between the SecAgg+ messages of {@code tacit-secagg} and their wire records in {@code
 * tacit-protocol}. The session id and round travel in the URL and the session, not in every
 * message, so decoding takes them from the session. Malformed content becomes a {@link
 * ProtocolException} that names the field.
 */
public final class SecAggWire {
  private SecAggWire() {}

  /** The session's public parameters for {@code clientId}. */
  public static SecAggSession session(SecAggConfig config, int clientId) {
    return new SecAggSession(
        config.sessionId(),
        config.round(),
        clientId,
        config.numClients(),
        config.neighbourhoodSize(),
        config.threshold(),
        config.modulusBits(),
        config.vectorLength());
  }

  /** The SecAgg configuration of a session (never with signatures: no device PKI here). */
  public static SecAggConfig config(SecAggSession s) {
    return guard(
        () ->
            new SecAggConfig(
                s.sessionId(),
                s.round(),
                s.numClients(),
                s.neighbourhoodSize(),
                s.threshold(),
                s.modulusBits(),
                s.vectorLength(),
                false));
  }

  /** Round 0 to the wire. */
  public static KeyAdvert advert(AdvertiseKeys m) {
    return new KeyAdvert(
        m.sender(),
        m.encryptionPublicKey(),
        m.maskPublicKey(),
        m.isSigned() ? m.signature() : null);
  }

  /** Round 0 from the wire. */
  public static AdvertiseKeys advert(SecAggConfig c, KeyAdvert k) {
    return guard(
        () ->
            new AdvertiseKeys(
                c.sessionId(),
                c.round(),
                k.clientId(),
                k.encryptionKey(),
                k.maskKey(),
                k.signature() == null ? new byte[0] : k.signature()));
  }

  /** The server's round-0 answer to the wire. */
  public static NeighbourKeyList neighbours(NeighbourKeys m) {
    return new NeighbourKeyList(
        m.neighbours().stream()
            .map(SecAggWire::advert)
            .collect(
                Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList)));
  }

  /** The server's round-0 answer from the wire. */
  public static NeighbourKeys neighbours(SecAggConfig c, int recipient, NeighbourKeyList l) {
    List<AdvertiseKeys> keys =
        l.neighbours().stream()
            .map(k -> advert(c, k))
            .collect(
                Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
    return guard(() -> new NeighbourKeys(c.sessionId(), c.round(), recipient, keys));
  }

  private static SealedShare sealed(EncryptedShare e) {
    return new SealedShare(e.sender(), e.recipient(), e.nonce(), e.ciphertext());
  }

  private static EncryptedShare sealed(SecAggConfig c, SealedShare s) {
    return guard(
        () ->
            new EncryptedShare(
                c.sessionId(), c.round(), s.sender(), s.recipient(), s.nonce(), s.ciphertext()));
  }

  /** A device's round-1 shares to the wire. */
  public static ShareBundle shares(ShareKeys m) {
    return new ShareBundle(
        m.shares().stream()
            .map(SecAggWire::sealed)
            .collect(
                Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList)));
  }

  /** A device's round-1 shares from the wire. */
  public static ShareKeys shares(SecAggConfig c, int sender, ShareBundle b) {
    List<EncryptedShare> shares =
        b.shares().stream()
            .map(s -> sealed(c, s))
            .collect(
                Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
    return guard(() -> new ShareKeys(c.sessionId(), c.round(), sender, shares));
  }

  /** The shares routed to a device, to the wire. */
  public static ShareBundle routed(RoutedShares m) {
    return new ShareBundle(
        m.shares().stream()
            .map(SecAggWire::sealed)
            .collect(
                Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList)));
  }

  /** The shares routed to a device, from the wire. */
  public static RoutedShares routed(SecAggConfig c, int recipient, ShareBundle b) {
    List<EncryptedShare> shares =
        b.shares().stream()
            .map(s -> sealed(c, s))
            .collect(
                Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
    return guard(() -> new RoutedShares(c.sessionId(), c.round(), recipient, shares));
  }

  /** A masked input as a TensorFrame of residues (int64). */
  public static byte[] masked(MaskedInput m) {
    return TensorFrame.ofLongs(new int[] {m.length()}, m.values()).encode();
  }

  /**
   * A masked input from a TensorFrame.
   *
   * @throws ProtocolException if the frame is corrupt, not int64, or of the wrong length
   */
  public static MaskedInput masked(SecAggConfig c, int sender, byte[] frame) {
    TensorFrame f = TensorFrame.decode(frame);
    long[] values = f.longs();
    if (values.length != c.vectorLength()) {
      throw new ProtocolException(
          "the masked input must have " + c.vectorLength() + " values, had " + values.length);
    }
    return guard(() -> new MaskedInput(c.sessionId(), c.round(), sender, c.modulusBits(), values));
  }

  /** The server's round-3 request to the wire. */
  public static UnmaskQuery query(UnmaskRequest r) {
    return new UnmaskQuery(r.survivors(), r.dropped());
  }

  /** The server's round-3 request from the wire. */
  public static UnmaskRequest query(SecAggConfig c, int recipient, UnmaskQuery q) {
    return guard(
        () -> new UnmaskRequest(c.sessionId(), c.round(), recipient, q.survivors(), q.dropped()));
  }

  private static ShareReveal reveal(RevealedShare r) {
    return new ShareReveal(r.owner(), r.share().x(), r.share().values());
  }

  private static RevealedShare reveal(ShareReveal r) {
    return guard(() -> new RevealedShare(r.owner(), ShamirShare.of(r.x(), r.values())));
  }

  /** A device's round-3 answer to the wire. */
  public static UnmaskAnswer answer(UnmaskResponse r) {
    return new UnmaskAnswer(
        r.selfMaskShares().stream()
            .map(SecAggWire::reveal)
            .collect(
                Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList)),
        r.maskKeyShares().stream()
            .map(SecAggWire::reveal)
            .collect(
                Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList)),
        r.pairwiseKeys().stream()
            .map(k -> new PairwiseKeyReveal(k.neighbour(), k.streamKey()))
            .collect(
                Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList)));
  }

  /** A device's round-3 answer from the wire. */
  public static UnmaskResponse answer(SecAggConfig c, int sender, UnmaskAnswer a) {
    List<RevealedShare> self =
        a.selfMaskShares().stream()
            .map(SecAggWire::reveal)
            .collect(
                Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
    List<RevealedShare> keys =
        a.maskKeyShares().stream()
            .map(SecAggWire::reveal)
            .collect(
                Collectors.collectingAndThen(Collectors.toList(), Collections::unmodifiableList));
    return guard(
        () ->
            new UnmaskResponse(
                c.sessionId(),
                c.round(),
                sender,
                self,
                keys,
                a.pairwiseKeys().stream()
                    .map(k -> new PairwiseKey(k.neighbour(), k.key()))
                    .collect(
                        Collectors.collectingAndThen(
                            Collectors.toList(), Collections::unmodifiableList))));
  }

  private static <T> T guard(java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException | NullPointerException e) { // incl. ProtocolException
      throw new ProtocolException("invalid SecAgg+ message: " + e.getMessage(), e);
    }
  }
}
