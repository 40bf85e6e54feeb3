package dev.tacit.cli.load;

import dev.tacit.client.transport.HttpTransport;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.ConsentUpdate;
import dev.tacit.protocol.Json;
import dev.tacit.protocol.Protocol;
import dev.tacit.protocol.Purpose;
import dev.tacit.protocol.RegistrationRequest;
import dev.tacit.protocol.RegistrationResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.zip.GZIPInputStream;

/**
 * The load test's side of the server's API, over the SDK's {@link HttpTransport}: the setup calls
 * (catalogue, model, registration and consent) and the requests the measured phases send.
 */
public final class LoadClient {
  /** How long one exchange may take. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private static final int SETUP_CONCURRENCY = 32;

  private final HttpTransport http;
  private final URI base;

  /** A client of the server at {@code base} over {@code http}. */
  public LoadClient(HttpTransport http, URI base) {
    this.http = http;
    this.base = base;
  }

  /** One registered device. */
  public record Device(String id, String token) {}

  /** Sends one request, whatever the answer. */
  HttpTransport.Response send(HttpTransport.Request request) throws IOException {
    return http.send(request);
  }

  /** {@code GET path}, with gzip when asked. */
  HttpTransport.Request get(String path, boolean gzip) {
    return new HttpTransport.Request(
        "GET",
        base.resolve(path),
        gzip ? Map.of("Accept-Encoding", "gzip") : Map.of(),
        null,
        REQUEST_TIMEOUT);
  }

  /** {@code method path} with {@code body} as JSON, with the bearer {@code token} if not null. */
  HttpTransport.Request json(String method, String path, String token, Object body) {
    Map<String, String> headers =
        token == null
            ? Map.of("Content-Type", "application/json")
            : Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token);
    return new HttpTransport.Request(
        method, base.resolve(path), headers, Json.writeBytes(body), REQUEST_TIMEOUT);
  }

  /**
   * Publishes a catalogue of {@code items} items with the admin token; returns what was published
   * (the database's own catalogue if it already had one).
   */
  public String publishCatalogue(int items, String admin, Object upload) throws IOException {
    HttpTransport.Response r = http.send(json("PUT", "/v1/admin/catalogue", admin, upload));
    if (r.status() == 201) {
      return items + " catalogue items published";
    }
    if (r.status() == 409) {
      return "the database's existing catalogue (--items ignored)";
    }
    throw unexpected("PUT /v1/admin/catalogue", r);
  }

  /** The catalogue of {@code items} items the load test publishes. */
  public static List<CatalogueItem> catalogue(int items) {
    List<CatalogueItem> list = new ArrayList<>(items);
    for (int i = 1; i <= items; i++) {
      list.add(new CatalogueItem("i" + i, List.of("c" + (i % 19)), 1.0 / i));
    }
    return list;
  }

  /** {@code GET path}'s body; with gzip, still compressed, after checking the server sent gzip. */
  public byte[] fetch(String path, boolean gzip) throws IOException {
    HttpTransport.Response r = http.send(get(path, gzip));
    if (r.status() != 200) {
      throw unexpected("GET " + path, r);
    }
    if (gzip && !r.contentEncoding().equals("gzip")) {
      throw new IllegalStateException("GET " + path + " did not answer gzip");
    }
    return r.body();
  }

  /** Registers {@code count} devices with training consent, a few at a time. */
  public List<Device> register(int count, String policyVersion) throws InterruptedException {
    Device[] registered = new Device[count];
    List<RuntimeException> failures = Collections.synchronizedList(new ArrayList<>());
    Semaphore slots = new Semaphore(SETUP_CONCURRENCY);
    List<Thread> threads = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int index = i;
      slots.acquire();
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      registered[index] = registerOne(policyVersion);
                    } catch (IOException e) {
                      failures.add(new UncheckedIOException(e));
                    } catch (RuntimeException e) {
                      failures.add(e);
                    } finally {
                      slots.release();
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(
          "setup failed for " + failures.size() + " devices: " + failures.get(0).getMessage(),
          failures.get(0));
    }
    return List.of(registered);
  }

  private Device registerOne(String policyVersion) throws IOException {
    HttpTransport.Response r =
        http.send(
            json("POST", "/v1/devices", null, new RegistrationRequest(Protocol.VERSION, "lt")));
    if (r.status() != 201) {
      throw unexpected("POST /v1/devices", r);
    }
    RegistrationResponse reg = Json.read(r.body(), RegistrationResponse.class);
    Device d = new Device(reg.deviceId(), reg.token());
    HttpTransport.Response c =
        http.send(
            json(
                "POST",
                "/v1/devices/" + d.id() + "/consent",
                d.token(),
                new ConsentUpdate(d.id(), Purpose.TRAINING, true, policyVersion, Instant.now())));
    if (c.status() != 201) {
      throw unexpected("POST /v1/devices/{id}/consent", c);
    }
    return d;
  }

  private static IllegalStateException unexpected(String what, HttpTransport.Response r) {
    String body = new String(r.body(), StandardCharsets.UTF_8);
    return new IllegalStateException(
        what
            + " answered "
            + r.status()
            + ": "
            + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
  }

  /** Decompresses a gzip body. */
  public static byte[] gunzip(byte[] gz) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("not gzip", e);
    }
  }
}
