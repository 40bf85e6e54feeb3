package dev.tacit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dependency rules of the README's "Architecture" section. Violations that exist today because
 * work is under way elsewhere are frozen in {@code src/test/resources/frozen} (one file a rule,
 * each line a known violation): a new violation fails, a fixed one drops out of the store.
 */
class ArchitectureTest {

  /** Every module with main code, by the package it owns ({@code dev.tacit.<name>}). */
  static final List<String> MODULES =
      List.of(
          "check",
          "core",
          "privacy",
          "secagg",
          "protocol",
          "federated",
          "client",
          "sim",
          "server",
          "cli",
          "example");

  /** tacit-client and the modules on its runtime classpath: what a phone ships. */
  static final String[] SDK = {
    "dev.tacit.check..",
    "dev.tacit.core..",
    "dev.tacit.privacy..",
    "dev.tacit.secagg..",
    "dev.tacit.protocol..",
    "dev.tacit.federated..",
    "dev.tacit.client.."
  };

  /** The server side: the server itself and the server steps of the shared protocols. */
  static final String[] SERVER_SIDE = {
    "dev.tacit.server..", "dev.tacit.federated.server..", "dev.tacit.secagg.server.."
  };

  /**
   * SDK packages that still call server-side code: the round state machine and the releases plan
   * with FederatedServer and drive SecAggServer. They move when tacit-federated's device and server
   * steps are split (issue 17).
   */
  static final String[] KNOWN_SERVER_STEP_USERS = {
    "dev.tacit.federated.round..",
    "dev.tacit.federated.hierarchy..",
    "dev.tacit.federated.cooccurrence.."
  };

  /** Server-side packages still shipped in SDK modules until the same split. */
  static final String[] KNOWN_SERVER_PACKAGES_IN_SDK = {
    "dev.tacit.federated.server..", "dev.tacit.secagg.server.."
  };

  private static JavaClasses all;

  @BeforeAll
  static void importMainClasses() {
    all =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tacit");
  }

  static List<String> modules() {
    return MODULES;
  }

  /** A module's packages form no cycle: each package can be read after the ones it uses. */
  static ArchRule noPackageCycles(String module) {
    return slices()
        .matching("dev.tacit.(**)")
        .namingSlices("$1")
        .should()
        .beFreeOfCycles()
        .as("the packages of tacit-" + module + " are free of cycles");
  }

  @ParameterizedTest(name = "tacit-{0}")
  @MethodSource("modules")
  void packages_ofEachModule_formNoCycle(String module) {
    JavaClasses classes = all.that(resideIn("dev.tacit." + module));
    noPackageCycles(module).check(classes);
  }

  @Test
  void theCycleRule_failsOnADeliberateCycle() {
    JavaClasses fixture =
        new ClassFileImporter().importPackages("dev.tacit.architecture.fixture.cycle");
    assertThatThrownBy(() -> noPackageCycles("fixture").check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Cycle detected: architecture.fixture.cycle.a -> ")
        .hasMessageContaining("architecture.fixture.cycle.b -> \n");
  }

  @Test
  void sdkModules_dependOnNoServerCode() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(SDK)
            .and()
            .resideOutsideOfPackages(SERVER_SIDE)
            .and()
            .resideOutsideOfPackages(KNOWN_SERVER_STEP_USERS)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(SERVER_SIDE)
            .as("SDK code (tacit-client and its runtime modules) depends on no server-side code");
    rule.check(all);
  }

  @Test
  void sdkModules_holdNoServerSideCode() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAnyPackage(SDK)
            .and()
            .resideOutsideOfPackages(KNOWN_SERVER_PACKAGES_IN_SDK)
            .should()
            .resideInAnyPackage(SERVER_SIDE)
            .as("the SDK's runtime classpath holds no server-side package")
            .allowEmptyShould(true);
    rule.check(all);
  }

  @Test
  void libraries_dependOnNoApplicationModule() {
    noClasses()
        .that()
        .resideInAnyPackage(SDK)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.tacit.server..", "dev.tacit.sim..", "dev.tacit.cli..")
        .as("the libraries depend on none of tacit-server, tacit-sim or tacit-cli")
        .check(all);
  }

  @ParameterizedTest(name = "tacit-{0}")
  @MethodSource("modules")
  void internalPackages_areUsedOnlyInsideTheirModule(String module) {
    String root = "dev.tacit." + module;
    noClasses()
        .that()
        .resideOutsideOfPackage(root + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + "..internal..")
        .as("classes outside tacit-" + module + " use none of its internal packages")
        .allowEmptyShould(true)
        .check(all);
  }

  /**
   * The classes in {@code pkg} (and below) depend only on the JDK, themselves, the SDK's public
   * packages and the protocol's root package (for {@code Purpose}), and on no internal package.
   */
  static ArchRule usesOnlyTheSdksPublicApi(String pkg, String what) {
    return classes()
        .that()
        .resideInAPackage(pkg + "..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", pkg + "..", "dev.tacit.client..", "dev.tacit.protocol")
        .andShould()
        .onlyDependOnClassesThat()
        .resideOutsideOfPackage("..internal..")
        .as(what + " uses only the SDK's public types and Purpose");
  }

  @Test
  void theExample_usesOnlyTheSdksPublicApi() {
    usesOnlyTheSdksPublicApi("dev.tacit.example", "the SDK example (tacit-example)").check(all);
  }

  @Test
  void theExampleRule_failsOnAnInternalOrNonSdkDependency() {
    JavaClasses fixture =
        new ClassFileImporter().importPackages("dev.tacit.architecture.fixture.app");
    assertThatThrownBy(
            () ->
                usesOnlyTheSdksPublicApi("dev.tacit.architecture.fixture.app", "the fixture")
                    .check(fixture))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("AppUsingInternals")
        .hasMessageContaining("dev.tacit.client.internal.Catalogue")
        .hasMessageContaining("AppUsingCore")
        .hasMessageContaining("dev.tacit.core.data.Interactions")
        .hasMessageNotContaining("AppUsingThePublicApi");
  }

  @Test
  void theExampleRule_failsWhenItMatchesNoClass() {
    assertThatThrownBy(
            () -> usesOnlyTheSdksPublicApi("dev.tacit.nosuchpackage", "nothing").check(all))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("failed to check any classes");
  }

  private static DescribedPredicate<JavaClass> resideIn(String root) {
    return JavaClass.Predicates.resideInAPackage(root + "..");
  }
}
