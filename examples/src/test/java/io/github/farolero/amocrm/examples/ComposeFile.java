package io.github.farolero.amocrm.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code deploy/docker-compose.yml}, its env-file templates and {@code deploy/Dockerfile}, read
 * as data: what the tests check, and what {@link ComposeProcessesTest} runs as plain processes.
 */
final class ComposeFile {

  final Path deploy;
  final Map<String, Object> root;

  private ComposeFile(Path deploy, Map<String, Object> root) {
    this.deploy = deploy;
    this.root = root;
  }

  /** Reads the compose file of this repository (found upwards from the working directory). */
  static ComposeFile load() {
    Path deploy = repositoryRoot().resolve("deploy");
    try {
      String text = Files.readString(deploy.resolve("docker-compose.yml"));
      // SafeConstructor: plain maps, lists and scalars only, as a compose file holds.
      Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
      return new ComposeFile(deploy, map(parsed, "the compose file"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isRegularFile(dir.resolve("deploy/docker-compose.yml"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no deploy/docker-compose.yml above "
        + Path.of("").toAbsolutePath());
  }

  String text() {
    try {
      return Files.readString(deploy.resolve("docker-compose.yml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Map<String, Object> services() {
    return map(root.get("services"), "services");
  }

  Map<String, Object> service(String name) {
    return map(services().get(name), "service " + name);
  }

  /** The service's {@code environment}, in either of compose's forms (map or KEY=VALUE list). */
  Map<String, String> environment(String service) {
    Object env = service(service).get("environment");
    Map<String, String> out = new LinkedHashMap<>();
    if (env instanceof Map<?, ?> m) {
      m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? null : String.valueOf(v)));
    } else if (env instanceof List<?> l) {
      for (Object o : l) {
        String s = String.valueOf(o);
        int eq = s.indexOf('=');
        out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
      }
    }
    return out;
  }

  /** The service's env files, as compose names them (relative to deploy/). */
  List<String> envFiles(String service) {
    Object files = service(service).get("env_file");
    List<String> out = new ArrayList<>();
    if (files instanceof String s) {
      out.add(s);
    } else if (files instanceof List<?> l) {
      for (Object o : l) {
        out.add(o instanceof Map<?, ?> m ? String.valueOf(m.get("path")) : String.valueOf(o));
      }
    }
    return out;
  }

  /**
   * The variables an env file's committed template ({@code <file>.example}) sets, with the
   * template's values (blank for secrets).
   */
  Map<String, String> envTemplate(String envFile) {
    Path template = deploy.resolve(envFile + ".example");
    Map<String, String> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(template)) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        int eq = t.indexOf('=');
        if (eq < 0) {
          throw new IllegalStateException(template + ": not KEY=VALUE: " + t);
        }
        out.put(t.substring(0, eq), t.substring(eq + 1));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Every variable the service gets: its env files' templates, then its environment. */
  Map<String, String> providedVariables(String service) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String f : envFiles(service)) {
      out.putAll(envTemplate(f));
    }
    out.putAll(environment(service));
    return out;
  }

  /** The service's volume mounts: target path → named volume (or host path). */
  Map<String, String> mounts(String service) {
    Map<String, String> out = new LinkedHashMap<>();
    Object volumes = service(service).get("volumes");
    if (volumes instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof String s) {
          String[] parts = s.split(":");
          out.put(parts[1], parts[0]);
        } else if (o instanceof Map<?, ?> m) {
          out.put(String.valueOf(m.get("target")), String.valueOf(m.get("source")));
        }
      }
    }
    return out;
  }

  /** The named volumes declared at the top level. */
  Map<String, Object> namedVolumes() {
    return map(root.get("volumes"), "volumes");
  }

  /** The service's health check as one shell command (CMD-SHELL, or CMD words joined). */
  String healthcheck(String service) {
    Map<String, Object> hc = map(service(service).get("healthcheck"), service + " healthcheck");
    Object test = hc.get("test");
    if (test instanceof String s) {
      return s;
    }
    List<?> words = (List<?>) test;
    String kind = String.valueOf(words.get(0));
    if (kind.equals("CMD-SHELL")) {
      return String.valueOf(words.get(1));
    }
    if (!kind.equals("CMD")) {
      throw new IllegalStateException("healthcheck test of " + service + " is " + kind);
    }
    List<String> rest = new ArrayList<>();
    for (Object w : words.subList(1, words.size())) {
      rest.add(String.valueOf(w));
    }
    return String.join(" ", rest);
  }

  /** The service's command (entrypoint and command joined), with compose's "$$" undone. */
  String command(String service) {
    Map<String, Object> s = service(service);
    List<String> words = new ArrayList<>();
    for (String k : List.of("entrypoint", "command")) {
      Object v = s.get(k);
      if (v instanceof String str) {
        words.add(str);
      } else if (v instanceof List<?> l) {
        l.forEach(o -> words.add(String.valueOf(o)));
      }
    }
    return String.join(" ", words).replace("$$", "$");
  }

  /**
   * The first {@code amocrm-tokens <subcommand> ...} in a shell command, as words, up to the
   * end of that simple command ({@code ||}, {@code ;}, {@code &&}, a pipe or the end).
   */
  static List<String> cliCall(String shell, String subcommand) {
    Matcher m = Pattern.compile("amocrm-tokens\\s+" + Pattern.quote(subcommand) + "\\b[^;|&]*")
        .matcher(shell);
    if (!m.find()) {
      throw new IllegalStateException("no 'amocrm-tokens " + subcommand + "' in: " + shell);
    }
    List<String> words = new ArrayList<>(List.of(m.group().strip().split("\\s+")));
    return words;
  }

  /** The values of a repeated option in a command's words ({@code --store A --store B}). */
  static List<String> option(List<String> words, String name) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < words.size() - 1; i++) {
      if (words.get(i).equals(name)) {
        values.add(words.get(i + 1));
      }
    }
    return values;
  }

  /** The Dockerfile's lines, continuation lines joined. */
  List<String> dockerfile() {
    try {
      List<String> out = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      for (String line : Files.readAllLines(deploy.resolve("Dockerfile"))) {
        String t = line.strip();
        if (cur.length() == 0 && (t.isEmpty() || t.startsWith("#"))) {
          continue;
        }
        if (t.endsWith("\\")) {
          cur.append(t, 0, t.length() - 1).append(' ');
        } else {
          out.add(cur.append(t).toString());
          cur.setLength(0);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file of deploy/ without its blank and comment lines. */
  List<String> lines(String name) {
    try {
      List<String> out = new ArrayList<>();
      for (String line : Files.readAllLines(deploy.resolve(name))) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(t);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Dockerfile's exec-form ENTRYPOINT, as words. */
  List<String> entrypoint() {
    for (String line : dockerfile()) {
      if (line.startsWith("ENTRYPOINT ")) {
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions()))
            .load(line.substring("ENTRYPOINT ".length()));
        List<String> words = new ArrayList<>();
        ((List<?>) parsed).forEach(o -> words.add(String.valueOf(o)));
        return words;
      }
    }
    throw new IllegalStateException("no ENTRYPOINT in the Dockerfile");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o, String what) {
    if (!(o instanceof Map)) {
      throw new IllegalStateException(what + " is not a mapping: " + o);
    }
    return (Map<String, Object>) o;
  }
}
