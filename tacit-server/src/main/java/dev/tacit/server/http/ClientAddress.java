package dev.tacit.server.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;

/**
 * The key a client's requests are limited under when no device vouches for them: its IPv4 address,
 * or the /64 prefix of its IPv6 address (one subscriber usually holds a whole /64, so keying by the
 * full address would give it 2^64 buckets).
 */
final class ClientAddress {
  private ClientAddress() {}

  /** The rate-limit key of the remote address {@code ip} (as Jetty reports it). */
  static String of(String ip) {
    if (ip == null || ip.isEmpty()) {
      return "unknown";
    }
    String literal = ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    if (!literal.contains(":")) {
      return literal; // IPv4: the address itself
    }
    try {
      // A literal (it has a colon), so no name lookup happens.
      InetAddress a = InetAddress.getByName(literal);
      if (a instanceof Inet6Address) {
        byte[] b = a.getAddress();
        return HexFormat.of().formatHex(b, 0, 8) + "::/64";
      }
      return a.getHostAddress();
    } catch (UnknownHostException e) {
      return literal;
    }
  }
}
