package dev.tacit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./tacit} launcher as a user meets it: each command runs in its own JVM through the
 * script (with this build's classes instead of the jar), and prints neither a JVM warning nor a
 * library's INFO line unless asked with {@code --verbose}.
 */
class LauncherTest {
  private static final Path LAUNCHER = Path.of("..", "tacit");

  @TempDir Path dir;

  private String run(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("TACIT_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().put("TACIT_JAVA_OPTS", "-Xmx512m");
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    return text;
  }

  @Test
  void commands_printNoJvmWarning_andNoLibraryInfoLine_byDefault() throws Exception {
    assumeTrue(Files.isRegularFile(LAUNCHER), "the ./tacit launcher is not beside this module");
    Path data = dir.resolve("data");
    List<String> outputs = new ArrayList<>();
    // serve creates the database (Flyway migrations, SQLite's native library, Tink's keys)
    outputs.add(
        run(
            "serve",
            "--exit-after-start",
            "--port",
            "0",
            "--host",
            "127.0.0.1",
            "--data-dir",
            data.toString()));
    outputs.add(run("audit", "verify", "--data-dir", data.toString()));
    outputs.add(
        run(
            "privacy",
            "epsilon",
            "--noise-multiplier",
            "1",
            "--sampling-rate",
            "0.1",
            "--steps",
            "10",
            "--delta",
            "1e-5"));
    for (String o : outputs) {
      // the server's own log (dev.tacit...) is serve's output; a library's INFO line is noise
      assertThat(o).doesNotContain("WARNING").doesNotContainPattern(" INFO (?!dev\\.tacit\\.)");
    }
    assertThat(outputs.get(2)).contains("delta = 1e-5");
  }

  @Test
  void verbose_showsTheLibrariesInfoLines() throws Exception {
    assumeTrue(Files.isRegularFile(LAUNCHER), "the ./tacit launcher is not beside this module");
    String o =
        run(
            "serve",
            "--verbose",
            "--exit-after-start",
            "--port",
            "0",
            "--host",
            "127.0.0.1",
            "--data-dir",
            dir.resolve("v").toString());
    assertThat(o).contains(" INFO ").containsIgnoringCase("flyway");
  }
}
