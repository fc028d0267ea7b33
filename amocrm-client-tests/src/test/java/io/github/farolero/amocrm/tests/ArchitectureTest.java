package io.github.farolero.amocrm.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The house rules of docs/design.md and docs/style.md ("API vs internal", "internals hidden by the
 * language, not by a name"), checked over the main classes of every published module: core, the
 * testkit and the three stores. Test classes are never imported: only the directory or jar each
 * module's main classes came from ({@link PublishedModules}).
 *
 * <p>The rules describe the target state. They are not frozen and have no exceptions: a failure
 * names each offending dependency, and is fixed in the code, not here.
 */
class ArchitectureTest {

  private static final String ROOT = "io.github.farolero.amocrm";
  /** Every internal package of this project, in any module. */
  private static final String OUR_INTERNALS = ROOT + "..internal..";

  private static final Map<String, PublishedModules> MODULE_OF = new HashMap<>();
  private static final JavaClasses MAIN_CLASSES = importMainClasses();

  private static JavaClasses importMainClasses() {
    List<Location> locations = new ArrayList<>();
    List<JarFile> jars = new ArrayList<>();
    try {
      for (PublishedModules module : PublishedModules.values()) {
        for (String name : module.classNames()) {
          PublishedModules before = MODULE_OF.put(name, module);
          if (before != null) {
            throw new IllegalStateException(name + " is in both " + before + " and " + module);
          }
        }
        Path location = module.location();
        if (Files.isDirectory(location)) {
          locations.add(Location.of(location));
        } else {
          // A jar path given as a plain path imports nothing: ArchUnit wants the JarFile.
          JarFile jar = new JarFile(location.toFile());
          jars.add(jar);
          locations.add(Location.of(jar));
        }
      }
      return new ClassFileImporter().importLocations(locations);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (JarFile jar : jars) {
        try {
          jar.close();
        } catch (IOException ignored) {
          // only read from; nothing to lose
        }
      }
    }
  }

  @Test
  void everyPublishedModuleIsScannedAndNothingElse() {
    EnumSet<PublishedModules> seen = EnumSet.noneOf(PublishedModules.class);
    for (JavaClass c : MAIN_CLASSES) {
      PublishedModules module = MODULE_OF.get(c.getName());
      assertThat(module).as("module of %s", c.getName()).isNotNull();
      seen.add(module);
    }
    assertThat(seen).containsExactlyInAnyOrder(PublishedModules.values());
    // This module's own test classes (and core's shared test support compiled into them) are
    // on the same classpath under the same root package: none may be taken for main code.
    assertThat(MAIN_CLASSES.stream().map(JavaClass::getName))
        .noneMatch(n -> n.startsWith(ROOT + ".tests."))
        .noneMatch(n -> n.equals(ArchitectureTest.class.getName()));
  }

  @Test
  void storeSpiDependsOnNoInternalPackage() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage(ROOT + ".store")
            .should()
            .dependOnClassesThat()
            .resideInAPackage(OUR_INTERNALS)
            .because(
                "the TokenStore SPI sits below the engine: every store, ours and the users', is"
                    + " written against it alone, so it must compile and make sense without the"
                    + " engine's internal classes (and an SPI type that points into internal makes"
                    + " that internal class API in disguise)");
    rule.check(MAIN_CLASSES);
  }

  @Test
  void storeModulesDependOnNoInternalPackage() {
    ArchRule rule =
        noClasses()
            .that(belongTo(EnumSet.of(
                PublishedModules.STORE_FILE, PublishedModules.STORE_ENV, PublishedModules.STORE_JDBC,
                PublishedModules.STORE_REDIS)))
            .should()
            .dependOnClassesThat()
            .resideInAPackage(OUR_INTERNALS)
            .because(
                "a store is an ordinary TokenStore built on core's public API, as a user's own"
                    + " store would be: core's internal classes may change in any release, and a"
                    + " store's own helpers belong in its public package as package-private"
                    + " classes (Caffeine's and Retrofit's way), hidden by the language rather than"
                    + " by a package name that every public class of the store must import");
    rule.check(MAIN_CLASSES);
  }

  @Test
  void theCommandLineToolDependsOnNoInternalPackage() {
    ArchRule rule =
        noClasses()
            .that(belongTo(EnumSet.of(PublishedModules.CLI)))
            .should()
            .dependOnClassesThat()
            .resideInAPackage(OUR_INTERNALS)
            .because(
                "amocrm-tokens is a program written against the library's public API, as an"
                    + " operator's own tooling would be: what it needs from core (health, the"
                    + " client, the stores) must be API, not internals it alone may reach");
    rule.check(MAIN_CLASSES);
  }

  @Test
  void noModuleDependsOnAnotherModulesInternals() {
    ArchRule rule =
        classes()
            .should(dependOnNoInternalPackageOfAnotherModule())
            .because(
                "an internal package is not API: it is left out of the Javadoc and may change in"
                    + " any release, so only its own module may use it (core's"
                    + " io.github.farolero.amocrm.internal is core's alone: the testkit and the"
                    + " stores use core's public API, as users do; and no module reaches into a"
                    + " library's internals such as okhttp3.internal, which differ between OkHttp"
                    + " versions)");
    rule.check(MAIN_CLASSES);
  }

  @Test
  void topLevelPackagesAreFreeOfCycles() {
    ArchRule rule =
        slices()
            .assignedFrom(TOP_LEVEL_SLICES)
            .should()
            .beFreeOfCycles()
            .because(
                "each of core's top-level packages (api, auth, model, store, internal) and each"
                    + " other module can be read, tested and changed on its own only while the"
                    + " dependencies between them run one way; a cycle ties them into one unit"
                    + " that cannot be understood or split apart");
    rule.check(MAIN_CLASSES);
  }

  @Test
  void packagesAreFreeOfCycles() {
    ArchRule rule =
        slices()
            .matching(ROOT + ".(**)")
            .should()
            .beFreeOfCycles()
            .because(
                "a package is the unit a reader opens and Javadoc documents: two packages that"
                    + " need each other (a public package and its own helpers, e.g. store.jdbc and"
                    + " store.jdbc.internal) are one package in two places, and the public one"
                    + " cannot be read without the other");
    rule.check(MAIN_CLASSES);
  }

  /**
   * ArchUnit's {@code slices().matching("io.github.farolero.amocrm.(*)..")}, except that a module
   * other than core is one slice of its own: the stores' packages ({@code store.file..}) sit under
   * core's {@code store} by name only. They are separate jars built on the SPI, as a user's store
   * would be, so a store that uses {@code auth} (whose types use the SPI) is layered, not cyclic,
   * and must not be lumped into the SPI's slice.
   */
  private static final SliceAssignment TOP_LEVEL_SLICES =
      new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
          String pkg = c.getPackageName();
          PublishedModules module = MODULE_OF.get(c.getName());
          if (module == null || !pkg.startsWith(ROOT + ".")) {
            return SliceIdentifier.ignore(); // the root package, or not ours
          }
          if (module != PublishedModules.CORE) {
            return SliceIdentifier.of(module.artifactId());
          }
          return SliceIdentifier.of(pkg.substring(ROOT.length() + 1).split("\\.")[0]);
        }

        @Override
        public String getDescription() {
          return "core's top-level packages under " + ROOT + " and each other published module";
        }
      };

  private static DescribedPredicate<JavaClass> belongTo(Set<PublishedModules> modules) {
    return DescribedPredicate.describe(
        "belong to " + modules.stream().map(PublishedModules::artifactId).sorted().toList(),
        c -> modules.contains(MODULE_OF.get(c.getName())));
  }

  /** A dependency into an internal package is allowed only inside the module that holds it. */
  private static ArchCondition<JavaClass> dependOnNoInternalPackageOfAnotherModule() {
    return new ArchCondition<>("depend on no internal package of another module") {
      @Override
      public void check(JavaClass origin, ConditionEvents events) {
        PublishedModules own = MODULE_OF.get(origin.getName());
        for (Dependency d : origin.getDirectDependenciesFromSelf()) {
          JavaClass target = d.getTargetClass().getBaseComponentType();
          if (!PublishedModules.isInternalPackage(target.getPackageName())) {
            continue;
          }
          PublishedModules targetModule = MODULE_OF.get(target.getName());
          if (targetModule != own) {
            String whose =
                targetModule == null ? "a library's" : targetModule.artifactId() + "'s";
            events.add(
                SimpleConditionEvent.violated(
                    d,
                    d.getDescription()
                        + " ["
                        + own.artifactId()
                        + " uses "
                        + whose
                        + " internal package "
                        + target.getPackageName()
                        + "]"));
          }
        }
      }
    };
  }
}
