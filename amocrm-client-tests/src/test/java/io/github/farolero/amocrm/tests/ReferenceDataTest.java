package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.farolero.amocrm.CachedPipelines;
import io.github.farolero.amocrm.ReferenceData;
import io.github.farolero.amocrm.model.CustomFieldDefinition;
import io.github.farolero.amocrm.model.CustomFieldDraft;
import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.Pipeline;
import io.github.farolero.amocrm.model.Status;
import io.github.farolero.amocrm.testkit.MockSeed;
import io.github.farolero.amocrm.webhook.Webhook;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link ReferenceData}: cached reads cost no request, invalidation and expiry fetch again, a
 * refresh serves the old value while it reloads, a webhook showing an unknown id drops that kind.
 * Time is a ticker the test moves; background reloads run on a queue the test drains.
 */
class ReferenceDataTest {

  private static final String LEAD_FIELDS = "/api/v4/leads/custom_fields";
  private static final String CONTACT_FIELDS = "/api/v4/contacts/custom_fields";
  private static final String PIPELINES = "/api/v4/leads/pipelines";

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final Queue<Runnable> reloads = new ArrayDeque<>();
  private final Executor queued = reloads::add;

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  private ReferenceData.Settings.Builder settings() {
    return ReferenceData.Settings.builder().ticker(ticker).executor(queued);
  }

  private static int gets(ApiFixture f, String path) {
    return f.amo.apiRequests("GET", path);
  }

  @Test
  void aThousandLookupsCostOneRequestAndInvalidationOneMore() {
    try (ApiFixture f = new ApiFixture()) {
      ReferenceData ref = ReferenceData.of(f.client, settings().noRefresh().build());
      for (int i = 0; i < 1_000; i++) {
        assertThat(ref.customFields(EntityType.LEADS).byId(MockSeed.LEAD_TEXT_FIELD)).isPresent();
        assertThat(ref.customFields(EntityType.CONTACTS).byCode(i % 2 == 0 ? "PHONE" : "phone")
            .map(CustomFieldDefinition::id)).contains(MockSeed.CONTACT_PHONE_FIELD);
      }
      assertThat(gets(f, LEAD_FIELDS)).isEqualTo(1);
      assertThat(gets(f, CONTACT_FIELDS)).isEqualTo(1);

      ref.invalidate(ReferenceData.Kind.CUSTOM_FIELDS);
      for (int i = 0; i < 1_000; i++) {
        ref.customFields(EntityType.LEADS).byId(MockSeed.LEAD_TEXT_FIELD);
      }
      assertThat(gets(f, LEAD_FIELDS)).isEqualTo(2);
      assertThat(gets(f, CONTACT_FIELDS)).isEqualTo(1); // not read since

      ref.invalidateAll();
      ref.customFields(EntityType.CONTACTS);
      assertThat(gets(f, CONTACT_FIELDS)).isEqualTo(2);

      // Negative control: the counter counts. The client itself fetches every time.
      f.client.customFields(EntityType.LEADS).stream().toList();
      assertThat(gets(f, LEAD_FIELDS)).isEqualTo(3);
    }
  }

  @Test
  void aValueIsNeverServedPastItsTtl() {
    try (ApiFixture f = new ApiFixture()) {
      ReferenceData ref = ReferenceData.of(f.client,
          settings().expireAfterWrite(Duration.ofMinutes(10)).noRefresh().build());
      assertThat(ref.customFields(EntityType.LEADS).byName("Partner code")).isEmpty();
      // The account changes behind the cache's back.
      f.client.customFields(EntityType.LEADS).add(List.of(CustomFieldDraft.of("text", "Partner code")));

      advance(Duration.ofMinutes(10).minusNanos(1));
      assertThat(ref.customFields(EntityType.LEADS).byName("Partner code")).isEmpty(); // still fresh
      assertThat(gets(f, LEAD_FIELDS)).isEqualTo(1);

      advance(Duration.ofNanos(1));
      assertThat(ref.customFields(EntityType.LEADS).byName("Partner code")).isPresent();
      assertThat(gets(f, LEAD_FIELDS)).isEqualTo(2);
      assertThat(reloads).isEmpty();
    }
  }

  @Test
  void aRefreshServesTheOldValueWhileItReloads() {
    try (ApiFixture f = new ApiFixture()) {
      ReferenceData ref = ReferenceData.of(f.client, settings()
          .expireAfterWrite(Duration.ofHours(1)).refreshAfterWrite(Duration.ofMinutes(10))
          .build());
      assertThat(ref.customFields(EntityType.LEADS).byName("Partner code")).isEmpty();
      f.client.customFields(EntityType.LEADS).add(List.of(CustomFieldDraft.of("text", "Partner code")));

      advance(Duration.ofMinutes(11));
      // Due for refresh: the read gets the value held at once, and a reload is queued.
      assertThat(ref.customFields(EntityType.LEADS).byName("Partner code")).isEmpty();
      assertThat(reloads).hasSize(1);
      assertThat(gets(f, LEAD_FIELDS)).isEqualTo(1);
      assertThat(ref.customFields(EntityType.LEADS).byName("Partner code")).isEmpty(); // still old

      reloads.remove().run();
      assertThat(gets(f, LEAD_FIELDS)).isEqualTo(2);
      assertThat(ref.customFields(EntityType.LEADS).byName("Partner code")).isPresent();
      assertThat(reloads).isEmpty();
    }
  }

  @Test
  void aFailedRefreshKeepsTheOldValueButNotPastTheTtl() {
    try (ApiFixture f = new ApiFixture()) {
      ReferenceData ref = ReferenceData.of(f.client, settings()
          .expireAfterWrite(Duration.ofMinutes(30)).refreshAfterWrite(Duration.ofMinutes(10))
          .build());
      ref.users();
      f.amo.blockAccount(true);
      advance(Duration.ofMinutes(11));
      assertThat(ref.users().byEmail("ADMIN@example.test")).isPresent(); // held value
      reloads.remove().run(); // fails: the account is blocked
      assertThat(ref.users().byEmail("admin@example.test")).isPresent(); // kept

      advance(Duration.ofMinutes(20));
      assertThatThrownBy(ref::users)
          .isInstanceOf(io.github.farolero.amocrm.error.AmoCrmException.class);
    }
  }

  @Test
  void lookupsASyncNeeds() {
    try (ApiFixture f = new ApiFixture()) {
      ReferenceData ref = ReferenceData.of(f.client, settings().build());
      List<Pipeline> fromApi = f.client.pipelines().list();
      Pipeline second = fromApi.stream().filter(p -> p.id() == MockSeed.SECOND_PIPELINE_ID)
          .findFirst().orElseThrow();
      Status secondNew = second.statuses().stream()
          .filter(s -> s.id() == MockSeed.SECOND_STATUS_NEW).findFirst().orElseThrow();

      CachedPipelines pipelines = ref.pipelines();
      assertThat(pipelines.all()).hasSameSizeAs(fromApi);
      assertThat(pipelines.pipelineByName(second.name()).map(Pipeline::id))
          .contains(MockSeed.SECOND_PIPELINE_ID);
      assertThat(pipelines.statusByName(second.name(), secondNew.name()).map(Status::id))
          .contains(MockSeed.SECOND_STATUS_NEW);
      assertThat(pipelines.statusByName(MockSeed.SECOND_PIPELINE_ID, secondNew.name()))
          .isPresent();
      assertThat(pipelines.status(MockSeed.PIPELINE_ID, MockSeed.STATUS_WON)).isPresent();
      assertThat(pipelines.main().map(Pipeline::id)).contains(MockSeed.PIPELINE_ID);
      assertThat(pipelines.statusByName("No such pipeline", secondNew.name())).isEmpty();

      assertThat(ref.customFields(EntityType.CONTACTS).byCode("EMAIL").map(
          CustomFieldDefinition::id)).contains(MockSeed.CONTACT_EMAIL_FIELD);
      assertThat(ref.users().byId(MockSeed.USER_ID)).isPresent();
      assertThat(ref.users().byName("Mock Admin").map(u -> u.id())).contains(MockSeed.USER_ID);
      assertThat(ref.account().id()).isEqualTo(f.client.account().id());
      assertThat(gets(f, "/api/v4/account")).isEqualTo(2); // one cached read, one direct

      int before = f.amo.apiCalls();
      for (int i = 0; i < 100; i++) {
        ref.pipelines();
        ref.users();
        ref.account();
        ref.customFields(EntityType.CONTACTS);
      }
      assertThat(f.amo.apiCalls()).isEqualTo(before);
    }
  }

  @Test
  void aWebhookNamingAnUnknownFieldOrStatusDropsThatKind() {
    try (ApiFixture f = new ApiFixture()) {
      ReferenceData ref = ReferenceData.of(f.client, settings().build());
      ref.customFields(EntityType.LEADS);
      ref.pipelines();

      // Known ids: nothing dropped, nothing fetched.
      Webhook known = Webhook.parse("leads[update][0][id]=1"
          + "&leads[update][0][status_id]=" + MockSeed.STATUS_NEW
          + "&leads[update][0][pipeline_id]=" + MockSeed.PIPELINE_ID
          + "&leads[update][0][custom_fields][0][id]=" + MockSeed.LEAD_TEXT_FIELD
          + "&leads[update][0][custom_fields][0][values][0][value]=x");
      assertThat(ref.onWebhook(known)).isFalse();
      ref.customFields(EntityType.LEADS);
      ref.pipelines();
      assertThat(gets(f, LEAD_FIELDS)).isEqualTo(1);
      assertThat(gets(f, PIPELINES)).isEqualTo(1);

      // A field added since: the webhook names its id, the fields are fetched again.
      long added = f.client.customFields(EntityType.LEADS)
          .add(List.of(CustomFieldDraft.of("text", "Partner code"))).get(0).id();
      Webhook withNewField = Webhook.parse("leads[update][0][id]=1"
          + "&leads[update][0][custom_fields][0][id]=" + added
          + "&leads[update][0][custom_fields][0][values][0][value]=web");
      assertThat(ref.onWebhook(withNewField)).isTrue();
      assertThat(ref.customFields(EntityType.LEADS).byId(added)).isPresent();
      assertThat(gets(f, LEAD_FIELDS)).isEqualTo(2);
      assertThat(gets(f, PIPELINES)).isEqualTo(1); // pipelines kept

      // A status the cache does not know.
      Webhook withNewStatus = Webhook.parse("leads[status][0][id]=1"
          + "&leads[status][0][status_id]=999999"
          + "&leads[status][0][pipeline_id]=" + MockSeed.PIPELINE_ID);
      assertThat(ref.onWebhook(withNewStatus)).isTrue();
      ref.pipelines();
      assertThat(gets(f, PIPELINES)).isEqualTo(2);

      // A responsible user the cached users lack (the mock's second user is not listed).
      ref.users();
      Webhook known2 = Webhook.parse("contacts[update][0][id]=1"
          + "&contacts[update][0][responsible_user_id]=" + MockSeed.USER_ID);
      assertThat(ref.onWebhook(known2)).isFalse();
      Webhook newUser = Webhook.parse("contacts[update][0][id]=1"
          + "&contacts[update][0][responsible_user_id]=" + MockSeed.SECOND_USER_ID);
      assertThat(ref.onWebhook(newUser)).isTrue();
      ref.users();
      assertThat(gets(f, "/api/v4/users")).isEqualTo(2);
    }
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> ReferenceData.Settings.builder()
        .expireAfterWrite(Duration.ofMinutes(5)).refreshAfterWrite(Duration.ofMinutes(5)).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("shorter");
    assertThatThrownBy(() -> ReferenceData.Settings.builder().expireAfterWrite(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ReferenceData.Settings.defaults().refreshAfterWrite())
        .contains(Duration.ofMinutes(10));
  }
}
