package dev.tacit.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import dev.tacit.check.Preconditions;
import dev.tacit.client.TacitClient;
import dev.tacit.core.model.Ials;
import dev.tacit.federated.RoundPlan;
import dev.tacit.federated.round.DeviceRound;
import dev.tacit.federated.server.round.RoundSession;
import dev.tacit.privacy.random.RandomSource;
import dev.tacit.protocol.RoundAssignment;
import dev.tacit.secagg.SecAggConfig;
import dev.tacit.secagg.client.SecAggClient;
import dev.tacit.secagg.server.SecAggServer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The dependency rules of the README's "Architecture" section, each with no exemption. */
class ArchitectureTest {

  /**
   * Every module with main code, by the package it owns ({@code dev.tacit.<name>}). The server
   * steps own subpackages of the protocols they serve, and are checked with them:
   * tacit-secagg-server {@code dev.tacit.secagg.server}, tacit-federated-server {@code
   * dev.tacit.federated.server..}.
   */
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

  /**
   * The libraries' packages: tacit-client, the modules on its runtime classpath and the server
   * steps below them.
   */
  static final String[] LIBRARIES = {
    "dev.tacit.check..",
    "dev.tacit.core..",
    "dev.tacit.privacy..",
    "dev.tacit.secagg..",
    "dev.tacit.protocol..",
    "dev.tacit.federated..",
    "dev.tacit.client.."
  };

  /**
   * The server side: the server itself and the server steps of the shared protocols, in
   * tacit-federated-server ({@code dev.tacit.federated.server} and its {@code round}, {@code
   * cooccurrence} and {@code hierarchy} subpackages) and tacit-secagg-server.
   */
  static final String[] SERVER_SIDE = {
    "dev.tacit.server..", "dev.tacit.federated.server..", "dev.tacit.secagg.server.."
  };

  /**
   * One class of tacit-client and of each module on its runtime classpath: the class roots (a jar
   * or a classes folder) they are loaded from hold what a phone ships.
   */
  static final List<Class<?>> SDK_MODULES =
      List.of(
          Preconditions.class,
          Ials.class,
          RandomSource.class,
          SecAggConfig.class,
          RoundAssignment.class,
          RoundPlan.class,
          TacitClient.class);

  private static JavaClasses all;

  /** The classes of the SDK's modules, whatever their package: what a phone ships. */
  private static JavaClasses sdk;

  @BeforeAll
  static void importMainClasses() throws URISyntaxException {
    all =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tacit");
    List<Location> roots = new ArrayList<>();
    for (Class<?> anchor : SDK_MODULES) {
      Path root = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      roots.add(
          Files.isDirectory(root)
              ? Location.of(root)
              : Location.of(URI.create("jar:" + root.toUri() + "!/")));
    }
    sdk =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importLocations(roots);
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
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(SERVER_SIDE)
        .as("SDK code (tacit-client and its runtime modules) depends on no server-side code")
        .check(sdk);
  }

  @Test
  void sdkModules_holdNoServerSideCode() {
    noClasses()
        .should()
        .resideInAnyPackage(SERVER_SIDE)
        .as("the SDK's runtime classpath holds no server-side package")
        .check(sdk);
  }

  @Test
  void theSdkImport_holdsTheSdksModules_andNoServerModule() {
    assertThat(sdk.contain(TacitClient.class)).isTrue();
    assertThat(sdk.contain(DeviceRound.class)).isTrue();
    assertThat(sdk.contain(SecAggClient.class)).isTrue();
    assertThat(sdk.contain(RoundSession.class)).isFalse();
    assertThat(sdk.contain(SecAggServer.class)).isFalse();
  }

  @Test
  void libraries_dependOnNoApplicationModule() {
    noClasses()
        .that()
        .resideInAnyPackage(LIBRARIES)
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
