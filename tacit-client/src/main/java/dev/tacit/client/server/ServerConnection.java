package dev.tacit.client.server;

import dev.tacit.protocol.AnalyticsQuery;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckIn;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.DeletionRequest;
import dev.tacit.protocol.LdpReport;
import dev.tacit.protocol.LocalEvaluation;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import dev.tacit.protocol.SecAggSession;
import java.util.List;

/**
 * The requests a device makes to the server, one method per endpoint of {@code tacit-server}'s
 * {@code /v1} API. Control messages are the records of {@code dev.tacit.protocol}, tensors are
 * {@code TensorFrame} bytes. Every call but {@link #register} carries the device's bearer token.
 * Calls that wait for a round's phase to close (the session, and the getters of {@link #round})
 * block until it has, or fail after a timeout. Implementations throw {@link ServerException} for an
 * error answer and {@link java.io.UncheckedIOException} when the server cannot be reached.
 */
public interface ServerConnection {

  /** {@code POST /v1/devices}: a new pseudonymous identity. */
  RegistrationResponse register(RegistrationRequest request);

  /** {@code POST /v1/devices/{id}/consent}: a grant or withdrawal, for the consent ledger. */
  void consent(String token, ConsentUpdate update);

  /** {@code DELETE /v1/devices/{id}}: forget this device. */
  void delete(String token, DeletionRequest request);

  /** {@code GET /v1/analytics/queries}: the open analytics queries, oldest first. */
  List<AnalyticsQuery> analyticsQueries(String token);

  /** {@code POST /v1/devices/{id}/reports}: a local-DP analytics report. */
  void report(String token, LdpReport report);

  /** {@code POST /v1/devices/{id}/evaluations}: this device's federated-evaluation figures. */
  void evaluation(String token, LocalEvaluation evaluation);

  /** {@code POST /v1/devices/{id}/check-in}: an assignment to a round, or a retry-after. */
  CheckInResponse checkIn(String token, CheckIn checkIn);

  /** {@code GET /v1/devices/{id}/rounds/{round}/session}: the SecAgg+ session of the round. */
  SecAggSession session(String token, String deviceId, long round);

  /** The SecAgg+ phases of a round: {@code /v1/devices/{id}/rounds/{round}/...}. */
  RoundLink round(String token, String deviceId, long round);

  /**
   * {@code GET /v1/models/{version}/metadata}: the metadata of a model version ({@code -1}: of the
   * newest, {@code GET /v1/models/latest/metadata}).
   */
  ModelMetadata modelMetadata(String token, long version);

  /** {@code GET /v1/models/{version}}: the item factors as a TensorFrame. */
  byte[] modelFactors(String token, long version);

  /** {@code GET /v1/models/{version}/catalogue}: the catalogue, in the model's item order. */
  List<CatalogueItem> catalogue(String token, long version);

  /**
   * The bytes this connection sent and received for the calls the current thread made since it last
   * asked, counted at the socket by an HTTP connection; the count starts again from zero.
   */
  Traffic takeTraffic();
}
