package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.api.AccountWith;
import io.github.farolero.amocrm.model.Account.EntityName;
import io.github.farolero.amocrm.model.Account;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code client.accountWith(AccountWith...)}: against the mock, and against messy real payloads. */
class AccountDetailsTest {

  @Test
  void plainAccountHasNoDetailsAndAsksForNone() {
    try (ApiFixture f = new ApiFixture()) {
      Account a = f.client.account();
      assertThat(a.id()).isPositive();
      assertThat(a.amojoId()).isNull(); // amoCRM sends it only when asked
      assertThat(a.taskTypes()).isEmpty();
      assertThat(a.entityNames()).isEmpty();
      assertThat(a.uuid()).isEqualTo("824f3a59-6154-4edf-ac90-5b03c9a9fb1b");
    }
  }

  @Test
  void everyDetailAgainstTheMock() {
    try (ApiFixture f = new ApiFixture()) {
      Account a = f.client.accountWith(AccountWith.values());
      assertThat(a.amojoId()).isEqualTo("00000000-0000-4000-8000-000000000001");
      assertThat(a.version()).isEqualTo(1599L);
      assertThat(a.driveUrl()).isEqualTo("https://drive-b.amocrm.ru");
      assertThat(a.apiFilterEnabled()).isFalse();
      assertThat(a.amojoRights()).isEqualTo(new Account.AmojoRights(true, true));
      assertThat(a.usersGroups()).extracting(Account.UserGroup::name)
          .containsExactly("Отдел продаж", "Поддержка");
      assertThat(a.taskTypes()).extracting(Account.TaskType::code)
          .containsExactly("FOLLOW_UP", "MEETING", null);
      EntityName lead = a.entityNames().get("leads").get("ru");
      assertThat(lead.gender()).isEqualTo("f");
      assertThat(lead.singular().defaultForm()).isEqualTo("сделка");
      assertThat(lead.plural().genitive()).isEqualTo("сделок");
      assertThat(a.entityNames().get("leads").get("en").plural().defaultForm())
          .isEqualTo("leads");
      assertThat(a.datetimeSettings().timezone()).isEqualTo("Europe/Moscow");
      assertThat(a.datetimeSettings().dateFormat()).isEqualTo("d.m.Y"); // from "date_formant"
    }
  }

  @Test
  void onlyTheDetailsAskedForAreSentInOneWithParameter() throws Exception {
    try (ApiFixture f = new ApiFixture()) {
      Account a = f.client.accountWith(AccountWith.TASK_TYPES, AccountWith.AMOJO_ID,
          AccountWith.TASK_TYPES);
      assertThat(a.amojoId()).isNotNull();
      assertThat(a.taskTypes()).hasSize(3);
      assertThat(a.usersGroups()).isEmpty();
      assertThat(a.datetimeSettings()).isNull();
      assertThat(f.amo.lastApiRequestUrl().queryParameterValues("with"))
          .containsExactly("amojo_id,task_types");
    }
  }

  /** amoCRM's documented example, with the mess real answers add. */
  static final String MESSY = """
      {"id":"1231414","name":"example","subdomain":"example","created_at":"1585840134",
       "current_user_id":581651,"country":"RU","currency":"RUB","customers_mode":"segments",
       "is_unsorted_on":true,"amojo_id":"f3c6340d-410e-4ad1-9f7e-c5e663599909",
       "uuid":"824f3a59-6154-4edf-ac90-5b03c9a9fb1b","version":"1599",
       "is_api_filter_enabled":"1","drive_url":"https://drive-b.amocrm.ru",
       "labor_cost":null,
       "_links":{"self":{"href":"https://example.amocrm.ru/api/v4/account"}},
       "_embedded":{
         "amojo_rights":{"can_direct":"1","can_create_groups":0},
         "users_groups":[{"id":0,"name":"\\u041e\\u0442\\u0434\\u0435\\u043b","uuid":null},
                         null,{"id":"447371","name":"Support","extra":[1,2]}],
         "task_types":[{"id":1,"name":"Follow-up","color":null,"icon_id":null,"code":"FOLLOW_UP"},
                       {"id":"2214554","name":"Send offer","color":"#ff0000","icon_id":"5",
                        "code":null,"option":{}}],
         "entity_names":{"leads":{"ru":{"gender":"f",
              "singular_form":{"default":"сделка","genitive":"сделки"},
              "plural_form":[]},
            "es":[]},
           "contacts":[]},
         "datetime_settings":{"date_pattern":"d.m.Y H:i","short_date_pattern":"d.m.Y",
              "short_time_pattern":"H:i","date_formant":"d.m.Y","time_format":"H:i:s",
              "timezone":"Europe/Moscow","timezone_offset":"+03:00","week_start":1}}}
      """;

  @Test
  void readsAMessyRealAnswer() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().answerNext(200, "application/hal+json", MESSY);
      Account a = f.client.accountWith(AccountWith.values());
      assertThat(a.id()).isEqualTo(1231414L);
      assertThat(a.createdAt()).hasToString("2020-04-02T15:08:54Z");
      assertThat(a.version()).isEqualTo(1599L);
      assertThat(a.apiFilterEnabled()).isTrue();
      assertThat(a.amojoRights()).isEqualTo(new Account.AmojoRights(true, false));
      assertThat(a.usersGroups()).extracting(Account.UserGroup::id).containsExactly(0L, 447371L);
      assertThat(a.usersGroups().get(0).name()).isEqualTo("Отдел");
      assertThat(a.taskTypes()).extracting(Account.TaskType::iconId).containsExactly(null, 5L);
      assertThat(a.entityNames()).containsOnlyKeys("leads"); // "contacts":[] is no names
      assertThat(a.entityNames().get("leads")).containsOnlyKeys("ru");
      assertThat(a.entityNames().get("leads").get("ru").plural()).isNull();
      assertThat(a.entityNames().get("leads").get("ru").singular().genitive())
          .isEqualTo("сделки");
      assertThat(a.datetimeSettings().dateFormat()).isEqualTo("d.m.Y");
      assertThat(a.datetimeSettings().timezoneOffset()).isEqualTo("+03:00");
    }
  }

  @Test
  void detailsThatAreEmptyObjectsOrOfAnotherShapeReadAsAbsent() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.faults().answerNext(200, "application/hal+json", """
          {"id":5,"amojo_id":null,"_embedded":{"amojo_rights":[],"users_groups":{},
           "task_types":"none","entity_names":[],"datetime_settings":[],"version":7}}
          """);
      Account a = f.client.accountWith(AccountWith.values());
      assertThat(a.id()).isEqualTo(5L);
      assertThat(a.amojoRights()).isNull();
      assertThat(a.usersGroups()).isEmpty();
      assertThat(a.taskTypes()).isEmpty();
      assertThat(a.entityNames()).isEmpty();
      assertThat(a.datetimeSettings()).isNull();
      assertThat(a.version()).isEqualTo(7L); // under _embedded in this answer
    }
  }

  @Test
  void theListsAndMapsAreUnmodifiable() {
    try (ApiFixture f = new ApiFixture()) {
      Account a = f.client.accountWith(AccountWith.values());
      assertThat(a.taskTypes()).isUnmodifiable();
      assertThat(a.entityNames()).isUnmodifiable();
      assertThat(a.entityNames().get("leads")).isUnmodifiable();
      assertThat(List.copyOf(a.usersGroups())).isEqualTo(a.usersGroups());
    }
  }
}
