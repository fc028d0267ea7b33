package io.github.farolero.amocrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.health.HealthReason;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docs/operations.md and its Russian translation: the Kubernetes snippets are YAML, every
 * {@code amocrm-tokens} command uses only the CLI's documented commands and options, both
 * languages give the very same commands, and every health reason code of the library is
 * explained in both.
 */
class OperationsDocTest {

  private static final Set<String> COMMANDS =
      Set.of("status", "verify", "refresh", "authorize", "migrate", "backup", "restore");
  private static final Set<String> OPTIONS = Set.of("--store", "--key-env", "--json", "--all",
      "--from", "--to", "--keep", "--force", "--dry-run", "--long-lived", "--help",
      "--from-key-env", "--to-key-env", "--db-key-env", "--grant", "--single-host");

  private static final Path DOCS = ComposeFile.repositoryRoot().resolve("docs");

  /** A fenced code block: its language tag (maybe empty) and text. */
  private record Block(String lang, String text) {}

  @Test
  void theKubernetesSnippetsAreCronJobsRunningTheCli() throws IOException {
    for (String doc : List.of("operations.md", "operations.ru.md")) {
      int jobs = 0;
      for (Block b : blocks(doc)) {
        if (!b.lang.equals("yaml")) {
          continue;
        }
        for (Object o : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(b.text)) {
          Map<?, ?> job = (Map<?, ?>) o;
          assertThat(job.get("kind")).isEqualTo("CronJob");
          assertThat(job.get("apiVersion")).isEqualTo("batch/v1");
          Map<?, ?> pod = (Map<?, ?>) at(job, "spec", "jobTemplate", "spec", "template", "spec");
          assertThat(pod.get("restartPolicy")).isEqualTo("Never");
          for (Object c : (List<?>) pod.get("containers")) {
            List<String> command = new ArrayList<>();
            ((List<?>) ((Map<?, ?>) c).get("command")).forEach(w -> command.add(w.toString()));
            assertThat(command.get(0)).isEqualTo("amocrm-tokens");
            assertKnown(command, doc);
          }
          jobs++;
        }
      }
      assertThat(jobs).as("%s: keep-alive, backup and status jobs", doc).isEqualTo(3);
    }
  }

  @Test
  void everyCommandIsOneTheCliHasAndBothLanguagesGiveTheSameOnes() throws IOException {
    Set<String> english = commandLines("operations.md");
    Set<String> russian = commandLines("operations.ru.md");
    assertThat(english).isNotEmpty();
    assertThat(russian).isEqualTo(english);
    for (String line : english) {
      Matcher m = Pattern.compile("amocrm-tokens((?:\\s+[^\\s;|&\"]+)*)").matcher(line);
      while (m.find()) {
        List<String> words = new ArrayList<>(List.of(m.group().split("\\s+")));
        if (words.size() > 1 && !words.get(1).startsWith("$")) {
          assertKnown(words, line);
        }
      }
    }
  }

  @Test
  void everyHealthReasonCodeIsExplainedInBothLanguages() throws Exception {
    List<String> codes = new ArrayList<>();
    for (Field f : HealthReason.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        codes.add((String) f.get(null));
      }
    }
    assertThat(codes).hasSizeGreaterThan(15);
    for (String doc : List.of("operations.md", "operations.ru.md")) {
      String text = Files.readString(DOCS.resolve(doc));
      for (String code : codes) {
        assertThat(text).as("%s explains %s", doc, code).contains("| `" + code + "` |");
      }
    }
  }

  /** Lines of tagged code blocks that run the CLI, trailing comments cut. */
  private static Set<String> commandLines(String doc) throws IOException {
    Set<String> out = new TreeSet<>();
    for (Block b : blocks(doc)) {
      if (b.lang.isEmpty()) {
        continue; // a diagram, not commands
      }
      for (String line : b.text.split("\\R")) {
        String code = line.replaceFirst("\\s+#\\s.*$", "").strip();
        if (code.contains("amocrm-tokens ") && !code.startsWith("#")) {
          out.add(code);
        }
      }
    }
    return out;
  }

  private static void assertKnown(List<String> words, String where) {
    if (!words.get(1).equals("--help")) {
      assertThat(COMMANDS).as("the command in %s", where).contains(words.get(1));
    }
    for (String w : words) {
      if (w.startsWith("--")) {
        assertThat(OPTIONS).as("an option in %s", where).contains(w);
      }
    }
  }

  private static List<Block> blocks(String doc) throws IOException {
    List<Block> out = new ArrayList<>();
    String lang = null;
    StringBuilder text = new StringBuilder();
    for (String line : Files.readAllLines(DOCS.resolve(doc))) {
      String t = line.strip();
      if (t.startsWith("```")) {
        if (lang == null) {
          lang = t.substring(3).strip();
          text.setLength(0);
        } else {
          out.add(new Block(lang, text.toString()));
          lang = null;
        }
      } else if (lang != null) {
        text.append(line).append('\n');
      }
    }
    assertThat(lang).as("%s: an unclosed code block", doc).isNull();
    return out;
  }

  private static Object at(Map<?, ?> map, String... path) {
    Object cur = map;
    for (String p : path) {
      cur = ((Map<?, ?>) cur).get(p);
    }
    return cur;
  }
}
