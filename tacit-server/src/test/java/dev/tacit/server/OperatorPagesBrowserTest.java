package dev.tacit.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tacit.protocol.Purpose;
import dev.tacit.server.config.ServerConfig;
import dev.tacit.server.security.Secret;
import dev.tacit.server.security.Tokens;
import dev.tacit.server.store.AuditLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The start page {@code /}, the operator controls on {@code /admin} and the model explorer {@code
 * /admin/model} in a real headless Chromium ({@code /usr/bin/chromium} driven by {@code
 * /usr/bin/chromedriver}; skipped when either is absent) against a real server on a random port:
 * each control is clicked, then the page and the audit log are checked. Screenshots go to {@code
 * target/screenshots/}.
 */
@Tag("slow")
class OperatorPagesBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir Path dir;
  private final Secret admin = Tokens.newToken(new SecureRandom());
  private TacitServer server;
  private Http http;
  private ChromeDriver driver;

  @BeforeEach
  void start() throws IOException {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the browser tests need Debian's /usr/bin/chromium and /usr/bin/chromedriver"
            + " (bash .ci/chromium installs them); skipped");
    server =
        TacitServer.create(
                ServerConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .dataDir(dir.resolve("data"))
                    .adminToken(admin)
                    .build())
            .start();
    http = new Http(server.baseUri());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,1600",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    driver = new ChromeDriver(service, options);
  }

  @AfterEach
  void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  /**
   * Selects {@code value} in the select {@code id}, again if the page's periodic refresh replaced
   * the options in between (it keeps the selection once made).
   */
  private void choose(String id, String value) {
    waiting()
        .ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              new Select(d.findElement(By.id(id))).selectByValue(value);
              return value.equals(d.findElement(By.id(id)).getDomProperty("value"));
            });
  }

  private String text(String id) {
    return driver.findElement(By.id(id)).getText().trim();
  }

  private void screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(name), png);
    assertThat(png.length).isGreaterThan(10_000);
  }

  /** Warnings and errors the page logged (a CSP violation, a script error, a failed request). */
  private List<String> browserErrors() {
    List<String> out = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.WARNING.intValue()) {
        out.add(e.getMessage());
      }
    }
    return out;
  }

  private void signIn() {
    driver.get(server.baseUri() + "/admin");
    driver.findElement(By.id("admin-token")).sendKeys(admin.reveal());
    driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    waiting().until(d -> text("op-rounds-state").startsWith("Rounds are"));
  }

  private void type(String id, String value) {
    WebElement e = driver.findElement(By.id(id));
    e.clear();
    e.sendKeys(value);
  }

  private void scrollTo(String id) {
    ((JavascriptExecutor) driver)
        .executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
  }

  private AuditLog.Entry lastAudit() {
    List<AuditLog.Entry> all = server.storage().audit().entries();
    return all.get(all.size() - 1);
  }

  private List<String> auditActions() {
    return server.storage().audit().entries().stream().map(AuditLog.Entry::action).toList();
  }

  @Test
  void landingPage_linksEveryPage_andEveryLinkAnswers() throws IOException {
    driver.get(server.baseUri() + "/");

    assertThat(driver.getTitle()).isEqualTo("Tacit");
    List<String> hrefs =
        driver.findElements(By.cssSelector("main a")).stream()
            .map(a -> URI.create(a.getAttribute("href")).getPath())
            .toList();
    assertThat(hrefs)
        .contains(
            "/admin",
            "/admin/model",
            "/privacy",
            "/swagger",
            "/openapi.json",
            "/v1/privacy/notice",
            "/v1/privacy/ledger",
            "/health");
    for (String href : hrefs) {
      HttpResponse<String> r = http.send("GET", href, null, null);
      assertThat(r.statusCode()).as(href).isEqualTo(200);
    }
    assertThat(browserErrors()).isEmpty();
    screenshot("landing-page.png");
  }

  @Test
  void operatorControls_pauseResumeRaiseAndClose_showOnThePage_andInTheAuditLog()
      throws IOException {
    HttpResponse<String> created =
        http.send(
            "POST",
            "/v1/admin/analytics/queries",
            admin.reveal(),
            "{\"metric\":\"genre\",\"title\":\"Favourite genre\",\"labels\":[\"Drama\",\"Comedy\"],"
                + "\"epsilon\":1.0,\"description\":\"which genre\"}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String queryId = ExplorerApiTest.tree(created.body()).get("id").asText();
    signIn();
    assertThat(text("op-rounds-state")).isEqualTo("Rounds are running.");
    waiting().until(d -> text("op-close-query").contains("Favourite genre"));

    // Pause, with a reason.
    type("op-pause-reason", "rotating the audit key");
    driver.findElement(By.id("op-pause")).click();
    waiting().until(d -> text("op-rounds-state").startsWith("Rounds are paused"));
    assertThat(text("op-rounds-state")).endsWith(": rotating the audit key");
    assertThat(text("op-pause-message")).startsWith("Rounds paused (audit entry #");
    assertThat(text("op-pause")).isEqualTo("Resume rounds");
    assertThat(lastAudit().action()).isEqualTo("operator.rounds.paused");
    assertThat(lastAudit().detail()).isEqualTo("reason=rotating the audit key");
    assertThat(server.rounds().held()).hasValue("rotating the audit key");
    assertThat(text("op-pause-message")).contains("#" + lastAudit().seq());
    scrollTo("operator-title");
    screenshot("admin-operator-paused.png");

    // Resume.
    type("op-pause-reason", "the key is rotated");
    driver.findElement(By.id("op-pause")).click();
    waiting().until(d -> text("op-rounds-state").equals("Rounds are running."));
    assertThat(lastAudit().action()).isEqualTo("operator.rounds.resumed");
    assertThat(lastAudit().detail()).endsWith("reason=the key is rotated");
    assertThat(server.rounds().held()).isEmpty();

    // A lower analytics budget is refused, and nothing is written.
    double before = server.ledger().budget(Purpose.ANALYTICS).epsilon();
    int entries = auditActions().size();
    new Select(driver.findElement(By.id("op-budget-purpose"))).selectByValue("analytics");
    type("op-budget-epsilon", Double.toString(before / 2));
    type("op-budget-reason", "lower it");
    driver.findElement(By.id("op-budget-raise")).click();
    waiting().until(d -> text("op-budget-message").startsWith("Refused"));
    assertThat(text("op-budget-message")).contains("a budget can only be raised");
    assertThat(auditActions()).hasSize(entries);
    assertThat(server.ledger().budget(Purpose.ANALYTICS).epsilon()).isEqualTo(before);

    // A raise goes through and shows in the table.
    type("op-budget-epsilon", Double.toString(before + 2));
    type("op-budget-reason", "the survey needs two more queries");
    driver.findElement(By.id("op-budget-raise")).click();
    waiting().until(d -> text("op-budget-message").startsWith("The analytics budget is now"));
    assertThat(server.ledger().budget(Purpose.ANALYTICS).epsilon()).isEqualTo(before + 2);
    assertThat(lastAudit().action()).isEqualTo("operator.budget.raised");
    assertThat(lastAudit().detail()).endsWith("reason=the survey needs two more queries");
    waiting()
        .until(
            d ->
                d.findElement(By.cssSelector("#op-raises tbody"))
                    .getText()
                    .contains("the survey needs two more queries"));
    assertThat(driver.findElement(By.cssSelector("#op-raises tbody")).getText())
        .contains("analytics")
        .contains("#" + lastAudit().seq());

    // Close the query.
    choose("op-close-query", queryId);
    type("op-close-reason", "enough reports for the survey");
    driver.findElement(By.id("op-close")).click();
    waiting().until(d -> text("op-close-message").startsWith("Query \"Favourite genre\" closed"));
    assertThat(lastAudit().action()).isEqualTo("analytics.query.closed");
    assertThat(lastAudit().detail()).endsWith("reason=enough reports for the survey");
    waiting().until(d -> text("op-close-query").equals("no open query"));
    assertThat(driver.findElement(By.id("op-close")).isEnabled()).isFalse();
    JsonNode q =
        ExplorerApiTest.tree(
            http.send("GET", "/v1/admin/analytics/queries/" + queryId, admin.reveal(), null)
                .body());
    assertThat(q.get("status").asText()).isEqualTo("closed");
    assertThat(server.storage().audit().verify().valid()).isTrue();
    assertThat(browserErrors()).allMatch(m -> m.contains("409") || m.contains("Conflict"));
    scrollTo("operator-title");
    screenshot("admin-operator.png");
  }

  @Test
  void modelExplorer_showsTheMostRecommendedItems_andAnItemsNearestItems() throws IOException {
    ExplorerApiTest.publish(server, http, admin);
    signIn();

    driver.findElement(By.linkText("Model explorer")).click();
    // A hidden element's text reads "": wait for the explorer to show, with its figures.
    waiting()
        .until(
            d ->
                d.findElement(By.id("explorer")).isDisplayed()
                    && !text("x-version").isEmpty()
                    && !text("x-version").equals("-"));

    assertThat(driver.getCurrentUrl()).endsWith("/admin/model");
    assertThat(text("x-version")).isEqualTo("1");
    assertThat(text("x-model")).isEqualTo("ials");
    assertThat(text("x-items")).isEqualTo("40");
    JsonNode api =
        ExplorerApiTest.tree(http.send("GET", "/v1/admin/explorer", admin.reveal(), null).body());
    assertThat(text("x-coverage")).endsWith("(" + api.get("coveredItems").asInt() + ")");
    List<WebElement> rows = driver.findElements(By.cssSelector("#top-table tbody tr"));
    assertThat(rows).hasSize(20);
    assertThat(rows.get(0).getText())
        .contains(api.get("mostRecommended").get(0).get("itemId").asText());

    WebElement second =
        driver.findElement(By.cssSelector("#top-table tbody tr:nth-child(2) button"));
    String item = second.getText();
    second.click();
    waiting().until(d -> text("near-caption").equals("Nearest items of " + item));
    List<WebElement> near = driver.findElements(By.cssSelector("#near-table tbody tr"));
    assertThat(near).hasSize(20);
    String kind = Integer.parseInt(item.substring(1)) % 2 == 0 ? "drama" : "comedy";
    assertThat(near.get(0).getText()).contains(kind).doesNotContain(item + " ");
    assertThat(text("near-summary")).startsWith("Item " + item + " (" + kind + ")");
    assertThat(
            (Boolean)
                ((JavascriptExecutor) driver)
                    .executeScript(
                        "const r = document.getElementById('near-title').getBoundingClientRect();"
                            + " return r.top >= 0 && r.top < window.innerHeight;"))
        .as("the nearest items are scrolled into view")
        .isTrue();
    assertThat(browserErrors()).isEmpty();
    screenshot("model-explorer.png");
  }

  @Test
  void modelExplorer_withoutAToken_asksForIt_andSaysWhenItIsWrong() {
    driver.get(server.baseUri() + "/admin/model");

    assertThat(driver.findElement(By.id("login")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("explorer")).isDisplayed()).isFalse();
    driver.findElement(By.id("admin-token")).sendKeys(Tokens.newToken(new SecureRandom()).reveal());
    driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    waiting().until(d -> text("status").startsWith("The admin token was refused"));
    assertThat(driver.findElement(By.id("explorer")).isDisplayed()).isFalse();
  }
}
