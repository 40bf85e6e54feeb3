package dev.tacit.server.testing;

import dev.tacit.federated.FederatedConfig;
import dev.tacit.federated.PrivacySettings;
import dev.tacit.federated.server.round.RoundRules;
import dev.tacit.protocol.CatalogueItem;
import dev.tacit.server.TacitServer;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.rounds.RoundPacing;
import dev.tacit.server.rounds.TrainingSettings;
import dev.tacit.server.security.Tokens;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * A real server on a random port of 127.0.0.1 that trains a small model (four factors, distributed
 * noise) in rounds of exactly three devices, the fewest SecAgg+ runs with, and caps no device's ε:
 * for tests that run the SDK or an app against {@code tacit serve}.
 */
public final class SmallTrainingServer {
  private SmallTrainingServer() {}

  /**
   * The server's settings, with its data in {@code dataDir} and a fresh admin token; a test may add
   * the settings left unset (e.g. the policy version) before {@link #start}.
   */
  public static ServerConfig.Builder config(Path dataDir) {
    return ServerConfig.builder()
        .host("127.0.0.1")
        .port(0)
        .dataDir(dataDir)
        .adminToken(Tokens.newToken(new SecureRandom()))
        .deviceEpsilon(Double.POSITIVE_INFINITY);
  }

  /**
   * Starts a server of {@code config} with small training rounds, and publishes {@code catalogue}.
   */
  public static TacitServer start(ServerConfig.Builder config, List<CatalogueItem> catalogue) {
    TacitServer server =
        TacitServer.create(config.build())
            .withTraining(
                new TrainingSettings(
                    FederatedConfig.defaults().withFactors(4),
                    PrivacySettings.distributed(1.0, 1.0, 0.5),
                    new RoundRules(1.0, 3, 3, Duration.ofSeconds(30), Duration.ofSeconds(30)),
                    10,
                    RoundPacing.none()))
            .start();
    try {
      server.rounds().publishCatalogue(catalogue);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }
}
