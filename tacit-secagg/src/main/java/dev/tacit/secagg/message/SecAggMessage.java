package dev.tacit.secagg.message;

import dev.tacit.check.Preconditions;
import java.nio.charset.StandardCharsets;

/** A message of one session, in one of its four rounds. */
public sealed interface SecAggMessage
    permits AdvertiseKeys,
        NeighbourKeys,
        ShareKeys,
        RoutedShares,
        MaskedInput,
        UnmaskRequest,
        UnmaskResponse {

  /** The session the message belongs to. */
  String sessionId();

  /** The federated round of the session. */
  long round();

  /**
   * The size in bytes of this message in a compact binary encoding: a header (type byte,
   * length-prefixed session id, 8-byte round, 4-byte client id), 4-byte ids and counts, keys and
   * nonces at their lengths, and vector elements at 4 or 8 bytes.
   */
  long encodedSize();

  /** The size of the common header. */
  static long headerSize(String sessionId) {
    return 1 + 1 + sessionId.getBytes(StandardCharsets.UTF_8).length + 8 + 4;
  }

  /**
   * The size of a message that carries one list after the header: the header, the list's 4-byte
   * count and each element at {@code size}.
   */
  static <T> long sizeWithList(
      String sessionId, java.util.List<T> elements, java.util.function.ToLongFunction<T> size) {
    long total = headerSize(sessionId) + 4;
    for (T element : elements) {
      total += size.applyAsLong(element);
    }
    return total;
  }

  /**
   * The text of a message that carries one list: its type, session, round, the client it is from or
   * for ({@code role}), and the list's size.
   */
  static String describe(
      String type, String sessionId, long round, String role, int client, String list, int size) {
    return type
        + "[session="
        + sessionId
        + ", round="
        + round
        + ", "
        + role
        + "="
        + client
        + ", "
        + list
        + "="
        + size
        + "]";
  }

  /** Checks the common fields. */
  static void checkHeader(String sessionId, long round, int clientId, String role) {
    Preconditions.checkNotNull(sessionId, "sessionId");
    Preconditions.checkArgument(round >= 0, "round must be >= 0, was %d", round);
    Preconditions.checkArgument(clientId >= 1, "%s must be >= 1, was %d", role, clientId);
  }
}
