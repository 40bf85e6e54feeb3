package dev.tacit.federated.server;

import dev.tacit.secagg.PitCrossModule;
import org.junit.jupiter.api.Test;

/**
 * The tacit-federated classes this module's mutation run takes over (the root pom's
 * tacit.pit.crossmodule.federated, in this module's targetClasses and tacit-federated's
 * excludedClasses) all exist: a class renamed without the list would otherwise drop out of both
 * runs unnoticed.
 */
class PitCrossModuleTest {
  @Test
  void everyCrossModuleClass_exists() {
    PitCrossModule.assertEveryListedClassExists(PitCrossModuleTest.class);
  }
}
