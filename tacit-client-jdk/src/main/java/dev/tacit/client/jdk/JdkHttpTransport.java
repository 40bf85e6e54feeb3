package dev.tacit.client.jdk;

import dev.tacit.client.transport.HttpTransport;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link HttpTransport} on the JDK's {@link HttpClient}, speaking HTTP/1.1. The JDK's client
 * does not expose its socket, so the byte counts are those of the HTTP/1.1 messages it writes and
 * reads, rebuilt from what it reports: the request line, every header it sends (its {@code Host},
 * {@code Content-Length} and {@code User-Agent} included) and the body; the status line, the
 * response headers and the body as received (a {@code chunked} body's framing is counted from its
 * chunk sizes as the server's one-chunk answers write them). The contract suite compares them with
 * a socket count.
 */
public final class JdkHttpTransport implements HttpTransport {
  private static final String USER_AGENT = "Java-http-client/" + System.getProperty("java.version");

  private final HttpClient http;

  private JdkHttpTransport(HttpClient http) {
    this.http = http;
  }

  /** A transport on a client of its own with these settings. */
  public static JdkHttpTransport create(Options options) {
    Objects.requireNonNull(options, "options");
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(options.connectTimeout())
            .followRedirects(HttpClient.Redirect.NEVER);
    if (options.sslContext() != null) {
      b.sslContext(options.sslContext());
    }
    return new JdkHttpTransport(b.build());
  }

  /**
   * A transport on {@code client}, which may be shared by many connections (simulated devices in
   * one process); its requests are sent as HTTP/1.1 whatever the client's preferred version.
   */
  public static JdkHttpTransport of(HttpClient client) {
    return new JdkHttpTransport(Objects.requireNonNull(client, "client"));
  }

  @Override
  public Response send(Request request) throws IOException {
    Objects.requireNonNull(request, "request");
    HttpRequest.Builder r =
        HttpRequest.newBuilder(request.uri())
            .version(HttpClient.Version.HTTP_1_1)
            .timeout(request.timeout());
    request.headers().forEach(r::header);
    byte[] body = request.body();
    r.method(
        request.method(),
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpRequest built = r.build();
    HttpResponse<byte[]> res;
    try {
      res = sendRetryingAStaleConnection(built);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted during " + request.method() + " " + request.uri(), e);
    }
    byte[] received = res.body();
    return new Response(
        res.statusCode(),
        res.headers().firstValue("Content-Encoding").orElse(""),
        received,
        requestBytes(request),
        responseBytes(res.statusCode(), res.headers(), received.length));
  }

  /**
   * Sends once, and once more on a new connection if the pooled one had been closed by the server
   * before it read the request (the server's idle timeout can close a kept-alive connection just as
   * a device that computed for a while reuses it; the JDK then reports that the response header had
   * no bytes). The server had not read the request then; should it have processed it after all,
   * every round message is refused as a replay the second time and changes nothing.
   */
  private HttpResponse<byte[]> sendRetryingAStaleConnection(HttpRequest request)
      throws IOException, InterruptedException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      if (e.getMessage() == null || !e.getMessage().contains("received no bytes")) {
        throw e;
      }
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
  }

  /** The HTTP/1.1 request the JDK writes: request line, headers, blank line, body. */
  static long requestBytes(Request request) {
    URI uri = request.uri();
    String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    long n = utf8(request.method() + " " + target + " HTTP/1.1\r\n");
    String host = uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    n += header("Host", host);
    n += header("User-Agent", USER_AGENT);
    byte[] body = request.body();
    n += header("Content-Length", Integer.toString(body == null ? 0 : body.length));
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      n += header(h.getKey(), h.getValue());
    }
    return n + 2 + (body == null ? 0 : body.length);
  }

  /** The HTTP/1.1 answer as read: status line, headers, blank line, body with its framing. */
  static long responseBytes(int status, HttpHeaders headers, long bodyLength) {
    long n = utf8("HTTP/1.1 " + status + " " + Reasons.of(status) + "\r\n");
    boolean chunked = false;
    for (Map.Entry<String, List<String>> h : headers.map().entrySet()) {
      if (h.getKey().startsWith(":")) {
        continue;
      }
      for (String v : h.getValue()) {
        n += header(h.getKey(), v);
        chunked |= h.getKey().equalsIgnoreCase("Transfer-Encoding") && v.contains("chunked");
      }
    }
    n += 2 + bodyLength;
    if (chunked) {
      // One chunk "<hex size>\r\n...\r\n" when there is a body, then "0\r\n\r\n".
      n += bodyLength == 0 ? 5 : Long.toHexString(bodyLength).length() + 4 + 5;
    }
    return n;
  }

  private static long header(String name, String value) {
    return utf8(name + ": " + value + "\r\n");
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public String toString() {
    return "JdkHttpTransport[HTTP/1.1]";
  }

  /** Makes transports for {@link HttpTransport#discover}. */
  public static final class Factory implements HttpTransport.Factory {
    @Override
    public HttpTransport create(Options options) {
      return JdkHttpTransport.create(options);
    }
  }

  /** The reason phrases a server writes in its status line (RFC 9110 section 15). */
  private static final class Reasons {
    static String of(int status) {
      switch (status) {
        case 200:
          return "OK";
        case 201:
          return "Created";
        case 202:
          return "Accepted";
        case 204:
          return "No Content";
        case 400:
          return "Bad Request";
        case 401:
          return "Unauthorized";
        case 403:
          return "Forbidden";
        case 404:
          return "Not Found";
        case 409:
          return "Conflict";
        case 410:
          return "Gone";
        case 413:
          return "Content Too Large";
        case 422:
          return "Unprocessable Content";
        case 429:
          return "Too Many Requests";
        case 500:
          return "Server Error";
        case 503:
          return "Service Unavailable";
        default:
          return "";
      }
    }
  }
}
