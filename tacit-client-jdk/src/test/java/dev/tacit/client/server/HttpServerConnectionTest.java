package dev.tacit.client.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tacit.protocol.LdpReport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The HTTP client against a minimal HTTP/1.1 server on a real socket that closes connections the
 * way an idle timeout does.
 */
class HttpServerConnectionTest {
  private static final LdpReport REPORT =
      new LdpReport("d-0123", "q-1", LdpReport.Mechanism.GRR, 1.0, 3, 0, 1);

  @Test
  void aConnectionClosedBeforeTheServerAnswered_isRetriedOnceOnANewConnection() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    try (ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread server = serve(socket, 1, requests);
      HttpServerConnection connection =
          HttpServerConnection.builder(URI.create("http://127.0.0.1:" + socket.getLocalPort()))
              .build();

      connection.report("token", REPORT); // a POST, which the JDK's client never retries itself

      assertThat(requests).hasValue(2);
      server.join(5_000);
    }
  }

  @Test
  void aServerThatKeepsClosing_isReportedAfterTheSecondTry() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    try (ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread server = serve(socket, 2, requests);
      HttpServerConnection connection =
          HttpServerConnection.builder(URI.create("http://127.0.0.1:" + socket.getLocalPort()))
              .build();

      assertThatThrownBy(() -> connection.report("token", REPORT))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining("cannot reach the server for POST")
          .hasMessageContaining("received no bytes");
      assertThat(requests).hasValue(2);
      server.join(5_000);
    }
  }

  /** Reads two requests; closes the first {@code dropped} without answering, answers the rest. */
  private static Thread serve(ServerSocket socket, int dropped, AtomicInteger requests) {
    Thread t =
        new Thread(
            () -> {
              for (int i = 0; i < 2; i++) {
                try (Socket c = socket.accept()) {
                  BufferedReader in =
                      new BufferedReader(
                          new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
                  int length = 0;
                  for (String line = in.readLine();
                      line != null && !line.isEmpty();
                      line = in.readLine()) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                      length = Integer.parseInt(line.substring(15).trim());
                    }
                  }
                  in.skip(length); // the JSON body (ASCII)
                  requests.incrementAndGet();
                  if (i >= dropped) {
                    OutputStream out = c.getOutputStream();
                    out.write(
                        "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                  }
                } catch (java.io.IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
