package dev.tacit.client.okhttp;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
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
    Socket s = new CountingSocket();
    s.connect(new java.net.InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    Socket s = new CountingSocket();
    s.bind(new java.net.InetSocketAddress(localHost, localPort));
    s.connect(new java.net.InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    Socket s = new CountingSocket();
    s.connect(new java.net.InetSocketAddress(host, port));
    return s;
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    Socket s = new CountingSocket();
    s.bind(new java.net.InetSocketAddress(localAddress, localPort));
    s.connect(new java.net.InetSocketAddress(address, port));
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
