package io.github.farolero.amocrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.auth.ReauthorizationRequiredException;
import io.github.farolero.amocrm.store.GrantKey;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jar itself: help, version, usage errors, bad URIs, the launcher, what the jar holds. */
class CliBasicsIT {

  static final List<String> COMMANDS =
      List.of("status", "verify", "refresh", "authorize", "migrate", "backup", "restore");

  @TempDir Path tmp;

  @AfterAll
  static void summary() {
    System.out.println("CliBasicsIT: " + Cli.summary());
  }

  @Test
  void versionAndHelpOnEveryCommandExitZero() {
    Cli cli = new Cli();
    assertThat(cli.run("--version").expect(0).out()).startsWith("amocrm-tokens ");
    assertThat(cli.run("--help").expect(0).out()).contains(COMMANDS).contains("Exit codes");
    for (String c : COMMANDS) {
      assertThat(cli.run(c, "--help").expect(0).out()).as(c).contains("Usage: amocrm-tokens " + c);
    }
    assertThat(cli.run("help", "migrate").expect(0).out()).contains("--dry-run");
  }

  @Test
  void usageErrorsAreOneLineAndExitThree() {
    Cli cli = new Cli();
    Cli.Result none = cli.run().expect(3);
    assertThat(none.err()).contains("which command?");

    Cli.Result unknown = cli.run("status", "--frobnicate").expect(3);
    assertThat(unknown.err().strip()).doesNotContain("\n")
        .contains("Unknown option: '--frobnicate'").contains("status --help");
    assertThat(unknown.out()).isEmpty();

    Cli.Result asJson = cli.run("status", "--json", "--frobnicate").expect(3);
    assertThat(asJson.json()).containsEntry("state", "UNKNOWN").containsEntry("exitCode", 3.0);

    Cli.Result noStore = cli.run("status").expect(3);
    assertThat(noStore.err()).contains("--store").contains("AMOCRM_TOKENS_STORE");

    cli.run("refresh", "--store", "file:" + tmp.resolve("t")).expect(3);        // no --grant / --all
    cli.run("backup", "--from", "file:" + tmp.resolve("t"), "--to", tmp + "/b/").expect(3); // no key
  }

  @Test
  void badStoreUrisFailCleanly() {
    Cli cli = new Cli();
    Cli.Result scheme = cli.run("status", "--store", "ftp://example.org/tokens").expect(3);
    assertThat(scheme.err().strip()).doesNotContain("\n")
        .contains("unknown store URI scheme 'ftp:'").contains("file:").contains("jdbc:");

    Cli.Result noScheme = cli.run("status", "--store", "/var/lib/tokens").expect(3);
    assertThat(noScheme.err()).contains("not a store URI");

    Cli.Result driver = cli.run("status", "--store", "jdbc:oracle:thin:@db:1521/x").expect(3);
    assertThat(driver.err()).contains("no JDBC driver for jdbc:oracle");

    // The password never shows, whatever the URL carries.
    Cli.Result secret = cli.run("status", "--json", "--store",
        "jdbc:postgresql://127.0.0.1:" + freePort() + "/app?user=u&password=SECRET-PW-1234")
        .expect(3);
    assertThat(secret.out() + secret.err()).doesNotContain("SECRET-PW-1234");

    cli.run("migrate", "--from", "file:" + tmp.resolve("a"), "--to", "env:").expect(3);
  }

  @Test
  void unreachableDatabasesAreStoreErrorsNotMissingDrivers() throws IOException {
    Cli cli = new Cli();
    int port = freePort();
    for (String url : List.of("jdbc:postgresql://127.0.0.1:" + port + "/app",
        "jdbc:mysql://127.0.0.1:" + port + "/app", "jdbc:mariadb://127.0.0.1:" + port + "/app")) {
      Cli.Result r = cli.run("status", "--json", "--store", url).expect(3);
      Map<String, Object> doc = r.json();
      assertThat(doc).containsEntry("state", "UNKNOWN");
      assertThat(r.out()).as(url).doesNotContain("no JDBC driver").doesNotContain("No suitable");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> members = (List<Map<String, Object>>) doc.get("members");
      assertThat(members).singleElement().satisfies(m -> {
        assertThat(m).containsEntry("reachable", false).containsEntry("lock", "CLUSTER");
        assertThat((String) m.get("error")).containsIgnoringCase("connect");
      });
    }
  }

  @Test
  void theReauthorizationMessageNamesCommandsThatExist() {
    String message = new ReauthorizationRequiredException(GrantKey.of("example.amocrm.ru"),
        ReauthorizationRequiredException.Reason.REFRESH_TOKEN_REFUSED, null).getMessage();
    Matcher m = Pattern.compile("amocrm-tokens ([a-z-]+)").matcher(message);
    List<String> named = new ArrayList<>();
    while (m.find()) {
      named.add(m.group(1));
    }
    assertThat(named).as("commands named in: %s", message).containsExactly("authorize");

    // The health reasons name commands too: an ageing, a dying and a dead pair, an empty store.
    Path dir = tmp.resolve("reasons");
    io.github.farolero.amocrm.store.file.FileTokenStore store =
        io.github.farolero.amocrm.store.file.FileTokenStore.of(dir);
    java.time.Instant now = java.time.Instant.now();
    int days = 0;
    for (String domain : List.of("aging.amocrm.ru", "dying.amocrm.ru", "dead.amocrm.ru")) {
      days += 40;
      store.write(Fixtures.record(domain, domain, now.minus(java.time.Duration.ofDays(days + 10)),
          1));
    }
    String reasons = new Cli().run("status", "--json", "--store", "file:" + dir).out()
        + new Cli().run("status", "--json", "--store", "file:" + tmp.resolve("none")).out();
    Matcher more = Pattern.compile("amocrm-tokens ([a-z-]+)").matcher(reasons);
    while (more.find()) {
      if (!named.contains(more.group(1))) {
        named.add(more.group(1));
      }
    }
    assertThat(named).contains("authorize", "refresh");
    Cli cli = new Cli();
    for (String command : named) {
      assertThat(cli.run(command, "--help").expect(0).out())
          .contains("Usage: amocrm-tokens " + command);
    }
  }

  @Test
  void theLauncherFindsTheJar() {
    Cli.Result r = new Cli().runBin("--version").expect(0);
    assertThat(r.out()).startsWith("amocrm-tokens ");
  }

  @Test
  void theRunnableJarBundlesDriversAndLoggingTheLibraryJarDoesNot() throws IOException {
    try (JarFile jar = new JarFile(Cli.JAR.toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo(Main.class.getName());
      String drivers = new String(jar.getInputStream(
          jar.getEntry("META-INF/services/java.sql.Driver")).readAllBytes());
      assertThat(drivers).contains("org.postgresql.Driver", "org.mariadb.jdbc.Driver",
          "org.h2.Driver", "org.sqlite.JDBC");
      assertThat(jar.getEntry("org/slf4j/simple/SimpleServiceProvider.class")).isNotNull();
      assertThat(jar.getEntry("picocli/CommandLine.class")).isNotNull();
    }
    Path plain = Cli.JAR.resolveSibling("amocrm-client-cli-"
        + VersionProvider.version() + ".jar");
    try (JarFile jar = new JarFile(plain.toFile())) {
      assertThat(jar.stream().map(e -> e.getName()))
          .noneMatch(n -> n.startsWith("org/slf4j/") || n.startsWith("org/postgresql/"))
          .contains("io/github/farolero/amocrm/cli/Main.class");
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
