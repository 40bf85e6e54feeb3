package dev.tacit.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small real HTTP client for the tests. */
final class Http {
  private final HttpClient client;
  private final URI base;

  Http(URI base) {
    this(base, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
  }

  /** Bodies longer than this many characters wait for the server's 100 Continue. */
  private static final int EXPECT_CONTINUE_ABOVE = 64 * 1024;

  Http(URI base, HttpClient client) {
    this.base = base;
    this.client = client;
  }

  HttpResponse<String> send(String method, String path, String token, String body) {
    return send(method, path, token, body, new String[0]);
  }

  HttpResponse<String> send(
      String method, String path, String token, String body, String... headers) {
    HttpResponse<byte[]> r = sendBytes(method, path, token, body, headers);
    return new StringResponse(r);
  }

  HttpResponse<byte[]> sendBytes(
      String method, String path, String token, String body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
      // A body the server refuses unread (413) is only sent once the server asked for it: sent
      // eagerly, the server's close could reset the connection before the 413 was read.
      b.expectContinue(body.length() > EXPECT_CONTINUE_ABOVE);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A byte response viewed as UTF-8 text. */
  record StringResponse(HttpResponse<byte[]> r) implements HttpResponse<String> {
    @Override
    public int statusCode() {
      return r.statusCode();
    }

    @Override
    public HttpRequest request() {
      return r.request();
    }

    @Override
    public java.util.Optional<HttpResponse<String>> previousResponse() {
      return java.util.Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return r.headers();
    }

    @Override
    public String body() {
      return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return r.sslSession();
    }

    @Override
    public URI uri() {
      return r.uri();
    }

    @Override
    public HttpClient.Version version() {
      return r.version();
    }
  }
}
