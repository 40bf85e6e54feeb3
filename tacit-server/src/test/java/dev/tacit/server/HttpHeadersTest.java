package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.SelfSignedCertificate;
import dev.tacit.server.security.Tokens;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 (Low), the headers: HSTS under TLS; {@code Cache-Control: no-store} and {@code
 * X-Content-Type-Options: nosniff} on API JSON; no {@code Server} header with a version; {@code
 * /metrics} behind the admin token unless the operator opts out; {@code HEAD} answered like {@code
 * GET}. Each test failed on the code before the change.
 */
class HttpHeadersTest {
  @TempDir Path dir;
  private final Secret admin = Tokens.newToken(new SecureRandom());

  private TacitServer start(ServerConfig.Builder b) {
    return TacitServer.create(b.host("127.0.0.1").port(0).adminToken(admin).build()).start();
  }

  @Test
  void apiJson_isNoStoreAndNosniff_includingErrors_andNoServerVersion() {
    try (TacitServer server = start(ServerConfig.builder().dataDir(dir))) {
      Http http = new Http(server.baseUri());
      for (String path :
          List.of("/v1/privacy/notice", "/v1/privacy/ledger", "/health", "/v1/devices/d-none")) {
        HttpResponse<String> r = http.send("GET", path, null, null);
        assertThat(r.headers().firstValue("Content-Type"))
            .as(path)
            .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
        assertThat(r.headers().firstValue("Server")).as(path).isEmpty();
        assertThat(r.headers().firstValue("Strict-Transport-Security")).as(path).isEmpty();
      }
    }
  }

  @Test
  void underTls_everyAnswerCarriesHsts() throws Exception {
    SelfSignedCertificate.Generated cert =
        SelfSignedCertificate.generate(dir.resolve("server.p12"), new SecureRandom());
    try (TacitServer server =
        start(
            ServerConfig.builder()
                .dataDir(dir.resolve("data"))
                .tls(ServerConfig.TlsConfig.keystore(cert.keystore(), cert.password())))) {
      Http https =
          new Http(server.baseUri(), HttpClient.newBuilder().sslContext(trusting(cert)).build());
      for (String path : List.of("/health", "/v1/privacy/notice", "/admin", "/no-such-page")) {
        HttpResponse<String> r = https.send("GET", path, null, null);
        assertThat(r.headers().firstValue("Strict-Transport-Security"))
            .as(path)
            .hasValue("max-age=31536000");
        assertThat(r.headers().firstValue("Server")).as(path).isEmpty();
      }
    }
  }

  @Test
  void metrics_needTheAdminToken() {
    try (TacitServer server = start(ServerConfig.builder().dataDir(dir))) {
      Http http = new Http(server.baseUri());
      HttpResponse<String> anonymous = http.send("GET", "/metrics", null, null);
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.body()).doesNotContain("tacit_");
      assertThat(
              http.send("GET", "/metrics", Tokens.newToken(new SecureRandom()).reveal(), null)
                  .statusCode())
          .isEqualTo(401);
      HttpResponse<String> r = http.send("GET", "/metrics", admin.reveal(), null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("tacit_devices_registered");
    }
  }

  @Test
  void metrics_answerWithoutTheToken_whenTheOperatorOptsOut() {
    try (TacitServer server = start(ServerConfig.builder().dataDir(dir).publicMetrics(true))) {
      HttpResponse<String> r = new Http(server.baseUri()).send("GET", "/metrics", null, null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("tacit_devices_registered");
    }
  }

  /** HEAD /admin used to answer 200 text/plain with an empty body whatever GET answered. */
  @Test
  void head_answersLikeGet_withoutABody() {
    try (TacitServer server = start(ServerConfig.builder().dataDir(dir))) {
      Http http = new Http(server.baseUri());
      List<String> differ = new java.util.ArrayList<>();
      for (String path :
          List.of(
              "/admin",
              "/privacy",
              "/admin/admin.js",
              "/health",
              "/v1/privacy/notice",
              "/v1/privacy/ledger",
              "/openapi.json",
              "/swagger",
              "/v1/models/latest",
              "/no-such-page")) {
        HttpResponse<String> get = http.send("GET", path, null, null);
        HttpResponse<String> head = http.send("HEAD", path, null, null);
        if (head.statusCode() != get.statusCode()
            || !head.headers()
                .firstValue("Content-Type")
                .equals(get.headers().firstValue("Content-Type"))
            || !head.body().isEmpty()) {
          differ.add(
              path
                  + ": GET "
                  + get.statusCode()
                  + " "
                  + get.headers().firstValue("Content-Type")
                  + ", HEAD "
                  + head.statusCode()
                  + " "
                  + head.headers().firstValue("Content-Type")
                  + " body of "
                  + head.body().length());
        }
      }
      assertThat(differ).isEmpty();
    }
  }

  private static SSLContext trusting(SelfSignedCertificate.Generated cert) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(cert.keystore())) {
      ks.load(in, cert.password().toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
    return ctx;
  }
}
