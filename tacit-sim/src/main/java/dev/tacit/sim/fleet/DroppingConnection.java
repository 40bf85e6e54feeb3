package dev.tacit.sim.fleet;

import dev.tacit.client.server.RoundLink;
import dev.tacit.client.server.ServerConnection;
import dev.tacit.protocol.AnalyticsQuery;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckIn;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.DeletionRequest;
import dev.tacit.protocol.KeyAdvert;
import dev.tacit.protocol.LdpReport;
import dev.tacit.protocol.LocalEvaluation;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.NeighbourKeyList;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.SecAggSession;
import dev.tacit.protocol.ShareBundle;
import dev.tacit.protocol.UnmaskAnswer;
import dev.tacit.protocol.UnmaskQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A connection that loses the network at a chosen point of the next round: from there on, the
 * device's requests fail as unreachable and the server hears nothing more from it in that round.
 */
final class DroppingConnection implements ServerConnection {
  private final ServerConnection delegate;
  private volatile DropPoint dropAt;

  DroppingConnection(ServerConnection delegate) {
    this.delegate = delegate;
  }

  /** Drops at {@code point} in the next round (null: no drop). */
  void dropAt(DropPoint point) {
    this.dropAt = point;
  }

  private void check(DropPoint here) {
    if (dropAt == here) {
      throw new UncheckedIOException(
          new IOException("simulated loss of network at " + here.name().toLowerCase()));
    }
  }

  @Override
  public RegistrationResponse register(RegistrationRequest request) {
    return delegate.register(request);
  }

  @Override
  public void consent(String token, ConsentUpdate update) {
    delegate.consent(token, update);
  }

  @Override
  public void delete(String token, DeletionRequest request) {
    delegate.delete(token, request);
  }

  @Override
  public List<AnalyticsQuery> analyticsQueries(String token) {
    return delegate.analyticsQueries(token);
  }

  @Override
  public void report(String token, LdpReport report) {
    delegate.report(token, report);
  }

  @Override
  public void evaluation(String token, LocalEvaluation evaluation) {
    delegate.evaluation(token, evaluation);
  }

  @Override
  public CheckInResponse checkIn(String token, CheckIn checkIn) {
    return delegate.checkIn(token, checkIn);
  }

  @Override
  public SecAggSession session(String token, String deviceId, long round) {
    check(DropPoint.AFTER_CHECK_IN);
    return delegate.session(token, deviceId, round);
  }

  @Override
  public RoundLink round(String token, String deviceId, long round) {
    RoundLink t = delegate.round(token, deviceId, round);
    return new RoundLink() {
      @Override
      public void advertise(KeyAdvert keys) {
        check(DropPoint.ADVERTISE);
        t.advertise(keys);
      }

      @Override
      public NeighbourKeyList neighbours() {
        return t.neighbours();
      }

      @Override
      public void shares(ShareBundle shares) {
        check(DropPoint.SHARE);
        t.shares(shares);
      }

      @Override
      public ShareBundle routedShares() {
        return t.routedShares();
      }

      @Override
      public void maskedInput(byte[] frame) {
        check(DropPoint.MASK);
        t.maskedInput(frame);
      }

      @Override
      public UnmaskQuery unmaskQuery() {
        check(DropPoint.UNMASK);
        return t.unmaskQuery();
      }

      @Override
      public void unmask(UnmaskAnswer answer) {
        t.unmask(answer);
      }
    };
  }

  @Override
  public dev.tacit.client.server.Traffic takeTraffic() {
    return delegate.takeTraffic();
  }

  @Override
  public ModelMetadata modelMetadata(String token, long version) {
    return delegate.modelMetadata(token, version);
  }

  @Override
  public byte[] modelFactors(String token, long version) {
    return delegate.modelFactors(token, version);
  }

  @Override
  public List<CatalogueItem> catalogue(String token, long version) {
    return delegate.catalogue(token, version);
  }
}
