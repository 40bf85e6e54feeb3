package dev.tacit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tacit} command. */
@Command(
    name = "tacit",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Tacit: privacy-preserving personalization for the JVM.",
    subcommands = {
      DemoCommand.class,
      AuditCommand.class,
      EvaluateCommand.class,
      LoadTestCommand.class,
      PrivacyCommand.class,
      ReportCommand.class,
      ServeCommand.class,
      SimulateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  /** Libraries whose INFO lines (migrations, pools, the web server's banner) stay quiet. */
  static final java.util.List<String> QUIET_LIBRARIES =
      java.util.List.of(
          "org.flywaydb",
          "com.zaxxer",
          "io.javalin",
          "org.eclipse.jetty",
          "org.jdbi",
          "org.sqlite",
          "org.postgresql",
          "io.micrometer");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Also print the libraries' and the server's INFO log lines.")
  boolean verbose;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * Sets the log levels before anything logs (slf4j-simple reads them once): library loggers at
   * WARN unless {@code --verbose}, and with it everything at INFO. A level set with {@code -D} wins
   * over both.
   */
  static void configureLogging(boolean verbose) {
    if (verbose) {
      System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
      return;
    }
    for (String library : QUIET_LIBRARIES) {
      String key = "org.slf4j.simpleLogger.log." + library;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "warn");
      }
    }
  }

  private static boolean verbose(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** The configured command line, for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionStrategy(
            parsed -> {
              configureLogging(verbose(parsed));
              return new CommandLine.RunLast().execute(parsed);
            })
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler(
            (e, cl, parsed) -> {
              if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                cl.getErr().println("error: " + e.getMessage());
                if (System.getenv("TACIT_DEBUG") != null) {
                  e.printStackTrace(cl.getErr());
                }
                return 1;
              }
              throw e;
            });
  }

  /** Prints the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"tacit " + (v == null ? "dev" : v)};
    }
  }
}
