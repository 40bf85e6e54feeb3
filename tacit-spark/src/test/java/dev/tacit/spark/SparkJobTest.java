package dev.tacit.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.budget.BudgetLedger;
import dev.tacit.privacy.budget.LedgerStore;
import dev.tacit.privacy.budget.PrivacyBudget;
import dev.tacit.privacy.ldp.FrequencyOracle;
import dev.tacit.protocol.Purpose;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The job from a log file: reading, the per-user split, the LDP frequencies, the whole command. */
class SparkJobTest {
  private static Path uData;
  private static SparkSession spark;
  private static InteractionLog log;

  @BeforeAll
  static void start() {
    Path dir = Path.of(System.getProperty("tacit.datasets", "../shared/datasets"), "ml-100k");
    uData = dir.resolve("u.data");
    if (!Files.isRegularFile(uData)) {
      return; // each test reports itself skipped (requireMovieLens)
    }
    spark = SparkTestSession.start();
    log =
        InteractionLog.read(
            spark, new LogOptions(uData.toString(), "csv", "\\t", false, "0", "1"), 0.2, 42);
  }

  @BeforeEach
  void requireMovieLens() {
    Assumptions.assumeTrue(
        Files.isRegularFile(uData), "MovieLens 100K not found at " + uData + "; skipped");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void theLog_keepsEveryUserItemAndInteraction_splitIntoDisjointParts() {
    assertThat(log.numUsers()).isEqualTo(943);
    assertThat(log.numItems()).isEqualTo(1682);
    assertThat(log.interactions()).isEqualTo(100_000);
    assertThat(log.itemIds()).isSorted();
    long kept =
        log.users()
            .map(
                u -> {
                  int[] both =
                      IntStream.concat(Arrays.stream(u.train()), Arrays.stream(u.test()))
                          .sorted()
                          .distinct()
                          .toArray();
                  return both.length == u.train().length + u.test().length ? both.length : -1;
                })
            .reduce(Integer::sum);
    assertThat(kept).isEqualTo(100_000);
    assertThat(log.users().map(UserRow::device).collect()).doesNotHaveDuplicates().hasSize(943);
  }

  @Test
  void theLocalDpFrequencies_areWithinFourDeviationsOfTheExactCounts_andChargeTheirEpsilon() {
    PrivacyBudget budget = new PrivacyBudget(10, 1e-5);
    LdpAnalytics.Result r = LdpAnalytics.run(log.users(), log.numItems(), 4, budget, 3);
    FrequencyOracle<?> oracle = FrequencyOracle.recommended(log.numItems(), 4);
    double variance = 0;
    for (long c : r.exact()) {
      variance += oracle.variance(r.reports(), c);
    }
    assertThat(r.reports()).isEqualTo(943);
    assertThat(Arrays.stream(r.exact()).sum()).isEqualTo(943);
    assertThat(r.rmse()).isLessThan(4 * Math.sqrt(variance / log.numItems()));
    assertThat(r.rmse()).isGreaterThan(0);
    BudgetLedger server =
        BudgetLedger.open(
            LedgerStore.inMemory(), Map.of(Purpose.ANALYTICS, budget), Clock.systemUTC());
    assertThat(r.ledgerEpsilon())
        .isEqualTo(server.epsilonIfSpent(Purpose.ANALYTICS, PrivacyEvent.pureDp(4, 1)))
        .isLessThanOrEqualTo(10);
  }

  @Test
  void theCommand_writesTheReportAndTheModel_withTheLedgerAndThePlanner(@TempDir Path tmp)
      throws Exception {
    Path out = tmp.resolve("report.json");
    Path model = tmp.resolve("model.json");
    StringWriter text = new StringWriter();
    CommandLine cl = new CommandLine(new SparkJob());
    cl.setOut(new PrintWriter(text));
    int status =
        cl.execute(
            "--data",
            uData.toString(),
            "--format",
            "csv",
            "--delimiter",
            "\\t",
            "--no-header",
            "--master",
            "local[2]",
            "--epsilon",
            "8",
            "--max-head",
            "100",
            "--no-baseline",
            "--ldp-epsilon",
            "2",
            "--plan-sizes",
            "300,943",
            "--out",
            out.toString(),
            "--model-out",
            model.toString());
    assertThat(status).as(text.toString()).isZero();
    JsonNode report = new ObjectMapper().readTree(Files.readString(out));
    JsonNode fed = report.get("models").get(0);
    assertThat(fed.get("name").asText()).isEqualTo("federated");
    assertThat(fed.get("epsilon").asDouble()).isLessThanOrEqualTo(8);
    assertThat(fed.get("ledger")).hasSize(2);
    assertThat(fed.get("metrics").get("ndcg@10").get("mean").asDouble()).isGreaterThan(0.05);
    JsonNode planner = report.get("protocol").get("population_planner");
    assertThat(planner).hasSize(2);
    assertThat(planner.get(1).get("users").asInt()).isEqualTo(943);
    assertThat(planner.get(0).get("users").asInt()).isBetween(200, 400);
    assertThat(report.get("protocol").get("ldp_item_frequencies").get("reports").asInt())
        .isEqualTo(943);
    assertThat(Files.exists(tmp.resolve("report.md"))).isTrue();
    JsonNode m = new ObjectMapper().readTree(Files.readString(model));
    assertThat(m.get("item_ids")).hasSize(1682);
    assertThat(m.get("head").size()).isLessThanOrEqualTo(100);
  }
}
