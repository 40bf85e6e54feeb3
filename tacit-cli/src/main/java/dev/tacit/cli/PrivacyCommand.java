package dev.tacit.cli;

import dev.tacit.cli.text.Wording;
import dev.tacit.privacy.accounting.Accountant;
import dev.tacit.privacy.accounting.Conversion;
import dev.tacit.privacy.accounting.NoiseCalibrator;
import dev.tacit.privacy.accounting.PrivacyEvent;
import dev.tacit.privacy.accounting.PrivacyGuarantee;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tacit privacy}: the RDP accountant of the sampled Gaussian mechanism from the command line
 * (Mironov, Talwar &amp; Zhang 2019). Bad arguments exit with code 2.
 */
@Command(
    name = "privacy",
    mixinStandardHelpOptions = true,
    description = "Privacy accounting for the sampled Gaussian mechanism (DP-SGD, DP-FedAvg).",
    subcommands = {PrivacyCommand.EpsilonCommand.class, PrivacyCommand.NoiseCommand.class})
public final class PrivacyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: epsilon or noise");
  }

  /**
   * The options both subcommands take: the sampled Gaussian's sampling rate, steps and δ, the RDP
   * conversion, and the output format.
   */
  abstract static class Accounting {
    @Option(
        names = "--sampling-rate",
        required = true,
        paramLabel = "Q",
        description = "Poisson sampling rate, in (0, 1].")
    double samplingRate;

    @Option(
        names = "--steps",
        required = true,
        paramLabel = "T",
        description = "Number of steps (rounds), >= 1.")
    long steps;

    @Option(names = "--delta", required = true, paramLabel = "D", description = "In (0, 1).")
    double delta;

    @Option(
        names = "--conversion",
        defaultValue = "improved",
        paramLabel = "classic|improved",
        description = "RDP to (epsilon, delta) conversion (default: ${DEFAULT-VALUE}).")
    String conversion;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    /** The guarantee of the steps with noise multiplier {@code z}, under {@code conversion}. */
    PrivacyGuarantee guarantee(Conversion conversion, double z) {
      return Accountant.rdp(conversion)
          .compose(PrivacyEvent.sampledGaussian(samplingRate, z, steps))
          .guarantee(delta);
    }

    /** Prints {@code object} with {@code --json}, else {@code text}; the exit code 0. */
    int print(CommandSpec spec, Json object, String text) {
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(object.end());
      } else {
        out.print(text);
      }
      out.flush();
      return 0;
    }
  }

  /** {@code tacit privacy epsilon}: ε of T steps at a given noise multiplier. */
  @Command(
      name = "epsilon",
      mixinStandardHelpOptions = true,
      description = "Prints the epsilon spent by T steps of the sampled Gaussian mechanism.")
  public static final class EpsilonCommand extends Accounting implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--noise-multiplier",
        required = true,
        paramLabel = "Z",
        description = "Noise standard deviation over sensitivity, > 0.")
    double noiseMultiplier;

    @Override
    public Integer call() {
      checkSamplingRate(spec, samplingRate);
      checkNoiseMultiplier(spec, noiseMultiplier);
      checkSteps(spec, steps);
      checkDelta(spec, delta);
      Conversion conv = parseConversion(spec, conversion);
      PrivacyGuarantee g = guarantee(conv, noiseMultiplier);
      return print(
          spec,
          new Json()
              .number("samplingRate", samplingRate)
              .number("noiseMultiplier", noiseMultiplier)
              .integer("steps", steps)
              .number("delta", delta)
              .string("conversion", name(conv))
              .number("epsilon", g.epsilon())
              .number("optimalOrder", g.optimalOrder()),
          String.format(
              Locale.ROOT,
              "epsilon = %.6g at delta = %s (optimal RDP order %s, %s conversion)%n"
                  + "for %d steps of the sampled Gaussian, sampling rate %s, noise multiplier %s%n",
              g.epsilon(),
              Wording.sci(delta),
              g.optimalOrder(),
              name(conv),
              steps,
              samplingRate,
              noiseMultiplier));
    }
  }

  /** {@code tacit privacy noise}: the smallest noise multiplier for a target ε. */
  @Command(
      name = "noise",
      mixinStandardHelpOptions = true,
      description =
          "Prints the smallest noise multiplier with which T steps of the sampled Gaussian"
              + " mechanism stay within epsilon.")
  public static final class NoiseCommand extends Accounting implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--epsilon", required = true, paramLabel = "E", description = "Target, > 0.")
    double epsilon;

    @Override
    public Integer call() {
      if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
        throw new ParameterException(
            spec.commandLine(), "--epsilon must be > 0 and finite, was " + epsilon);
      }
      checkDelta(spec, delta);
      checkSamplingRate(spec, samplingRate);
      checkSteps(spec, steps);
      Conversion conv = parseConversion(spec, conversion);
      double z;
      try {
        z = NoiseCalibrator.noiseMultiplier(epsilon, delta, samplingRate, steps, conv);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      PrivacyGuarantee g = guarantee(conv, z);
      return print(
          spec,
          new Json()
              .number("epsilon", epsilon)
              .number("delta", delta)
              .number("samplingRate", samplingRate)
              .integer("steps", steps)
              .string("conversion", name(conv))
              .number("noiseMultiplier", z)
              .number("achievedEpsilon", g.epsilon())
              .number("optimalOrder", g.optimalOrder()),
          String.format(
              Locale.ROOT,
              "noise multiplier = %.6f (epsilon %.6g at delta = %s, optimal RDP order %s, %s"
                  + " conversion)%nfor %d steps of the sampled Gaussian, sampling rate %s%n",
              z,
              g.epsilon(),
              Wording.sci(delta),
              g.optimalOrder(),
              name(conv),
              steps,
              samplingRate));
    }
  }

  private static void checkSamplingRate(CommandSpec spec, double q) {
    if (!(q > 0 && q <= 1)) {
      throw new ParameterException(
          spec.commandLine(), "--sampling-rate must be in (0, 1], was " + q);
    }
  }

  private static void checkNoiseMultiplier(CommandSpec spec, double z) {
    if (!(z > 0) || !Double.isFinite(z)) {
      throw new ParameterException(
          spec.commandLine(), "--noise-multiplier must be > 0 and finite, was " + z);
    }
  }

  private static void checkSteps(CommandSpec spec, long steps) {
    if (steps < 1) {
      throw new ParameterException(spec.commandLine(), "--steps must be >= 1, was " + steps);
    }
  }

  private static void checkDelta(CommandSpec spec, double delta) {
    if (!(delta > 0 && delta < 1)) {
      throw new ParameterException(spec.commandLine(), "--delta must be in (0, 1), was " + delta);
    }
  }

  private static Conversion parseConversion(CommandSpec spec, String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "classic":
        return Conversion.CLASSIC;
      case "improved":
        return Conversion.IMPROVED;
      default:
        throw new ParameterException(
            spec.commandLine(), "--conversion must be classic or improved, was " + value);
    }
  }

  private static String name(Conversion conversion) {
    return conversion.name().toLowerCase(Locale.ROOT);
  }

  /** A flat JSON object writer; numbers are written as JSON numbers (null if not finite). */
  private static final class Json {
    private final StringBuilder sb = new StringBuilder("{");

    private Json key(String key) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append('"').append(key).append("\":");
      return this;
    }

    Json number(String key, double value) {
      key(key).sb.append(Double.isFinite(value) ? Double.toString(value) : "null");
      return this;
    }

    Json integer(String key, long value) {
      key(key).sb.append(value);
      return this;
    }

    Json string(String key, String value) {
      key(key).sb.append('"').append(value).append('"');
      return this;
    }

    String end() {
      return sb.append('}').toString();
    }
  }
}
