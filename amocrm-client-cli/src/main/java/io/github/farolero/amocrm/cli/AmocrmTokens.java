package io.github.farolero.amocrm.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command: lists the commands; run without one it is a usage error (exit 3). */
@Command(name = "amocrm-tokens",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
        "Looks after amoCRM OAuth tokens in any store: health, verification, refresh,"
            + " authorization, migration between stores, encrypted backups.",
        ""
    },
    subcommands = {
        StatusCommand.class,
        VerifyCommand.class,
        RefreshCommand.class,
        AuthorizeCommand.class,
        MigrateCommand.class,
        BackupCommand.class,
        RestoreCommand.class,
        CommandLine.HelpCommand.class
    },
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  OK        healthy; the command did what it was asked",
        "  1  WARN      works now, needs attention (an ageing refresh token, a member down)",
        "  2  CRITICAL  needs a person now (re-authorize, the lock's store is down, a stale"
            + " backup)",
        "  3  UNKNOWN   usage error, unreadable store, wrong key, corrupt bundle; nothing"
            + " changed",
        "",
        "Store URIs: file:DIR  env:[PREFIX]  jdbc:postgresql://...  jdbc:mysql://...",
        "  jdbc:mariadb://...  jdbc:h2:...  jdbc:sqlite:...  legacy-file:FILE",
        "  legacy-jdbc:JDBC_URL (see the README of amocrm-client-cli)"
    })
final class AmocrmTokens implements Callable<Integer> {

  private final Context ctx;

  @Spec CommandSpec spec;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Log the library's info lines to stderr.")
  boolean verbose;

  AmocrmTokens(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.err.println("amocrm-tokens: which command? (status, verify, refresh, authorize, migrate,"
        + " backup, restore)");
    spec.commandLine().usage(ctx.err);
    return CliException.UNKNOWN;
  }
}
