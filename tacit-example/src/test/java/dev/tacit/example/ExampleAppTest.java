package dev.tacit.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.client.DeviceConditions;
import dev.tacit.client.Event;
import dev.tacit.client.ParticipationResult;
import dev.tacit.client.Signal;
import dev.tacit.client.TacitClient;
import dev.tacit.client.server.HttpServerConnection;
import dev.tacit.client.store.KeyProvider;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.TacitServer;
import dev.tacit.server.testing.SmallTrainingServer;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.crypto.KeyGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@link ExampleApp} against a real server on a random port, with two more devices so that a
 * round (three devices at least, for SecAgg+) can run, and checks what it printed and did.
 */
class ExampleAppTest {
  private static final char[] PASSWORD = "example keystore password".toCharArray();

  @TempDir Path dir;
  TacitServer server;
  final List<TacitClient> others = new ArrayList<>();

  @BeforeEach
  void start() {
    List<CatalogueItem> items = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      items.add(new CatalogueItem("i" + i, List.of(i % 2 == 0 ? "drama" : "comedy"), 12 - i));
    }
    server = SmallTrainingServer.start(SmallTrainingServer.config(dir.resolve("server")), items);
  }

  @AfterEach
  void stop() {
    others.forEach(TacitClient::close);
    server.close();
  }

  /** A PKCS12 keystore file with an AES-256 key under "tacit", as {@code keytool} writes one. */
  private KeyStore keyStore() throws Exception {
    KeyGenerator aes = KeyGenerator.getInstance("AES");
    aes.init(256);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setEntry(
        "tacit",
        new KeyStore.SecretKeyEntry(aes.generateKey()),
        new KeyStore.PasswordProtection(PASSWORD));
    Path file = dir.resolve("app.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      ks.store(out, PASSWORD);
    }
    KeyStore loaded = KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(file)) {
      loaded.load(in, PASSWORD);
    }
    return loaded;
  }

  /** Another device with training consent, registered. */
  private TacitClient otherDevice(int n) throws Exception {
    TacitClient c =
        TacitClient.builder()
            .storageDirectory(dir.resolve("device-" + n))
            .keyProvider(KeyProvider.keyStore(keyStore(), "tacit", PASSWORD))
            .server(HttpServerConnection.builder(server.baseUri()).build())
            .build();
    others.add(c);
    c.consent().grant(Purpose.TRAINING);
    for (int i = 0; i < 3; i++) {
      c.record(Event.of("i" + (n + 2 * i), Signal.VIEW, Instant.now().minusSeconds(60 - i)));
    }
    assertThat(c.connect()).isTrue();
    return c;
  }

  /** Participates until a round takes the device (none opens before a third device consents). */
  private static ParticipationResult contributeWithin(TacitClient c, Duration limit)
      throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    ParticipationResult r = c.participate(DeviceConditions.idle());
    while (r.status() == ParticipationResult.Status.RETRY_LATER && System.nanoTime() < end) {
      Thread.sleep(200);
      r = c.participate(DeviceConditions.idle());
    }
    return r;
  }

  @Test
  void theExample_recommendsWithReasons_takesPartInARound_exportsAndDeletes() throws Exception {
    ExecutorService devices = Executors.newFixedThreadPool(2);
    List<Future<ParticipationResult>> rounds = new ArrayList<>();
    for (int n = 0; n < 2; n++) {
      TacitClient other = otherDevice(n);
      rounds.add(devices.submit(() -> contributeWithin(other, Duration.ofSeconds(90))));
    }
    devices.shutdown();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Path appDir = dir.resolve("app");

    ParticipationResult result =
        ExampleApp.run(
            server.baseUri(),
            keyStore(),
            PASSWORD,
            appDir,
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    String out = printed.toString(StandardCharsets.UTF_8);
    System.out.print(out);
    assertThat(result.status()).as(out).isEqualTo(ParticipationResult.Status.CONTRIBUTED);
    for (Future<ParticipationResult> other : rounds) {
      assertThat(other.get(120, TimeUnit.SECONDS).status())
          .isEqualTo(ParticipationResult.Status.CONTRIBUTED);
    }
    List<String> lines = out.lines().toList();
    assertThat(lines).hasSize(6);
    for (int rank = 1; rank <= 3; rank++) {
      assertThat(lines.get(rank - 1)).matches(rank + "\\. i\\d+: .+");
    }
    assertThat(lines.subList(0, 3)).noneMatch(l -> l.matches("\\d\\. (i3|i7):.*"));
    assertThat(lines.get(3)).startsWith("round " + result.round() + ": CONTRIBUTED, ");
    assertThat(lines.get(4)).matches("export: \\d+ characters of JSON");
    assertThat(lines.get(5))
        .isEqualTo(
            "delete: the server was asked to forget this device; all local data was destroyed;"
                + " what it sent before (1 masked model update) stays in what the server already"
                + " released, and its ε is not given back");
    assertThat(appDir).doesNotExist();
  }

  @Test
  void main_withAKeytoolKeystore_runsTheExample_andWaitsForARoundWhenTooFewDevicesConsent()
      throws Exception {
    String bin = Path.of(System.getProperty("java.home"), "bin").toString();
    Path p12 = dir.resolve("keytool.p12");
    run(
        List.of(
            Path.of(bin, "keytool").toString(),
            "-genseckey",
            "-alias",
            "tacit",
            "-keyalg",
            "AES",
            "-keysize",
            "256",
            "-storetype",
            "PKCS12",
            "-keystore",
            p12.toString(),
            "-storepass",
            new String(PASSWORD)));
    Path appDir = dir.resolve("main-app");

    String out =
        run(
            List.of(
                Path.of(bin, "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ExampleApp.class.getName(),
                server.baseUri().toString(),
                p12.toString(),
                appDir.toString()));

    assertThat(out)
        .contains("round 0: RETRY_LATER, no round for this device now")
        .contains("export: ")
        .contains(
            "delete: the server was asked to forget this device; all local data was destroyed");
    assertThat(appDir).doesNotExist();
  }

  /** Runs a command with the keystore password in its environment; its output, if it exits 0. */
  private static String run(List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("TACIT_KEYSTORE_PASSWORD", new String(PASSWORD));
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
