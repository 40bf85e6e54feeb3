package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.security.SelfSignedCertificate;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {

  @Test
  void keystoreTls_servesHttpsThatAClientTrustingTheCertificateAccepts(@TempDir Path dir)
      throws Exception {
    SelfSignedCertificate.Generated cert =
        SelfSignedCertificate.generate(dir.resolve("server.p12"), new SecureRandom());
    try (TacitServer server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dir.resolve("data"))
                    .tls(ServerConfig.TlsConfig.keystore(cert.keystore(), cert.password()))
                    .build())
            .start()) {
      assertThat(server.baseUri().getScheme()).isEqualTo("https");
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert)).build();
      HttpResponse<String> r =
          new Http(server.baseUri(), client).send("GET", "/health", null, null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.sslSession()).isPresent();
    }
  }

  @Test
  void selfSignedTls_generatesAnOwnerOnlyKeystoreAndRefusesPlainHttp(@TempDir Path dir)
      throws Exception {
    try (TacitServer server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dir)
                    .tls(ServerConfig.TlsConfig.selfSigned())
                    .build())
            .start()) {
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  java.nio.file.Files.getPosixFilePermissions(dir.resolve("self-signed.p12"))))
          .isEqualTo("rw-------");
      assertThat(server.baseUri().getScheme()).isEqualTo("https");
      Http plain = new Http(java.net.URI.create("http://127.0.0.1:" + server.port()));
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> plain.send("GET", "/health", null, null))
          .isInstanceOf(RuntimeException.class);
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
