package io.github.farolero.amocrm;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.model.CustomFieldDefinition;
import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The cached views' lookups agree, for any data, with the plain search a reader expects: the
 * first item in amoCRM's order whose id, name (exact) or code / email (ignoring case) matches.
 */
class CachedLookupsProperties {

  @Property(tries = 300)
  void fieldLookupsFindTheFirstMatch(@ForAll("fields") List<CustomFieldDefinition> fields,
      @ForAll("words") String probe) {
    CachedCustomFields cached = new CachedCustomFields(EntityType.LEADS, fields);
    assertThat(cached.byCode(probe)).isEqualTo(first(fields.stream()
        .filter(f -> f.code() != null && f.code().equalsIgnoreCase(probe)).toList()));
    assertThat(cached.byName(probe)).isEqualTo(first(fields.stream()
        .filter(f -> probe.equals(f.name())).toList()));
    for (CustomFieldDefinition f : fields) {
      assertThat(cached.byId(f.id())).isEqualTo(first(fields.stream()
          .filter(g -> g.id().equals(f.id())).toList()));
    }
  }

  @Property(tries = 300)
  void userLookupsFindTheFirstMatch(@ForAll("users") List<User> users,
      @ForAll("words") String probe) {
    CachedUsers cached = new CachedUsers(users);
    String email = probe + "@example.test";
    assertThat(cached.byEmail(email.toUpperCase(Locale.ROOT))).isEqualTo(first(users.stream()
        .filter(u -> u.email() != null && u.email().equalsIgnoreCase(email)).toList()));
    assertThat(cached.byName(probe)).isEqualTo(first(users.stream()
        .filter(u -> probe.equals(u.name())).toList()));
  }

  private static <T> Optional<T> first(List<T> list) {
    return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
  }

  @Provide
  Arbitrary<String> words() {
    // A small alphabet with both cases, so names and codes collide often.
    return Arbitraries.strings().withChars("aAbB").ofMinLength(1).ofMaxLength(3);
  }

  @Provide
  Arbitrary<List<CustomFieldDefinition>> fields() {
    Arbitrary<CustomFieldDefinition> field = Combinators.combine(
        Arbitraries.longs().between(1, 20), words().injectNull(0.2), words().injectNull(0.3))
        .as((id, name, code) -> new CustomFieldDefinition(id, name, "text", code, null, "leads",
            null, null, null, null, null, null, null, null, null));
    return field.list().ofMaxSize(12);
  }

  @Provide
  Arbitrary<List<User>> users() {
    Arbitrary<User> user = Combinators.combine(
        Arbitraries.longs().between(1, 20), words().injectNull(0.2), words().injectNull(0.2))
        .as((id, name, mail) -> new User(id, name, mail == null ? null : mail + "@Example.test",
            "ru"));
    return user.list().ofMaxSize(12).map(ArrayList::new);
  }
}
