package dev.tacit.client.okhttp;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * Sockets that add every byte they write and read to the counters of the thread doing it. OkHttp
 * runs a synchronous HTTP/1.1 call's I/O (TLS handshake included) on the calling thread, so the
 * counts of one call are the difference of its thread's counters before and after.
 */
final class CountingSocketFactory extends SocketFactory {
  private static final ThreadLocal<long[]> COUNTS = ThreadLocal.withInitial(() -> new long[2]);

  /** The bytes the current thread wrote [0] and read [1] on these sockets so far. */
  static long[] counts() {
    long[] c = COUNTS.get();
    return new long[] {c[0], c[1]};
  }

  @Override
  public Socket createSocket() {
    return new CountingSocket();
  }

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  /** A counting socket connected to {@code remote}, bound first to {@code local} unless null. */
  private static Socket connected(InetSocketAddress remote, InetSocketAddress local)
      throws IOException {
    Socket s = new CountingSocket();
    if (local != null) {
      s.bind(local);
    }
    s.connect(remote);
    return s;
  }

  private static final class CountingSocket extends Socket {
    private InputStream in;
    private OutputStream out;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in =
            new FilterInputStream(super.getInputStream()) {
              @Override
              public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                  COUNTS.get()[1]++;
                }
                return b;
              }

              @Override
              public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                  COUNTS.get()[1] += n;
                }
                return n;
              }
            };
      }
      return in;
    }

    @Override
    public synchronized OutputStream getOutputStream() throws IOException {
      if (isClosed()) {
        throw new SocketException("Socket is closed");
      }
      if (out == null) {
        out =
            new FilterOutputStream(super.getOutputStream()) {
              @Override
              public void write(int b) throws IOException {
                out.write(b);
                COUNTS.get()[0]++;
              }

              @Override
              public void write(byte[] buffer, int offset, int length) throws IOException {
                out.write(buffer, offset, length);
                COUNTS.get()[0] += length;
              }
            };
      }
      return out;
    }
  }
}
