package dev.tacit.client.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import javax.net.ssl.SSLContext;

/**
 * Sends one HTTP request and returns the answer, with the number of bytes that crossed the wire
 * each way for it (request line, headers and body as written to the socket; status line, headers
 * and body as read, before any decompression). The SDK's connection puts these counts in the
 * transparency log, so an implementation must measure them, not estimate them.
 */
public interface HttpTransport {

  /**
   * Sends {@code request} and reads the whole answer, whatever its status.
   *
   * @throws IOException if the server cannot be reached or the connection breaks
   */
  Response send(Request request) throws IOException;

  /**
   * One request.
   *
   * @param method {@code GET}, {@code POST} or {@code DELETE}
   * @param uri the absolute {@code http://} or {@code https://} address
   * @param headers extra request headers (the transport adds Host, Content-Length and its own)
   * @param body the body, or null for none
   * @param timeout how long the whole exchange may take
   */
  record Request(
      String method, java.net.URI uri, Map<String, String> headers, byte[] body, Duration timeout) {
    /** Validates and copies the request. */
    public Request {
      Objects.requireNonNull(method, "method");
      Objects.requireNonNull(uri, "uri");
      Objects.requireNonNull(timeout, "timeout");
      headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    }
  }

  /**
   * One answer.
   *
   * @param status the HTTP status code
   * @param contentEncoding the {@code Content-Encoding} header, or an empty string
   * @param body the body as received (still compressed if {@code contentEncoding} says so)
   * @param bytesSent bytes written to the socket for this request
   * @param bytesReceived bytes read from the socket for this answer
   */
  record Response(
      int status, String contentEncoding, byte[] body, long bytesSent, long bytesReceived) {
    /** Validates the answer. */
    public Response {
      Objects.requireNonNull(contentEncoding, "contentEncoding");
      Objects.requireNonNull(body, "body");
      if (bytesSent < 0 || bytesReceived < 0) {
        throw new IllegalArgumentException(
            "byte counts must be >= 0, were " + bytesSent + " and " + bytesReceived);
      }
    }
  }

  /**
   * Settings a transport is built with.
   *
   * @param connectTimeout how long to wait for a connection
   * @param sslContext the TLS context, or null for the platform's default
   */
  record Options(Duration connectTimeout, SSLContext sslContext) {
    /** Validates the settings. */
    public Options {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
    }
  }

  /** Makes transports; transport modules register one in {@code META-INF/services}. */
  interface Factory {
    /** A transport with these settings. */
    HttpTransport create(Options options);
  }

  /**
   * A transport of the first {@link Factory} on the class path (add {@code tacit-client-jdk} or
   * {@code tacit-client-okhttp} to the app's dependencies).
   *
   * @throws IllegalStateException if there is none
   */
  static HttpTransport discover(Options options) {
    Iterator<Factory> factories = ServiceLoader.load(Factory.class).iterator();
    if (!factories.hasNext()) {
      throw new IllegalStateException(
          "no HTTP transport on the class path: add tacit-client-okhttp or tacit-client-jdk");
    }
    return factories.next().create(options);
  }
}
