package io.github.farolero.amocrm.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs an example's {@code main} and returns what it printed (and prints it again for logs). */
final class ExampleOutput {
  interface Main {
    void run(String[] args) throws Exception;
  }

  private ExampleOutput() {}

  static String of(Main main) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      main.run(new String[0]);
    } finally {
      System.setOut(original);
    }
    String text = out.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    return text;
  }
}
