package dev.tacit.client.server;

import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.CheckIn;
import dev.tacit.protocol.CheckInResponse;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.DeletionRequest;
import dev.tacit.protocol.LdpReport;
import dev.tacit.protocol.ModelMetadata;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import java.util.List;

/**
 * The requests a device makes to the server, one method per endpoint. Control messages are the
 * records of {@code dev.tacit.protocol}, tensors are {@code TensorFrame} bytes. Every call but
 * {@link #register} carries the device's bearer token. Implementations throw {@link
 * ServerException} for an error answer and {@link java.io.UncheckedIOException} when the server
 * cannot be reached.
 */
public interface ServerConnection {

  /** {@code POST /v1/devices}: a new pseudonymous identity. */
  RegistrationResponse register(RegistrationRequest request);

  /** {@code POST /v1/check-in}: an assignment to a round, or a retry-after. */
  CheckInResponse checkIn(String token, CheckIn checkIn);

  /** {@code GET /v1/models/{version}}: the metadata of a model version. */
  ModelMetadata modelMetadata(String token, long version);

  /** {@code GET /v1/models/{version}/factors}: the item factors as a TensorFrame. */
  byte[] modelFactors(String token, long version);

  /** {@code GET /v1/models/{version}/catalogue}: the catalogue, in the model's item order. */
  List<CatalogueItem> catalogue(String token, long version);

  /** {@code POST /v1/rounds/{round}/updates}: this device's update as a TensorFrame of residues. */
  void upload(String token, String deviceId, long round, byte[] frame);

  /** {@code POST /v1/consent}: a grant or withdrawal, for the server's consent ledger. */
  void consent(String token, ConsentUpdate update);

  /** {@code POST /v1/deletions}: forget this device. */
  void delete(String token, DeletionRequest request);

  /** {@code POST /v1/reports}: a local-DP analytics report. */
  void report(String token, LdpReport report);
}
