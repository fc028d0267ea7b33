package io.github.farolero.amocrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.file.FileTokenStore;
import io.github.farolero.amocrm.store.jdbc.JdbcTokenStore;
import io.github.farolero.amocrm.testkit.IssuedTokens;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The commands {@code deploy/docker-compose.yml} runs, run here as plain processes (there is no
 * Docker engine in the build): the Dockerfile's ENTRYPOINT as a child JVM with the app service's
 * environment, its database an embedded PostgreSQL in place of {@code db:5432}, its amoCRM a
 * {@link MockAmoCrmServer} through {@code AMOCRM_BASE_URL}; three deploys, the second of which
 * lost the token volume and the third the database. The health check's and the backup job's
 * {@code amocrm-tokens} commands run too when the CLI's jar has been built.
 */
class ComposeProcessesTest {

  /** Where the compose file's database lives; replaced by the embedded one here. */
  private static final String COMPOSE_DB_URL = "jdbc:postgresql://db:5432/app";
  private static final String DB_PASSWORD = "compose-test-password";
  private static final Path CLI_JAR =
      ComposeFile.repositoryRoot().resolve("amocrm-client-cli/target/amocrm-tokens.jar");

  private static EmbeddedPostgres postgres;

  @TempDir Path tmp;

  private final ComposeFile compose = ComposeFile.load();

  @BeforeAll
  static void startDatabase() throws Exception {
    postgres = EmbeddedPostgres.builder()
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("fsync", "off")
        .setPGStartupWait(Duration.ofSeconds(120))
        .start();
    // What the postgres image makes of POSTGRES_USER=app, POSTGRES_DB=app, POSTGRES_PASSWORD.
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE ROLE app LOGIN PASSWORD '" + DB_PASSWORD + "'");
      st.execute("CREATE DATABASE app OWNER app");
    }
  }

  @AfterAll
  static void stopDatabase() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theAppRunsFromTheComposeEnvironmentAndOutlivesALostVolumeAndALostDatabase()
      throws Exception {
    try (MockAmoCrmServer amo = MockAmoCrmServer.start()) {
      amo.seedLeads(600);
      IssuedTokens seed = amo.issueTokens();
      Map<String, String> env = appEnvironment(amo, seed);
      Path tokens = Path.of(env.get("TOKENS_PATH"));
      GrantKey grant = amo.grantKey();
      Path file = FileTokenStore.of(tokens).fileOf(grant);

      // Deploy 1: empty volume, empty database, the seed in the environment.
      newVolume(tokens);
      AppRun first = deploy(env);
      assertThat(first.pass).contains("(" + grant + "), 600 leads in all");
      assertThat(Files.exists(file)).as("the seed copied into the volume").isTrue();
      String stored = Files.readString(file);
      assertThat(stored).as("encrypted at rest")
          .doesNotContain(seed.accessToken()).doesNotContain(seed.refreshToken());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      assertThat(databaseVersion(grant)).as("the seed copied into the database").isPositive();

      // Deploy 2: the token volume was lost; the database serves and the volume is repaired.
      newVolume(tokens);
      AppRun second = deploy(env);
      assertThat(second.pass).contains("600 leads in all");
      assertThat(second.stderr).contains("repaired " + grant + " in token store file:");
      assertThat(Files.exists(file)).isTrue();

      // Deploy 3: the database was lost; the volume serves and the table and row are repaired.
      try (Connection c = appDatabase().getConnection(); Statement st = c.createStatement()) {
        st.execute("DROP TABLE " + JdbcTokenStore.DEFAULT_TABLE);
      }
      AppRun third = deploy(env);
      assertThat(third.pass).contains("600 leads in all");
      assertThat(third.stderr).contains("repaired " + grant + " in token store jdbc:");
      assertThat(databaseVersion(grant)).isPositive();

      assertThat(amo.codeExchanges()).as("no re-authorization").isZero();
      assertThat(amo.refreshCalls()).as("a fresh seed is not refreshed").isZero();
      assertThat(amo.unauthorizedApiCalls()).isZero();
    }
  }

  @Test
  void theHealthCheckAndTheBackupJobRunAgainstTheAppsStores() throws Exception {
    if (!Files.isRegularFile(CLI_JAR)) {
      String why = CLI_JAR + " is missing: the health check's and the backup job's"
          + " amocrm-tokens commands run once the amocrm-client-cli module is built (mvn -B -pl"
          + " amocrm-client-cli -am package -DskipTests)";
      System.out.println("ComposeProcessesTest: health check and backup job SKIPPED: " + why);
      Assumptions.abort("SKIPPED: " + why);
    }
    try (MockAmoCrmServer amo = MockAmoCrmServer.start()) {
      IssuedTokens seed = amo.issueTokens();
      Map<String, String> env = appEnvironment(amo, seed);
      newVolume(Path.of(env.get("TOKENS_PATH")));
      deploy(env);

      // `amocrm-tokens` on the PATH, as the image has it; the same shell command as the check.
      Path bin = Files.createDirectories(tmp.resolve("bin"));
      Path launcher = bin.resolve("amocrm-tokens");
      Files.writeString(launcher, "#!/bin/sh\nexec '" + javaBin() + "' -jar '" + CLI_JAR
          + "' \"$@\"\n");
      launcher.toFile().setExecutable(true);
      Map<String, String> shellEnv = new LinkedHashMap<>(env);
      shellEnv.put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));

      Shell health = shell(localize(compose.healthcheck("app"), env), shellEnv);
      assertThat(health.exitCode).as("healthy: %s", health.output).isZero();

      Path backups = Files.createDirectories(tmp.resolve("backups"));
      String backup = String.join(" ", ComposeFile.cliCall(compose.command("backup"), "backup"));
      Shell run = shell(localize(backup, env).replace("--to /backups", "--to " + backups),
          shellEnv);
      assertThat(run.exitCode).as("backup: %s", run.output).isZero();
      try (var files = Files.list(backups)) {
        assertThat(files.count()).as("one bundle").isEqualTo(1);
      }

      // The database gone: the lock member is unreachable, CRITICAL, reported to Docker as 1.
      Map<String, String> down = new LinkedHashMap<>(shellEnv);
      String downUrl = "jdbc:postgresql://127.0.0.1:1/app";
      Shell sick = shell(compose.healthcheck("app").replace(COMPOSE_DB_URL, downUrl)
          .replace("file:/data/tokens", "file:" + env.get("TOKENS_PATH")), down);
      assertThat(sick.exitCode).as("unhealthy: %s", sick.output).isEqualTo(1);
    }
  }

  // -----------------------------------------------------------------------------------------

  /**
   * The app service's environment: the compose file's {@code environment}, the env file's
   * variables filled in as an operator would (the integration, the key, the password, the
   * seed), the database pointed at the embedded PostgreSQL and amoCRM at the mock.
   */
  private Map<String, String> appEnvironment(MockAmoCrmServer amo, IssuedTokens seed) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    Map<String, String> template = new LinkedHashMap<>();
    for (String f : compose.envFiles("app")) {
      template.putAll(compose.envTemplate(f));
    }
    Map<String, String> operator = Map.of(
        "AMOCRM_DOMAIN", amo.accountDomain(),
        "AMOCRM_CLIENT_ID", amo.clientId(),
        "AMOCRM_CLIENT_SECRET", amo.clientSecret(),
        "AMOCRM_REDIRECT_URI", amo.redirectUri(),
        "AMOCRM_BASE_URL", amo.baseUrl().toString(),
        "AMOCRM_TOKENS_KEY", TokenCipher.generateBase64Key(),
        "AMOCRM_DB_PASSWORD", DB_PASSWORD,
        "AMOCRM_ACCESS_TOKEN", seed.accessToken(),
        "AMOCRM_REFRESH_TOKEN", seed.refreshToken(),
        "AMOCRM_TOKEN_EXPIRES_AT", Long.toString(seed.expiresAt().getEpochSecond()));
    assertThat(template).as("the template names what the operator fills in")
        .containsKeys(operator.keySet().toArray(String[]::new));
    template.forEach((k, v) -> env.put(k, operator.getOrDefault(k, v)));
    compose.environment("app").forEach((k, v) -> env.put(k, localize(v, null)));
    env.put("TOKENS_PATH", tmp.resolve("volumes/tokens").toString());
    return env;
  }

  /** The compose file's host names and paths, as they are here. */
  private String localize(String text, Map<String, String> env) {
    String out = text.replace(COMPOSE_DB_URL, localDbUrl());
    if (env != null) {
      out = out.replace("file:/data/tokens", "file:" + env.get("TOKENS_PATH"));
    }
    return out;
  }

  private static String localDbUrl() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/app";
  }

  private static DataSource appDatabase() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setUrl(localDbUrl());
    ds.setUser("app");
    ds.setPassword(DB_PASSWORD);
    return ds;
  }

  private static long databaseVersion(GrantKey key) throws SQLException {
    try (Connection c = appDatabase().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT version FROM "
            + JdbcTokenStore.DEFAULT_TABLE + " WHERE grant_key = ? AND access_token IS NOT NULL")) {
      ps.setString(1, key.id());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }

  /** A new named volume: the image's directory, empty, owned by the app, mode 0700. */
  private static void newVolume(Path dir) throws IOException {
    TempDirectory.delete(dir);
    Files.createDirectories(dir.getParent());
    Files.createDirectory(dir,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  /** What one deploy of the app printed until its first pass, and after SIGTERM. */
  private record AppRun(String pass, String stderr) {}

  /**
   * Starts the Dockerfile's ENTRYPOINT (this JVM's java and classpath in place of the image's),
   * waits for its first pass, stops it as {@code docker stop} does (SIGTERM) and returns what
   * it said.
   */
  private AppRun deploy(Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>(compose.entrypoint());
    command.set(0, javaBin());
    int cp = command.indexOf("-cp");
    command.set(cp + 1, System.getProperty("java.class.path"));
    Path stdout = Files.createTempFile(tmp, "app-", ".out");
    Path stderr = Files.createTempFile(tmp, "app-", ".err");
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    try {
      String pass = awaitLine(stdout, "compose-sync: pass 1", p, stderr);
      p.destroy(); // SIGTERM, as docker stop sends
      assertThat(p.waitFor(40, TimeUnit.SECONDS)).as("stopped within docker's grace").isTrue();
      List<String> lines = Files.readAllLines(stdout);
      lines.forEach(l -> System.out.println("[app] " + l));
      assertThat(lines).as("a clean stop; stderr: %s", Files.readString(stderr))
          .contains("compose-sync: stopped");
      return new AppRun(pass, Files.readString(stderr));
    } finally {
      p.destroyForcibly();
    }
  }

  private static String awaitLine(Path stdout, String prefix, Process p, Path stderr)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (String line : Files.readAllLines(stdout)) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the app did not print '" + prefix + "'; stdout: "
        + Files.readString(stdout) + "\nstderr: " + Files.readString(stderr));
  }

  private record Shell(int exitCode, String output) {}

  private Shell shell(String command, Map<String, String> env) throws Exception {
    System.out.println("[sh] " + command);
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true);
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    System.out.print(out);
    return new Shell(p.exitValue(), out);
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
