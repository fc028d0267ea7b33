package io.github.farolero.amocrm.cli;

import io.github.farolero.amocrm.store.CompositeTokenStore;
import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/** Grant keys from the command line, and which grants a command works on. */
final class Grants {

  private Grants() {}

  /** Parses {@code example.amocrm.ru} or {@code example.amocrm.ru/CLIENT_ID}. */
  static GrantKey parse(String text, String option) {
    try {
      return GrantKey.parse(text.trim());
    } catch (IllegalArgumentException e) {
      throw new CliException(option + ": " + Errors.describe(e) + " (a grant is an account"
          + " domain such as example.amocrm.ru, or DOMAIN/CLIENT_ID)");
    }
  }

  /** Parses every {@code --grant}; empty if none was given. */
  static List<GrantKey> parseAll(List<String> texts) {
    LinkedHashSet<GrantKey> keys = new LinkedHashSet<>();
    for (String t : texts) {
      keys.add(parse(t, "--grant"));
    }
    return new ArrayList<>(keys);
  }

  /**
   * The grants a copying command works on: those asked for, each of which the source must hold,
   * or every grant of the source.
   */
  static List<GrantKey> select(TokenStore source, List<GrantKey> asked) {
    List<GrantKey> all = list(source);
    if (asked.isEmpty()) {
      return all;
    }
    List<String> missing = new ArrayList<>();
    for (GrantKey k : asked) {
      if (!all.contains(k)) {
        missing.add(k.id());
      }
    }
    if (!missing.isEmpty()) {
      throw new CliException("no grant " + String.join(", ", missing) + " in "
          + source.info().name() + (all.isEmpty() ? " (it holds none)"
              : " (it holds " + String.join(", ", all.stream().map(GrantKey::id).toList())
                  + ")"));
    }
    return asked;
  }

  /**
   * Every grant the store holds, sorted. A composite's members are listed one by one, so one
   * member that is down does not hide the others' grants; only if none answers is it an error.
   */
  static List<GrantKey> list(TokenStore store) {
    List<TokenStore> members = store instanceof CompositeTokenStore c ? c.members()
        : List.of(store);
    LinkedHashSet<GrantKey> keys = new LinkedHashSet<>();
    List<String> failures = new ArrayList<>();
    for (TokenStore m : members) {
      try {
        keys.addAll(m.keys());
      } catch (RuntimeException e) {
        failures.add(m.info().name() + ": " + Errors.describe(e));
      }
    }
    if (failures.size() == members.size()) {
      throw new CliException("cannot list the grants of " + store.info().name() + ": "
          + String.join("; ", failures));
    }
    List<GrantKey> out = new ArrayList<>(keys);
    out.sort(Comparator.comparing(GrantKey::id));
    return out;
  }
}
