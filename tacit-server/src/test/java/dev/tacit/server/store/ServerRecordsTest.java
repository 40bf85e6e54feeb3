package dev.tacit.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.Spend;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.security.AuditKey;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerRecordsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void theLedger_isReadAnewEachTime_soASpendRecordedMeanwhileIsListed(@TempDir Path dir) {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    try (Storage storage =
        Storage.open(ServerRecords.sqliteUrl(dir), clock, AuditKey.generate(new SecureRandom()))) {
      SqlLedgerStore server = new SqlLedgerStore(storage, ServerConfig.defaultBudgets());
      ServerRecords records = ServerRecords.of(storage);
      assertThat(records.ledger()).isEmpty();

      server.append(new Spend(1, Purpose.TRAINING, PrivacyEvent.gaussian(2.0, 1), NOW, "round 1"));
      assertThat(records.ledger())
          .extracting(e -> e.spend().description())
          .containsExactly("round 1");

      server.append(new Spend(2, Purpose.TRAINING, PrivacyEvent.gaussian(2.0, 1), NOW, "round 2"));
      assertThat(records.ledger())
          .extracting(e -> e.spend().description())
          .containsExactly("round 1", "round 2");
      assertThat(records.ledger().get(1).row().epsilonAfter())
          .isGreaterThan(records.ledger().get(0).row().epsilonAfter());
    }
  }
}
