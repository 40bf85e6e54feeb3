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
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
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
