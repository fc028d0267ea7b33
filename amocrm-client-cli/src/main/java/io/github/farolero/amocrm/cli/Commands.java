package io.github.farolero.amocrm.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;

/** Wires picocli: commands get the {@link Context}; every failure becomes one line and exit 3. */
final class Commands {

  private Commands() {}

  static int execute(Context ctx, String[] args) {
    CommandLine cl = new CommandLine(new AmocrmTokens(ctx), new Factory(ctx));
    cl.setOut(new PrintWriter(ctx.out, true));
    cl.setErr(new PrintWriter(ctx.err, true));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setUsageHelpWidth(100);
    boolean json = Arrays.asList(args).contains("--json");
    cl.setParameterExceptionHandler((ex, ignored) -> {
      String name = ex.getCommandLine().getCommandSpec().qualifiedName();
      return fail(ctx, name, Errors.oneLine(String.valueOf(ex.getMessage()))
          + " (see " + name + " --help)", CliException.UNKNOWN, json);
    });
    cl.setExecutionExceptionHandler((ex, command, parseResult) -> {
      String name = command.getCommandSpec().qualifiedName();
      if (ex instanceof CliException c) {
        return fail(ctx, name, String.valueOf(c.getMessage()), c.exitCode(), json);
      }
      if (Arrays.asList(args).contains("--verbose")) {
        ex.printStackTrace(ctx.err);
      }
      return fail(ctx, name, Errors.describe(ex), CliException.UNKNOWN, json);
    });
    return cl.execute(args);
  }

  private static int fail(Context ctx, String command, String message, int exitCode,
      boolean json) {
    ctx.err.println(command + ": " + Errors.oneLine(message));
    if (json) {
      Map<String, @Nullable Object> doc = Json.object();
      doc.put("command", command.replaceFirst("^amocrm-tokens ?", ""));
      doc.put("state", "UNKNOWN");
      doc.put("exitCode", exitCode);
      doc.put("error", Errors.oneLine(message));
      ctx.out.println(Json.pretty(doc));
    }
    return exitCode;
  }

  /** Makes commands and mixins; a class with a {@code (Context)} constructor gets the context. */
  private static final class Factory implements CommandLine.IFactory {
    private final Context ctx;

    Factory(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      Constructor<K> withContext;
      try {
        withContext = type.getDeclaredConstructor(Context.class);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
      withContext.setAccessible(true);
      return withContext.newInstance(ctx);
    }
  }
}
