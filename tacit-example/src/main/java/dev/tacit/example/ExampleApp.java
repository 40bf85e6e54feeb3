package dev.tacit.example;

import dev.tacit.client.DeviceConditions;
import dev.tacit.client.Event;
import dev.tacit.client.Filter;
import dev.tacit.client.ParticipationResult;
import dev.tacit.client.Recommendation;
import dev.tacit.client.Signal;
import dev.tacit.client.TacitClient;
import dev.tacit.client.server.HttpServerConnection;
import dev.tacit.client.store.KeyProvider;
import dev.tacit.protocol.Purpose;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;

/**
 * An app's whole integration of the Tacit SDK: {@code ExampleApp SERVER_URL KEYSTORE.p12
 * STORAGE_DIR}, with the password of the keystore (and of its AES key {@code tacit}) in {@code
 * TACIT_KEYSTORE_PASSWORD}.
 */
public final class ExampleApp {
  /** Loads the PKCS12 keystore and runs {@link #run} against the server. */
  public static void main(String[] args) throws Exception {
    char[] password = System.getenv("TACIT_KEYSTORE_PASSWORD").toCharArray();
    KeyStore keyStore = KeyStore.getInstance("PKCS12"); // Android: "AndroidKeyStore", load(null)
    try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
      keyStore.load(in, password);
    }
    run(URI.create(args[0]), keyStore, password, Path.of(args[2]), System.out);
  }

  /** Builds the client, asks for consent, records, recommends, trains, exports and deletes. */
  public static ParticipationResult run(
      URI server, KeyStore keyStore, char[] password, Path dir, PrintStream out) {
    try (TacitClient tacit =
        TacitClient.builder()
            .storageDirectory(dir) // in the app's private files
            .keyProvider(KeyProvider.keyStore(keyStore, "tacit", password))
            .policyVersion("1") // the privacy policy the app shows
            .server(HttpServerConnection.builder(server).build())
            .build()) {
      tacit.consent().grant(Purpose.PERSONALIZATION); // once the user said yes to each purpose
      tacit.consent().grant(Purpose.TRAINING);
      tacit.record(Event.of("i3", Signal.VIEW, Instant.now())); // as the user browses
      tacit.record(Event.of("i7", Signal.PURCHASE, Instant.now()));
      tacit.connect(); // a pseudonymous id; the consent decisions go to the server's ledger
      tacit.syncModel(); // the newest model: recommend and explain then work offline
      for (Recommendation r : tacit.recommend(3, Filter.none()).items()) {
        out.println(r.rank() + ". " + r.itemId() + ": " + tacit.explain(r.itemId()).text());
      }
      ParticipationResult round = tacit.participate(DeviceConditions.idle()); // an idle-time job
      out.println("round " + round.round() + ": " + round.status() + ", " + round.detail());
      out.println("export: " + tacit.exportData().length() + " characters of JSON");
      out.println("delete: " + tacit.deleteAllData().detail());
      return round;
    }
  }
}
