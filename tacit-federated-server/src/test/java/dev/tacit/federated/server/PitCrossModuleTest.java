package dev.tacit.federated.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The tacit-federated classes this module's mutation run takes over (the root pom's
 * tacit.pit.crossmodule.federated, in this module's targetClasses and tacit-federated's
 * excludedClasses) all exist: a class renamed without the list would otherwise drop out of both
 * runs unnoticed.
 */
class PitCrossModuleTest {

  @Test
  void everyCrossModuleClass_exists() throws IOException {
    List<String> globs = crossModuleGlobs();

    assertThat(globs).isNotEmpty().allSatisfy(glob -> assertThat(glob).matches("[\\w.]+\\*"));
    for (String glob : globs) {
      String name = glob.substring(0, glob.length() - 1);
      assertThatCode(() -> Class.forName(name, false, getClass().getClassLoader()))
          .as("%s names no class", glob)
          .doesNotThrowAnyException();
    }
  }

  private List<String> crossModuleGlobs() throws IOException {
    Properties p = new Properties();
    try (InputStream in = getClass().getResourceAsStream("pit-crossmodule.properties")) {
      assertThat(in).as("pit-crossmodule.properties on the test class path").isNotNull();
      p.load(in);
    }
    return Arrays.asList(p.getProperty("classes", "").split(",", -1));
  }
}
