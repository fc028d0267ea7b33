package io.github.farolero.amocrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/docker-compose.yml} read with a YAML parser (no Docker engine in the build): the
 * services, the volumes where the app and the jobs look, the health check and the backup job
 * over the very stores the app uses, every variable the app reads provided, no secret in it.
 */
class ComposeFileTest {

  private final ComposeFile compose = ComposeFile.load();

  @Test
  void runsTheAppItsDatabaseAndABackupJob() {
    assertThat(compose.services()).containsOnlyKeys("app", "db", "backup");
    assertThat(String.valueOf(compose.service("db").get("image"))).startsWith("postgres:");

    Map<?, ?> build = (Map<?, ?>) compose.service("app").get("build");
    assertThat(build.get("context")).isEqualTo("..");
    assertThat(build.get("dockerfile")).isEqualTo("deploy/Dockerfile");
    assertThat(Files.isRegularFile(compose.deploy.resolve("Dockerfile"))).isTrue();
    assertThat(compose.service("backup").get("image"))
        .as("the backup job runs the app's image, which holds the CLI")
        .isEqualTo(compose.service("app").get("image"));

    Map<?, ?> dependsOn = (Map<?, ?>) compose.service("app").get("depends_on");
    assertThat(((Map<?, ?>) dependsOn.get("db")).get("condition")).isEqualTo("service_healthy");
    assertThat(compose.service("db")).containsKey("healthcheck");
    assertThat(compose.service("app").get("restart")).isEqualTo("unless-stopped");
  }

  @Test
  void namedVolumesAreMountedWhereTheAppAndTheJobsLook() {
    Map<String, String> app = compose.environment("app");
    String tokensPath = app.get("TOKENS_PATH");
    assertThat(tokensPath).isEqualTo("/data/tokens");
    assertThat(compose.mounts("app")).containsEntry(tokensPath, "tokens");
    assertThat(compose.mounts("db")).containsEntry("/var/lib/postgresql/data", "pgdata");
    List<String> backup = ComposeFile.cliCall(compose.command("backup"), "backup");
    String backupDir = ComposeFile.option(backup, "--to").get(0);
    assertThat(compose.mounts("backup")).containsEntry(backupDir, "backups");
    assertThat(compose.namedVolumes()).containsOnlyKeys("tokens", "pgdata", "backups");

    // A new named volume starts as a copy of the image's directory, owner and mode included;
    // FileTokenStore refuses a directory open to group or others.
    String run = compose.dockerfile().stream().filter(l -> l.startsWith("RUN groupadd"))
        .findFirst().orElseThrow();
    assertThat(run).contains("mkdir -p", tokensPath, backupDir)
        .contains("chown app:app " + tokensPath + " " + backupDir)
        .contains("chmod 700 " + tokensPath + " " + backupDir);
  }

  @Test
  void everyVariableTheAppReadsIsProvidedAndNoneItIgnores() {
    Map<String, String> given = compose.providedVariables("app");
    assertThat(given.keySet()).containsAll(ComposeSyncApp.REQUIRED);
    Set<String> known = new TreeSet<>(ComposeSyncApp.REQUIRED);
    known.addAll(ComposeSyncApp.OPTIONAL);
    assertThat(known).as("a variable the app does not read is a typo or a leftover")
        .containsAll(given.keySet());

    // The compose file's values (with the templates' blanks filled in) are what the app accepts.
    Map<String, String> filled = new HashMap<>(given);
    filled.replaceAll((k, v) -> v == null || v.isBlank() ? "x" : v);
    ComposeSyncApp.Settings settings = ComposeSyncApp.Settings.from(filled);
    assertThat(settings.tokensPath().toString()).isEqualTo(given.get("TOKENS_PATH"));
    assertThat(settings.interval()).hasMinutes(5);
  }

  @Test
  void theHealthCheckIsAStatusOfTheStoresTheAppUses() {
    Map<String, String> app = compose.environment("app");
    String shell = compose.healthcheck("app");
    List<String> status = ComposeFile.cliCall(shell, "status");
    assertThat(ComposeFile.option(status, "--store")).containsExactly(
        "file:" + app.get("TOKENS_PATH"), app.get("AMOCRM_DB_URL"));
    // The token files are encrypted with the key the app reads; status needs it to read them.
    assertThat(ComposeFile.option(status, "--key-env")).containsExactly("AMOCRM_TOKENS_KEY");
    assertThat(compose.providedVariables("app"))
        .containsKeys("AMOCRM_TOKENS_KEY", "AMOCRM_DB_USER", "AMOCRM_DB_PASSWORD");
    // Docker counts any non-zero exit as a failure but reserves 2: WARN, CRITICAL and UNKNOWN
    // are all reported as 1.
    assertThat(shell.strip()).endsWith("|| exit 1");
  }

  @Test
  void theDatabaseUrlUserAndPasswordMatchTheDatabaseService() {
    Map<String, String> app = compose.environment("app");
    URI url = URI.create(app.get("AMOCRM_DB_URL").substring("jdbc:".length()));
    Map<String, String> db = compose.providedVariables("db");
    assertThat(url.getScheme()).isEqualTo("postgresql");
    assertThat(compose.services()).containsKey(url.getHost());
    assertThat(url.getPort()).isEqualTo(5432);
    assertThat(url.getPath()).isEqualTo("/" + db.get("POSTGRES_DB"));
    assertThat(app.get("AMOCRM_DB_USER")).isEqualTo(db.get("POSTGRES_USER"));
    assertThat(compose.environment("db")).doesNotContainKey("POSTGRES_PASSWORD");
    assertThat(db).containsKey("POSTGRES_PASSWORD"); // from db.env
  }

  @Test
  void theBackupJobBacksUpTheDatabaseOnASchedule() {
    String shell = compose.command("backup");
    List<String> backup = ComposeFile.cliCall(shell, "backup");
    assertThat(ComposeFile.option(backup, "--from"))
        .containsExactly(compose.environment("app").get("AMOCRM_DB_URL"));
    assertThat(ComposeFile.option(backup, "--keep")).containsExactly("14");
    assertThat(shell).startsWith("/bin/sh -c while :; do").contains("sleep").endsWith("done");
    assertThat(compose.providedVariables("backup"))
        .containsKeys("AMOCRM_DB_USER", "AMOCRM_DB_PASSWORD", "AMOCRM_TOKENS_KEY",
            "BACKUP_EVERY_SECONDS");
    assertThat(compose.environment("backup").get("AMOCRM_DB_USER"))
        .isEqualTo(compose.environment("app").get("AMOCRM_DB_USER"));
  }

  @Test
  void noSecretIsWrittenInTheComposeFileOrTheTemplates() {
    Pattern secretName = Pattern.compile(
        "PASSWORD|SECRET|TOKENS_KEY|ACCESS_TOKEN|REFRESH_TOKEN|LONG_LIVED_TOKEN");
    for (String service : compose.services().keySet()) {
      assertThat(compose.environment(service).keySet())
          .as("secrets of %s come from an env file, not the compose file", service)
          .noneMatch(k -> secretName.matcher(k).find());
      for (String file : compose.envFiles(service)) {
        Map<String, String> secrets = new LinkedHashMap<>();
        compose.envTemplate(file).forEach((k, v) -> {
          if (secretName.matcher(k).find()) {
            secrets.put(k, v);
          }
        });
        assertThat(secrets).as("secrets in %s.example", file).allSatisfy(
            (k, v) -> assertThat(v).as(k).isEmpty());
      }
    }
    String text = compose.text();
    assertThat(text).doesNotContain("eyJ"); // a JWT: an access or long-lived token
    assertThat(Pattern.compile("[A-Za-z0-9+/]{43}=").matcher(text).find())
        .as("a base64 AES-256 key").isFalse();
    assertThat(ComposeSyncApp.SECRETS).allMatch(k -> secretName.matcher(k).find());

    // The filled-in env files are never committed.
    List<String> ignored = List.of(readGitignore().split("\\R"));
    for (String service : compose.services().keySet()) {
      assertThat(ignored).containsAll(compose.envFiles(service));
    }
  }

  @Test
  void theImageRunsComposeSyncAppAndHoldsTheCli() {
    List<String> entrypoint = compose.entrypoint();
    assertThat(entrypoint.get(0)).isEqualTo("java");
    assertThat(entrypoint.get(entrypoint.size() - 1)).isEqualTo(ComposeSyncApp.class.getName());
    List<String> lines = compose.dockerfile();
    assertThat(lines.get(0)).isEqualTo("FROM eclipse-temurin:17-jre");
    assertThat(lines).contains("COPY examples/target/lib/ /app/lib/",
        "COPY amocrm-client-cli/target/amocrm-tokens.jar /opt/amocrm-tokens/amocrm-tokens.jar",
        "USER app");
    assertThat(String.join("\n", lines)).contains("/usr/local/bin/amocrm-tokens");

    // The build context is the repository root: only what the image copies goes to the daemon,
    // never the env files with the secrets.
    List<String> ignore = compose.lines("Dockerfile.dockerignore");
    assertThat(ignore.get(0)).isEqualTo("*");
    assertThat(ignore.subList(1, ignore.size())).containsExactlyInAnyOrder(
        "!examples/target/lib/", "!examples/target/examples-*.jar",
        "!amocrm-client-cli/target/amocrm-tokens.jar");
  }

  private String readGitignore() {
    try {
      return Files.readString(compose.deploy.resolve(".gitignore"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
