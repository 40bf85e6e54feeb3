package dev.tacit.client.okhttp;

import dev.tacit.client.transport.HttpTransport;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;

/**
 * An {@link HttpTransport} on OkHttp, the HTTP client Android apps use. It speaks HTTP/1.1 over
 * sockets that count every byte they write and read (TLS records included), so the transparency log
 * holds what crossed the wire.
 *
 * <pre>{@code
 * HttpTransport transport = OkHttpTransport.create(new OkHttpClient());
 * }</pre>
 */
public final class OkHttpTransport implements HttpTransport {
  private final OkHttpClient http;

  private OkHttpTransport(OkHttpClient http) {
    this.http = http;
  }

  /**
   * A transport on a copy of {@code client} (sharing its connection pool and dispatcher) that
   * counts bytes at its sockets and speaks HTTP/1.1. Its read timeout is lifted, as a round's long
   * polls wait for up to 20 s: each request's own timeout bounds the whole call instead.
   */
  public static OkHttpTransport create(OkHttpClient client) {
    Objects.requireNonNull(client, "client");
    return new OkHttpTransport(
        client
            .newBuilder()
            .socketFactory(new CountingSocketFactory())
            .protocols(List.of(Protocol.HTTP_1_1))
            .readTimeout(java.time.Duration.ZERO)
            .followRedirects(false)
            .retryOnConnectionFailure(true)
            .build());
  }

  /**
   * A transport with these settings.
   *
   * @throws IllegalArgumentException if a TLS context is given: OkHttp also needs its trust
   *     manager, so build the {@code OkHttpClient} with both and use {@link #create(OkHttpClient)}
   */
  public static OkHttpTransport create(Options options) {
    Objects.requireNonNull(options, "options");
    if (options.sslContext() != null) {
      throw new IllegalArgumentException(
          "OkHttp needs a trust manager with a TLS context: configure an OkHttpClient's"
              + " sslSocketFactory and pass it to OkHttpTransport.create(OkHttpClient)");
    }
    return create(new OkHttpClient.Builder().connectTimeout(options.connectTimeout()).build());
  }

  @Override
  public Response send(Request request) throws IOException {
    Objects.requireNonNull(request, "request");
    okhttp3.Request.Builder r = new okhttp3.Request.Builder().url(request.uri().toString());
    request.headers().forEach(r::header);
    byte[] body = request.body();
    r.method(request.method(), body == null ? null : RequestBody.create(body, null));
    Call call = http.newCall(r.build());
    call.timeout()
        .timeout(request.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    long[] before = CountingSocketFactory.counts();
    try (okhttp3.Response res = call.execute()) {
      ResponseBody responseBody = res.body();
      byte[] received = responseBody.bytes();
      String encoding = res.header("Content-Encoding");
      long[] after = CountingSocketFactory.counts();
      return new Response(
          res.code(),
          encoding == null ? "" : encoding,
          received,
          after[0] - before[0],
          after[1] - before[1]);
    }
  }

  @Override
  public String toString() {
    return "OkHttpTransport[HTTP/1.1]";
  }

  /** Makes transports for {@link HttpTransport#discover}. */
  public static final class Factory implements HttpTransport.Factory {
    @Override
    public HttpTransport create(Options options) {
      return OkHttpTransport.create(options);
    }
  }
}
