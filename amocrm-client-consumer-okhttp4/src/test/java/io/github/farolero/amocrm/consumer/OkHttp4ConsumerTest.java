package io.github.farolero.amocrm.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.squareup.moshi.Json;
import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.model.Account;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import retrofit2.Call;
import retrofit2.Response;
import retrofit2.Retrofit;
import retrofit2.converter.moshi.MoshiConverterFactory;
import retrofit2.http.GET;
import retrofit2.http.Header;

/**
 * An app with Retrofit 2 (which brings OkHttp 3/4) and amocrm-client (which brings okhttp-jvm 5),
 * built as README.md tells: Retrofit's {@code okhttp} excluded, so okhttp-jvm 5 serves both. One
 * mock amoCRM answers a call through {@link AmoCrmClient} and one through a Retrofit service, and
 * the classpath holds exactly one jar with the {@code okhttp3} classes. Without the exclusion the
 * enforcer's banDuplicateClasses fails the build ({@code -Pwithout-exclusion}), and the testkit
 * crashes once OkHttp 4 comes first on the classpath (the last test here).
 */
class OkHttp4ConsumerTest {

  /** The app's own Retrofit service for the same API. */
  interface AmoApi {
    @GET("api/v4/account")
    Call<AccountJson> account(@Header("Authorization") String authorization);
  }

  /** The app's own model of the answer (Moshi reads records). */
  public record AccountJson(@Json(name = "id") long id, @Json(name = "subdomain") String subdomain) {}

  @Test
  void amoCrmClientAndRetrofitBothCallTheMockThroughOneOkHttp() throws IOException {
    try (MockAmoCrmServer amo = MockAmoCrmServer.start()) {
      String token = amo.issueLongLivedToken(Duration.ofDays(1)).accessToken();

      AmoCrmClient client =
          AmoCrmClient.builder()
              .accountDomain(amo.accountDomain())
              .baseUrl(amo.baseUrl())
              .longLivedToken(token)
              .build();
      Account account = client.account();

      Retrofit retrofit =
          new Retrofit.Builder()
              .baseUrl(amo.baseUrl())
              .addConverterFactory(MoshiConverterFactory.create())
              .build();
      Response<AccountJson> response =
          retrofit.create(AmoApi.class).account("Bearer " + token).execute();

      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body()).isNotNull();
      assertThat(response.body().id()).isEqualTo(account.id());
      assertThat(response.body().subdomain()).isEqualTo(account.subdomain());
      assertThat(amo.apiRequests("GET", "/api/v4/account")).isEqualTo(2);
      assertThat(amo.unauthorizedApiCalls()).isZero();

      // Retrofit runs on the very OkHttpClient class amocrm-client uses: OkHttp 5's.
      assertThat(retrofit.callFactory()).isInstanceOf(OkHttpClient.class);
      assertThat(jarOf(retrofit.callFactory().getClass())).isEqualTo(jarOf(OkHttpClient.class));
    }
  }

  @Test
  void exactlyOneJarOnTheClasspathHoldsOkHttp() throws IOException {
    List<String> holders = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isRegularFile(path) && entry.endsWith(".jar")) {
        try (ZipFile jar = new ZipFile(path.toFile())) {
          if (jar.getEntry("okhttp3/OkHttpClient.class") != null) {
            holders.add(path.getFileName().toString());
          }
        }
      }
    }
    assertThat(holders).singleElement().asString().startsWith("okhttp-jvm-5.");
    assertThat(jarOf(OkHttpClient.class).getFileName().toString()).startsWith("okhttp-jvm-5.");
    // Neither OkHttp 4 nor 3 (what Retrofit 2.11 asks for) came along by another path.
    assertThat(System.getProperty("java.class.path")).doesNotContainPattern("okhttp-[34]\\.");
  }

  /**
   * The negative control: the same classpath with Retrofit's OkHttp 4.12 put back ahead of
   * okhttp-jvm 5, as Maven orders it when the app declares Retrofit (or OkHttp 4) before
   * amocrm-client and nothing excludes it. The okhttp3 package is then split between two versions
   * and the testkit's MockWebServer (OkHttp 5 code) dies calling a TaskRunner constructor that
   * OkHttp 4 does not have: the crash this module's exclusion prevents.
   */
  @Test
  void withoutTheExclusionOkHttp4AheadOfOkHttp5BreaksTheTestkit() throws Exception {
    Path okhttp4 = Path.of(System.getProperty("okhttp4.jar"));
    assertThat(okhttp4).isRegularFile();
    List<URL> urls = new ArrayList<>();
    urls.add(okhttp4.toUri().toURL());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    try (URLClassLoader app =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      assertThat(jarOf(app.loadClass("okhttp3.OkHttpClient"))).isEqualTo(okhttp4);
      Method start = app.loadClass(MockAmoCrmServer.class.getName()).getMethod("start");

      Throwable thrown = catchThrowable(() -> ((AutoCloseable) start.invoke(null)).close());

      assertThat(thrown).isInstanceOf(InvocationTargetException.class);
      assertThat(thrown.getCause())
          .isInstanceOf(NoSuchMethodError.class)
          .hasMessageContaining("okhttp3.internal.concurrent.TaskRunner");
    }
  }

  private static Path jarOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
