package dev.tacit.client.contract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay between a client and a server that counts the bytes each way before passing them on,
 * so that once a client has its answer, both counts include the whole exchange.
 */
final class CountingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final AtomicLong upstream = new AtomicLong();
  private final AtomicLong downstream = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private CountingProxy(InetSocketAddress target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::accept, "proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** A relay to the server at {@code base}. */
  static CountingProxy to(URI base) throws IOException {
    return new CountingProxy(new InetSocketAddress(base.getHost(), base.getPort()));
  }

  /** The address clients connect to. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
  }

  /** Bytes from clients to the server so far. */
  long upstream() {
    return upstream.get();
  }

  /** Bytes from the server to clients so far. */
  long downstream() {
    return downstream.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(target.getAddress(), target.getPort());
        sockets.add(client);
        sockets.add(server);
        pump(client, server, upstream);
        pump(server, client, downstream);
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void pump(Socket from, Socket to, AtomicLong counter) {
    Thread t =
        new Thread(
            () -> {
              byte[] buffer = new byte[16384];
              try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  counter.addAndGet(n);
                  out.write(buffer, 0, n);
                  out.flush();
                }
                to.shutdownOutput();
              } catch (IOException e) {
                // one side closed: the other pump ends too
              }
            },
            "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
