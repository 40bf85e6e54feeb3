package dev.tacit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientAddressTest {
  @Test
  void ipv4_isTheAddressItself() {
    assertThat(ClientAddress.of("203.0.113.7")).isEqualTo("203.0.113.7");
  }

  @Test
  void ipv6_addressesOfOneSlash64_shareOneKey() {
    String a = ClientAddress.of("2001:db8:1:2:aaaa::1");
    assertThat(a).isEqualTo(ClientAddress.of("[2001:db8:1:2:ffff:ffff:ffff:ffff]"));
    assertThat(a).isNotEqualTo(ClientAddress.of("2001:db8:1:3::1"));
  }

  @Test
  void ipv4MappedIpv6_isTheIpv4Address() {
    assertThat(ClientAddress.of("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
  }
}
