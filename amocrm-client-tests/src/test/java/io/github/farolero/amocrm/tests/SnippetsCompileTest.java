package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Snippets that cannot rot: every {@code ```java} block of the README, its Russian twin, the
 * modules' READMEs and docs/ is compiled against the modules, so a renamed method breaks the
 * build, not a user. A block's leading {@code import} lines are its imports; the rest is the body
 * of a method of a {@link SnippetContext} subclass (which supplies the app's own names, such as
 * {@code store} or {@code sync(lead)}).
 */
class SnippetsCompileTest {

  /** A fenced block: where it is, and its lines. */
  record Snippet(Path file, int line, List<String> lines) {
    String where() {
      return file + ":" + line;
    }
  }

  @Test
  void everyJavaSnippetInTheDocumentationCompiles() throws IOException {
    List<Snippet> snippets = new ArrayList<>();
    for (Path doc : documents()) {
      snippets.addAll(extract(doc));
    }
    assertThat(snippets).as("snippets found").hasSizeGreaterThan(10);
    List<String> errors = compile(snippets);
    assertThat(errors).as("snippets that do not compile").isEmpty();
    System.out.println("compiled " + snippets.size() + " snippets from " + documents().size()
        + " documents");
  }

  /** The negative control: a snippet that calls a method that does not exist is caught. */
  @Test
  void aSnippetCallingAMethodThatDoesNotExistFailsTheCheck() {
    Snippet bad = new Snippet(Path.of("README.md"), 42, List.of(
        "import io.github.farolero.amocrm.AmoCrmClient;",
        "",
        "AmoCrmClient c = AmoCrmClient.builder().accountDomain(\"x.amocrm.ru\").noSuchSetting();"));
    List<String> errors = compile(List.of(bad));
    assertThat(errors).singleElement().asString().startsWith("README.md:44")
        .contains("noSuchSetting");
  }

  private static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("amocrm-client-core"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("the repository's root was not found above "
          + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private static List<Path> documents() throws IOException {
    Path root = root();
    List<Path> docs = new ArrayList<>();
    for (String name : List.of("README.md", "README.ru.md", "CONTRIBUTING.md")) {
      if (Files.exists(root.resolve(name))) {
        docs.add(root.resolve(name));
      }
    }
    try (Stream<Path> modules = Files.list(root)) {
      modules.map(m -> m.resolve("README.md")).filter(Files::exists).sorted().forEach(docs::add);
    }
    try (Stream<Path> d = Files.list(root.resolve("docs"))) {
      d.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    return docs;
  }

  static List<Snippet> extract(Path doc) throws IOException {
    List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
    List<Snippet> out = new ArrayList<>();
    Path relative = root().relativize(doc);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("```java")) {
        int start = i + 1;
        List<String> block = new ArrayList<>();
        for (i = start; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
          block.add(lines.get(i));
        }
        out.add(new Snippet(relative, start + 1, block));
      }
    }
    return out;
  }

  /** Compiles the snippets together; returns one line per error, at the document's line. */
  static List<String> compile(List<Snippet> snippets) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<JavaFileObject> sources = new ArrayList<>();
    List<int[]> offsets = new ArrayList<>(); // per source: the generated line of the body's start
    for (int n = 0; n < snippets.size(); n++) {
      Snippet s = snippets.get(n);
      int split = 0;
      while (split < s.lines().size() && (s.lines().get(split).startsWith("import ")
          || s.lines().get(split).isBlank())) {
        split++;
      }
      StringBuilder src = new StringBuilder("package snippets;\n");
      for (String imp : s.lines().subList(0, split)) {
        src.append(imp).append('\n');
      }
      src.append("class Snippet").append(n)
          .append(" extends io.github.farolero.amocrm.tests.SnippetContext {\n")
          .append("void run() throws Exception {\n");
      int bodyStart = (int) src.chars().filter(c -> c == '\n').count() + 1;
      for (String line : s.lines().subList(split, s.lines().size())) {
        src.append(line).append('\n');
      }
      src.append("}\n}\n");
      offsets.add(new int[] {bodyStart, split});
      String source = src.toString();
      sources.add(new SimpleJavaFileObject(
          URI.create("string:///snippets/Snippet" + n + ".java"), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return source;
        }
      });
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
        StandardCharsets.UTF_8)) {
      Path out = Files.createTempDirectory("snippets");
      List<String> options = List.of("-classpath", System.getProperty("java.class.path"),
          "-d", out.toString(), "-proc:none", "--release", "17");
      javac.getTask(null, files, diagnostics, options, null, sources).call();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() != Diagnostic.Kind.ERROR) {
        continue;
      }
      String name = d.getSource().getName();
      int n = Integer.parseInt(name.replaceAll(".*Snippet(\\d+)\\.java", "$1"));
      Snippet s = snippets.get(n);
      int generated = (int) d.getLineNumber();
      int[] off = offsets.get(n);
      // Imports sit on lines 2..; the body from bodyStart on.
      int docLine = generated >= off[0] ? s.line() + off[1] + (generated - off[0])
          : s.line() + (generated - 2);
      errors.add(s.file() + ":" + docLine + ": " + d.getMessage(Locale.ROOT)
          .lines().collect(Collectors.joining(" ")));
    }
    return errors;
  }
}
