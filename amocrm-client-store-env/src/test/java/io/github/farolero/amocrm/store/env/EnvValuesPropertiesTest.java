package io.github.farolero.amocrm.store.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;

/** Whatever junk a variable holds, the error names the variable and never repeats the value. */
class EnvValuesPropertiesTest {

  private static Map<String, String> with(String variable, String value) {
    Map<String, String> env = new HashMap<>(EnvTokenStoreTest.oldDeployment());
    env.put(variable, value);
    return env;
  }

  private static void assertFailsNaming(String variable, String value) {
    try {
      EnvTokenStore.of(with(variable, value));
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).contains(variable).doesNotContain(value.trim());
      return;
    }
    throw new AssertionError(variable + " was accepted");
  }

  @Property(tries = 300)
  void junkExpiry(@ForAll @StringLength(min = 4, max = 40) String value) {
    Assume.that(value.trim().length() >= 4 && !value.trim().matches("[0-9]{1,11}"));
    assertFailsNaming("AMOCRM_TOKEN_EXPIRES_AT", value);
  }

  @Property(tries = 300)
  void junkDomain(@ForAll @StringLength(min = 4, max = 60) String value) {
    String d = value.trim().toLowerCase(java.util.Locale.ROOT);
    String bare = d.replaceFirst("^https://", "").replaceAll("/+$", "");
    Assume.that(value.trim().length() >= 4 && EnvSeed.accountKey(bare) == null);
    assertFailsNaming("AMOCRM_DOMAIN", value);
  }

  @Property(tries = 300)
  void tokensWithWhitespaceInside(@ForAll @StringLength(min = 3, max = 30) String a,
      @ForAll @StringLength(min = 3, max = 30) String b) {
    Assume.that(!a.trim().isEmpty() && !b.trim().isEmpty());
    assertFailsNaming("AMOCRM_ACCESS_TOKEN", a.trim() + " \t" + b.trim() + "x");
  }
}
