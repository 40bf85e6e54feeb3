package dev.tacit.cli;

import dev.tacit.core.model.Ease;
import dev.tacit.core.model.Ials;
import dev.tacit.core.model.ItemKnn;
import dev.tacit.core.model.MostPopular;
import dev.tacit.core.model.Trainer;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine;

/** The recommenders the commands can train, by name. */
final class Models {
  static final List<String> NAMES = List.of("pop", "itemknn", "ials", "ease");

  private Models() {}

  /** The trainer called {@code name}, or a parameter error naming the choices. */
  static Trainer trainer(CommandLine cl, String name, int factors, long seed) {
    if (factors < 1) {
      throw new CommandLine.ParameterException(cl, "--factors must be >= 1, was " + factors);
    }
    return switch (name) {
      case "pop" -> MostPopular.trainer();
      case "itemknn" -> ItemKnn.trainer();
      case "ials" -> Ials.trainer(Ials.Config.builder().factors(factors).seed(seed).build());
      case "ease" -> Ease.trainer();
      default ->
          throw new CommandLine.ParameterException(
              cl, "unknown model '" + name + "'; choose from " + String.join(", ", NAMES));
    };
  }

  /** Completion candidates for picocli. */
  static final class Names implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return NAMES.iterator();
    }
  }
}
