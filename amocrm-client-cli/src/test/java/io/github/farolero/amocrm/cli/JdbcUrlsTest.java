package io.github.farolero.amocrm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A JDBC URL shown in output or errors never carries a password. */
class JdbcUrlsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "jdbc:postgresql://db:5432/app?user=u&password=S3CRET | jdbc:postgresql://db:5432/app",
      "jdbc:postgresql://u:S3CRET@db/app | jdbc:postgresql://db/app",
      "jdbc:mariadb://db/app?password=S3CRET&user=u | jdbc:mariadb://db/app",
      "jdbc:h2:/var/lib/app/db;PASSWORD=S3CRET;MODE=MySQL | jdbc:h2:/var/lib/app/db",
      "jdbc:mysql://address=(host=db)(password=S3CRET)/app | jdbc:mysql://address=(host=db)(password=***)/app",
      "jdbc:sqlite:/var/lib/app/tokens.db | jdbc:sqlite:/var/lib/app/tokens.db",
  })
  void redactsPasswordsAndParameters(String url, String shown) {
    assertThat(JdbcUrls.redact(url)).isEqualTo(shown).doesNotContain("S3CRET");
  }

  @ParameterizedTest
  @CsvSource({
      "jdbc:postgresql://db/app, postgresql",
      "jdbc:mysql://db/app, mysql",
      "jdbc:h2:mem:x, h2",
      "jdbc:sqlite:x.db, sqlite",
  })
  void readsTheSubprotocol(String url, String subprotocol) {
    assertThat(JdbcUrls.subprotocol(url)).isEqualTo(subprotocol);
  }

  @org.junit.jupiter.api.Test
  void mysqlUrlsGoToMariaDbConnectorJ() {
    assertThat(JdbcUrls.driverUrl("jdbc:mysql://db:3306/app?useSSL=false"))
        .isEqualTo("jdbc:mariadb://db:3306/app?useSSL=false");
    assertThat(JdbcUrls.driverUrl("jdbc:postgresql://db/app"))
        .isEqualTo("jdbc:postgresql://db/app");
  }
}
