package io.github.farolero.amocrm.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.model.CustomField;
import io.github.farolero.amocrm.model.CustomFieldValue;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** amoCRM's webhook bodies, written by hand in every documented shape. */
class WebhookBodiesTest {

  /** Encodes keys and values as amoCRM's sender does: brackets too ({@code %5B}, {@code %5D}). */
  static String form(String... pairs) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  @Test
  void leadStatusChangeWithAccount() {
    Webhook hook = Webhook.parse(form(
        "leads[status][0][id]", "25399013",
        "leads[status][0][name]", "Сделка №1 & co",
        "leads[status][0][status_id]", "142",
        "leads[status][0][old_status_id]", "13670637",
        "leads[status][0][price]", "0",
        "leads[status][0][responsible_user_id]", "123123",
        "leads[status][0][last_modified]", "1413554372",
        "leads[status][0][modified_user_id]", "123123",
        "leads[status][0][created_user_id]", "123123",
        "leads[status][0][date_create]", "1413554349",
        "leads[status][0][pipeline_id]", "4251",
        "leads[status][0][old_pipeline_id]", "4250",
        "leads[status][0][account_id]", "7818132",
        "account[subdomain]", "example",
        "account[id]", "7818132",
        "account[_links][self]", "https://example.amocrm.ru"));
    assertThat(hook.accountId()).isEqualTo(7818132L);
    assertThat(hook.subdomain()).isEqualTo("example");
    assertThat(hook.events()).hasSize(1);
    WebhookEvent e = hook.events().get(0);
    assertThat(e.entity()).isEqualTo(WebhookEntity.LEADS);
    assertThat(e.action()).isEqualTo(WebhookAction.STATUS);
    assertThat(e.id()).isEqualTo(25399013L);
    assertThat(e.name()).isEqualTo("Сделка №1 & co");
    assertThat(e.statusId()).isEqualTo(142L);
    assertThat(e.oldStatusId()).isEqualTo(13670637L);
    assertThat(e.pipelineId()).isEqualTo(4251L);
    assertThat(e.oldPipelineId()).isEqualTo(4250L);
    assertThat(e.price()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(e.responsibleUserId()).isEqualTo(123123L);
    assertThat(e.accountId()).isEqualTo(7818132L);
    assertThat(e.createdAt()).isEqualTo(Instant.ofEpochSecond(1413554349));
    assertThat(e.updatedAt()).isEqualTo(Instant.ofEpochSecond(1413554372));
    assertThat(hook.events(WebhookEntity.LEADS, WebhookAction.STATUS)).containsExactly(e);
    assertThat(hook.events(WebhookEntity.LEADS, WebhookAction.ADD)).isEmpty();
    // account[_links][self] as a plain string stays in raw
    assertThat(((Map<?, ?>) ((Map<?, ?>) hook.raw().get("account")).get("_links")).get("self"))
        .isEqualTo("https://example.amocrm.ru");
  }

  @Test
  void accountSelfLinkAsAGroupToo() {
    Webhook hook = Webhook.parse(
        "account%5B_links%5D%5Bself%5D%5Bhref%5D=https%3A%2F%2Fx.kommo.com&account%5Bid%5D=5");
    assertThat(hook.accountId()).isEqualTo(5L);
    assertThat(hook.raw()).containsEntry("account",
        Map.of("_links", Map.of("self", Map.of("href", "https://x.kommo.com")), "id", "5"));
  }

  @Test
  void bothShapesOfDateCustomFieldsReadTheSameMoment() {
    Webhook hook = Webhook.parse(form(
        "leads[update][0][id]", "1",
        "leads[update][0][custom_fields][0][id]", "501",
        "leads[update][0][custom_fields][0][name]", "Deadline",
        "leads[update][0][custom_fields][0][values][0]", "1615845600",
        "leads[update][1][id]", "2",
        "leads[update][1][custom_fields][0][id]", "501",
        "leads[update][1][custom_fields][0][name]", "Deadline",
        "leads[update][1][custom_fields][0][values][0][value]", "1615845600"));
    List<WebhookEvent> events = hook.events();
    assertThat(events).hasSize(2);
    Instant expected = Instant.ofEpochSecond(1615845600);
    assertThat(events.get(0).customFieldInstant(501)).contains(expected);
    assertThat(events.get(1).customFieldInstant(501)).contains(expected);
    // the old shape is typed as a date; the current one is text (a webhook names no field type)
    assertThat(events.get(0).customFields()).containsExactly(new CustomField(501L, null,
        "Deadline", null, List.of(new CustomFieldValue.Date(1615845600))));
    assertThat(events.get(1).customFields().get(0).values())
        .containsExactly(new CustomFieldValue.Text("1615845600"));
    assertThat(events.get(1).customFields().get(0).date()).isEmpty();
    assertThat(events.get(0).customFields().get(0).date()).contains(expected);
  }

  @Test
  void customFieldsOfEveryKind() {
    Webhook hook = Webhook.parse(form(
        "contacts[add][0][id]", "77",
        "contacts[add][0][name]", "Ann",
        "contacts[add][0][type]", "contact",
        "contacts[add][0][custom_fields][0][id]", "10",
        "contacts[add][0][custom_fields][0][name]", "Телефон",
        "contacts[add][0][custom_fields][0][code]", "PHONE",
        "contacts[add][0][custom_fields][0][values][0][value]", "+7 999 000-00-00",
        "contacts[add][0][custom_fields][0][values][0][enum]", "3001",
        "contacts[add][0][custom_fields][0][values][1][value]", "+7 999 111-11-11",
        "contacts[add][0][custom_fields][0][values][1][enum]", "3003",
        "contacts[add][0][custom_fields][1][id]", "11",
        "contacts[add][0][custom_fields][1][name]", "Source",
        "contacts[add][0][custom_fields][1][values][0][value]", "Website",
        "contacts[add][0][custom_fields][1][values][0][enum]", "4001",
        "contacts[add][0][custom_fields][2][id]", "12",
        "contacts[add][0][custom_fields][2][name]", "VIP",
        "contacts[add][0][custom_fields][2][values][0][value]", "1",
        "contacts[add][0][custom_fields][3][name]", "no id, no code"));
    WebhookEvent e = hook.events().get(0);
    assertThat(e.entity()).isEqualTo(WebhookEntity.CONTACTS);
    assertThat(e.action()).isEqualTo(WebhookAction.ADD);
    assertThat(e.customFields()).hasSize(3);
    assertThat(e.customFields().get(0)).isEqualTo(new CustomField(10L, "PHONE", "Телефон", null,
        List.of(new CustomFieldValue.Multitext("+7 999 000-00-00", null, 3001L),
            new CustomFieldValue.Multitext("+7 999 111-11-11", null, 3003L))));
    assertThat(e.customField(11).orElseThrow().values())
        .containsExactly(new CustomFieldValue.Select(4001L, "Website"));
    assertThat(e.customField(11).orElseThrow().enumIds()).containsExactly(4001L);
    assertThat(e.customFieldText(12)).contains("1");
    assertThat(e.customField(99)).isEmpty();
    // the field without id or code is not typed but kept
    assertThat(e.group("custom_fields")).containsKey("3");
  }

  @Test
  void companiesUnderContactsAreCompanies() {
    Webhook hook = Webhook.parse(form(
        "contacts[update][0][id]", "1",
        "contacts[update][0][type]", "contact",
        "contacts[update][1][id]", "2",
        "contacts[update][1][type]", "company",
        "companies[delete][0][id]", "3",
        "companies[delete][0][type]", "company"));
    assertThat(hook.events()).extracting(WebhookEvent::entity).containsExactly(
        WebhookEntity.CONTACTS, WebhookEntity.COMPANIES, WebhookEntity.COMPANIES);
    assertThat(hook.events()).extracting(WebhookEvent::entityName)
        .containsExactly("contacts", "contacts", "companies");
    assertThat(hook.events()).extracting(WebhookEvent::action)
        .containsExactly(WebhookAction.UPDATE, WebhookAction.UPDATE, WebhookAction.DELETE);
  }

  @Test
  void stringBooleansAndNumbers() {
    Webhook hook = Webhook.parse(form(
        "task[update][0][id]", "9",
        "task[update][0][status]", "1",
        "task[update][0][is_deleted]", "0",
        "task[update][0][flag]", "true",
        "task[update][0][odd]", "maybe",
        "task[update][0][price]", "1500.50",
        "task[update][0][whole]", " 42.0 ",
        "task[update][0][fraction]", "42.5"));
    WebhookEvent e = hook.events().get(0);
    assertThat(e.entity()).isEqualTo(WebhookEntity.TASKS);
    assertThat(e.bool("status")).isTrue();
    assertThat(e.bool("is_deleted")).isFalse();
    assertThat(e.bool("flag")).isTrue();
    assertThat(e.bool("odd")).isNull();
    assertThat(e.bool("missing")).isNull();
    assertThat(e.price()).isEqualByComparingTo("1500.50");
    assertThat(e.longValue("whole")).isEqualTo(42L);
    assertThat(e.longValue("fraction")).isNull();
    assertThat(e.longValue("odd")).isNull();
  }

  @Test
  void taskDatesAsTextAndSeconds() {
    Webhook hook = Webhook.parse(form(
        "task[add][0][id]", "5",
        "task[add][0][element_id]", "25399013",
        "task[add][0][element_type]", "2",
        "task[add][0][task_type]", "1",
        "task[add][0][text]", "Call back",
        "task[add][0][complete_till]", "2017-07-20 15:00:00",
        "task[add][0][date_create]", "2017-07-19 10:30:00",
        "task[add][0][last_modified]", "1500460200",
        "task[add][0][created_at]", "not a date"));
    WebhookEvent e = hook.events().get(0);
    assertThat(e.entity()).isEqualTo(WebhookEntity.TASKS);
    assertThat(e.entityName()).isEqualTo("task");
    assertThat(e.instant("complete_till")).isEqualTo(Instant.parse("2017-07-20T15:00:00Z"));
    assertThat(e.instant("complete_till", ZoneId.of("Europe/Moscow")))
        .isEqualTo(Instant.parse("2017-07-20T12:00:00Z"));
    // created_at unreadable: falls back to date_create
    assertThat(e.createdAt()).isEqualTo(Instant.parse("2017-07-19T10:30:00Z"));
    assertThat(e.updatedAt()).isEqualTo(Instant.ofEpochSecond(1500460200));
    assertThat(e.longValue("element_id")).isEqualTo(25399013L);
  }

  @Test
  void unsortedWithDynamicSourceDataKeysAndADuplicatedKey() {
    String body = form(
        "unsorted[add][0][uid]", "d8f1c3",
        "unsorted[add][0][source]", "forms",
        "unsorted[add][0][source_data][data][name_1][type]", "text",
        "unsorted[add][0][source_data][data][name_1][element_type]", "1",
        "unsorted[add][0][source_data][data][name_1][name]", "Имя",
        "unsorted[add][0][source_data][data][name_1][value]", "Ann",
        "unsorted[add][0][source_data][data][Ваш вопрос?][value]", "first",
        "unsorted[add][0][source_data][data][Ваш вопрос?][value]", "second",
        "unsorted[add][0][source_data][form_id]", "318",
        "unsorted[add][0][source_data][date]", "1615845600",
        "unsorted[add][0][source_data][origin][datetime]",
        "Tue Mar 16 2021 01:00:00 GMT+0300 (Москва, стандартное время)",
        "unsorted[add][0][source_data][tags][]", "site",
        "unsorted[add][0][source_data][tags][]", "form",
        "unsorted[add][0][date_create]", "1615845600",
        "account[subdomain]", "example");
    WebhookEvent e = Webhook.parse(body).events().get(0);
    assertThat(e.entity()).isEqualTo(WebhookEntity.UNSORTED);
    assertThat(e.action()).isEqualTo(WebhookAction.ADD);
    assertThat(e.string("uid")).isEqualTo("d8f1c3");
    Map<String, Object> source = e.group("source_data");
    assertThat(source).isNotNull();
    Map<?, ?> data = (Map<?, ?>) source.get("data");
    assertThat(List.copyOf(data.keySet())).isEqualTo(List.of("name_1", "Ваш вопрос?"));
    assertThat(((Map<?, ?>) data.get("name_1")).get("value")).isEqualTo("Ann");
    // a repeated key keeps every value, in order
    assertThat(((Map<?, ?>) data.get("Ваш вопрос?")).get("value"))
        .isEqualTo(List.of("first", "second"));
    assertThat(source.get("tags")).isEqualTo(Map.of("0", "site", "1", "form"));
    assertThat(((Map<?, ?>) source.get("origin")).get("datetime")).asString()
        .startsWith("Tue Mar 16 2021");
    assertThat(e.createdAt()).isEqualTo(Instant.ofEpochSecond(1615845600));
  }

  @Test
  void repeatedTopLevelKeyReadsAsItsLastValueAndKeepsAll() {
    WebhookEvent e = Webhook.parse("leads[add][0][id]=1&leads[add][0][name]=a"
        + "&leads[add][0][name]=b").events().get(0);
    assertThat(e.name()).isEqualTo("b");
    assertThat(e.strings("name")).containsExactly("a", "b");
    assertThat(e.strings("id")).containsExactly("1");
    assertThat(e.strings("missing")).isEmpty();
  }

  @Test
  void unknownEntitiesActionsAndShapesAreKeptNotFatal() {
    Webhook hook = Webhook.parse("catalogs[add][0][id]=1&leads[merge][0][id]=2"
        + "&leads[add]=flat&stray=1&flag&leads[note][0][note][text]=hi"
        + "&talk[update][0][talk_id]=7&message[add][0][id]=m1&customers[add][0][id]=3");
    assertThat(hook.events()).extracting(WebhookEvent::entity).containsExactly(
        WebhookEntity.UNKNOWN, WebhookEntity.LEADS, WebhookEntity.LEADS, WebhookEntity.TALKS,
        WebhookEntity.MESSAGES, WebhookEntity.CUSTOMERS);
    assertThat(hook.events().get(0).entityName()).isEqualTo("catalogs");
    assertThat(hook.events().get(1).action()).isEqualTo(WebhookAction.UNKNOWN);
    assertThat(hook.events().get(1).actionName()).isEqualTo("merge");
    assertThat(hook.events().get(2).action()).isEqualTo(WebhookAction.NOTE);
    assertThat(hook.events().get(2).group("note")).containsEntry("text", "hi");
    assertThat(hook.raw()).containsEntry("stray", "1").containsEntry("flag", "");
    assertThat(((Map<?, ?>) hook.raw().get("leads")).get("add")).isEqualTo("flat");
    assertThat(hook.accountId()).isNull();
  }

  @Test
  void emptyBodyIsAWebhookWithoutEvents() {
    assertThat(Webhook.parse("").events()).isEmpty();
    assertThat(Webhook.parse("&&").raw()).isEmpty();
  }

  @Test
  void unencodedBracketsAndPlusAsSpace() {
    WebhookEvent e = Webhook.parse("leads[add][0][name]=Big+deal%21&leads[add][0][id]=1")
        .events().get(0);
    assertThat(e.name()).isEqualTo("Big deal!");
  }

  @Test
  void eventsAndRawAreImmutable() {
    Webhook hook = Webhook.parse("leads[add][0][id]=1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> hook.events().clear())
        .isInstanceOf(UnsupportedOperationException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
        () -> hook.events().get(0).fields().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
