package dev.tacit.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The check behind each server module's {@code PitCrossModuleTest}: every class a module's mutation
 * run takes over from a device module (the root pom's {@code tacit.pit.crossmodule.*}, filtered
 * into that module's {@code pit-crossmodule.properties}) exists, so that a class renamed without
 * the list cannot drop out of both runs unnoticed.
 */
public final class PitCrossModule {
  private PitCrossModule() {}

  /** Checks the list in the {@code pit-crossmodule.properties} beside {@code test}. */
  public static void assertEveryListedClassExists(Class<?> test) {
    List<String> globs = globs(test);
    assertThat(globs).isNotEmpty().allSatisfy(glob -> assertThat(glob).matches("[\\w.]+\\*"));
    for (String glob : globs) {
      String name = glob.substring(0, glob.length() - 1);
      assertThatCode(() -> Class.forName(name, false, test.getClassLoader()))
          .as("%s names no class", glob)
          .doesNotThrowAnyException();
    }
  }

  private static List<String> globs(Class<?> test) {
    Properties p = new Properties();
    try (InputStream in = test.getResourceAsStream("pit-crossmodule.properties")) {
      assertThat(in).as("pit-crossmodule.properties on the test class path").isNotNull();
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Arrays.asList(p.getProperty("classes", "").split(",", -1));
  }
}
