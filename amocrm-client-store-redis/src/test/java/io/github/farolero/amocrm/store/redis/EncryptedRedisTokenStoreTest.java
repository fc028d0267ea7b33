package io.github.farolero.amocrm.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.store.GrantKey;
import io.github.farolero.amocrm.store.TokenCipher;
import io.github.farolero.amocrm.store.TokenDecryptionException;
import io.github.farolero.amocrm.store.TokenRecord;
import org.junit.jupiter.api.Test;

/** The whole Redis suite again with encryption at rest, plus the wrong-key cases. */
class EncryptedRedisTokenStoreTest extends RedisTokenStoreTest {

  private static final TokenCipher CIPHER =
      TokenCipher.fromBase64Key(TokenCipher.generateBase64Key());

  @Override
  protected TokenCipher cipher() {
    return CIPHER;
  }

  @Test
  void wrongKeyOrNoKeyIsAClearErrorNeverGarbage() {
    TokenRecord r = record(GrantKey.of("wrongkey.amocrm.ru"), 1);
    store.write(r);
    TokenCipher other = TokenCipher.fromBase64Key(TokenCipher.generateBase64Key());
    try (RedisTokenStore wrong = RedisTokenStore.builder(proxy.uri()).keyPrefix(prefix)
        .cipher(other).build();
        RedisTokenStore none = RedisTokenStore.builder(proxy.uri()).keyPrefix(prefix).build()) {
      assertThatThrownBy(() -> wrong.load(r.key()))
          .isInstanceOf(TokenDecryptionException.class)
          .hasMessageContaining("wrong key")
          .hasMessageNotContaining("CANARY");
      assertThatThrownBy(() -> none.load(r.key()))
          .isInstanceOf(TokenDecryptionException.class)
          .hasMessageContaining("no token encryption key");
      // A plain record read with a key configured is refused too.
      none.write(record(GrantKey.of("plain.amocrm.ru"), 1));
      assertThatThrownBy(() -> store.load(GrantKey.of("plain.amocrm.ru")))
          .isInstanceOf(TokenDecryptionException.class);
    }
    // The right key reads it (the control).
    assertThat(store.load(r.key())).contains(r);
  }

  @Test
  void aRecordCopiedOntoAnotherGrantDoesNotDecrypt() {
    TokenRecord r = record(GrantKey.of("source.amocrm.ru"), 1);
    store.write(r);
    String from = prefix + "{source.amocrm.ru}:token";
    String to = prefix + "{target.amocrm.ru}:token";
    raw().hset(to, raw().hgetAll(from));
    assertThatThrownBy(() -> store.load(GrantKey.of("target.amocrm.ru")))
        .isInstanceOf(TokenDecryptionException.class);
  }
}
