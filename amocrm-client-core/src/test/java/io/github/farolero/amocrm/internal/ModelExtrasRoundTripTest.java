package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.CustomFieldDefinition;
import io.github.farolero.amocrm.model.EntityLink;
import io.github.farolero.amocrm.model.Extras;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.LeadSource;
import io.github.farolero.amocrm.model.LinkedCatalogElement;
import io.github.farolero.amocrm.model.LossReason;
import io.github.farolero.amocrm.model.Note;
import io.github.farolero.amocrm.model.NoteParams;
import io.github.farolero.amocrm.model.Status;
import io.github.farolero.amocrm.model.StatusDescription;
import io.github.farolero.amocrm.model.StatusRef;
import io.github.farolero.amocrm.model.Task;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * Every documented field of amoCRM's models, and keys no one documented (nested too), read and
 * written back: the JSON trees are equal. Nulls count as absent (the writer leaves them out);
 * a custom field's read-only {@code field_name} and {@code field_type} are not sent back (their
 * values' round trip is CustomFieldRoundTripPropertyTest's).
 */
class ModelExtrasRoundTripTest {

  private static final String LINKS = "{\"self\":{\"href\":\"https://x.amocrm.ru/api/v4/x/1\"}}";
  private static final String UNKNOWN = "\"x_new_key\":{\"deep\":[1,{\"a\":\"b\"}],\"n\":12.5}";
  private static final String CUSTOM_FIELDS = "[{\"field_id\":3,\"field_name\":\"Src\","
      + "\"field_code\":null,\"field_type\":\"text\",\"values\":[{\"value\":\"web\"}]}]";

  static final String LEAD = "{\"id\":1,\"name\":\"Deal\",\"price\":100,"
      + "\"responsible_user_id\":2,\"group_id\":0,\"status_id\":3,\"pipeline_id\":4,"
      + "\"loss_reason_id\":5,\"source_id\":6,\"created_by\":7,\"updated_by\":8,"
      + "\"created_at\":1600000000,\"updated_at\":1600000001,\"closed_at\":1600000002,"
      + "\"closest_task_at\":1600000003,\"is_deleted\":false,\"custom_fields_values\":"
      + CUSTOM_FIELDS + ",\"score\":9,\"account_id\":10,\"labor_cost\":11,"
      + "\"is_price_modified_by_robot\":false,\"_links\":" + LINKS + ","
      + "\"_embedded\":{\"loss_reason\":[{\"id\":5,\"name\":\"Expensive\",\"sort\":1,"
      + "\"created_at\":1600000000,\"updated_at\":1600000000,\"_links\":" + LINKS + "}],"
      + "\"tags\":[{\"id\":12,\"name\":\"web\",\"color\":\"#fff\",\"x_tag\":1}],"
      + "\"contacts\":[{\"id\":13,\"is_main\":true,\"_links\":" + LINKS + "}],"
      + "\"companies\":[{\"id\":14,\"_links\":" + LINKS + "}],"
      + "\"catalog_elements\":[{\"id\":15,\"metadata\":{\"quantity\":2,\"catalog_id\":16,"
      + "\"price_id\":17}}],"
      + "\"source\":{\"id\":6,\"name\":\"Site\",\"external_id\":\"s-1\",\"type\":\"form\"},"
      + UNKNOWN + "}," + UNKNOWN + "}";

  static final String CONTACT = "{\"id\":1,\"name\":\"Ann Lee\",\"first_name\":\"Ann\","
      + "\"last_name\":\"Lee\",\"responsible_user_id\":2,\"group_id\":0,\"created_by\":3,"
      + "\"updated_by\":4,\"created_at\":1600000000,\"updated_at\":1600000001,"
      + "\"closest_task_at\":1600000002,\"is_deleted\":false,\"is_unsorted\":false,"
      + "\"custom_fields_values\":" + CUSTOM_FIELDS + ",\"account_id\":5,\"_links\":" + LINKS
      + ",\"_embedded\":{\"tags\":[{\"id\":6,\"name\":\"vip\",\"color\":\"#000\"}],"
      + "\"leads\":[{\"id\":7,\"_links\":" + LINKS + "}],"
      + "\"customers\":[{\"id\":8,\"_links\":" + LINKS + "}],"
      + "\"companies\":[{\"id\":9,\"_links\":" + LINKS + "}],"
      + "\"catalog_elements\":[{\"id\":10,\"metadata\":{\"quantity\":1,\"catalog_id\":11}}]},"
      + UNKNOWN + "}";

  static final String COMPANY = "{\"id\":1,\"name\":\"Acme\",\"responsible_user_id\":2,"
      + "\"group_id\":0,\"created_by\":3,\"updated_by\":4,\"created_at\":1600000000,"
      + "\"updated_at\":1600000001,\"closest_task_at\":1600000002,\"is_deleted\":false,"
      + "\"custom_fields_values\":" + CUSTOM_FIELDS + ",\"account_id\":5,\"_links\":" + LINKS
      + ",\"_embedded\":{\"tags\":[{\"id\":6,\"name\":\"b2b\"}],"
      + "\"contacts\":[{\"id\":7,\"_links\":" + LINKS + "}],"
      + "\"leads\":[{\"id\":8,\"_links\":" + LINKS + "}],"
      + "\"customers\":[{\"id\":9,\"_links\":" + LINKS + "}],"
      + "\"catalog_elements\":[{\"id\":10,\"metadata\":{\"quantity\":3,\"catalog_id\":11}}]},"
      + UNKNOWN + "}";

  static final String TASK = "{\"id\":1,\"created_by\":2,\"updated_by\":3,"
      + "\"created_at\":1600000000,\"updated_at\":1600000001,\"responsible_user_id\":4,"
      + "\"group_id\":0,\"entity_id\":5,\"entity_type\":\"leads\",\"duration\":600,"
      + "\"is_completed\":true,\"task_type_id\":1,\"text\":\"Call\","
      + "\"result\":{\"text\":\"Done\",\"x_result\":true},\"complete_till\":1600003600,"
      + "\"account_id\":6,\"_links\":" + LINKS + "," + UNKNOWN + "}";

  static final String CALL_NOTE = "{\"id\":1,\"entity_id\":2,\"created_by\":3,"
      + "\"updated_by\":4,\"created_at\":1600000000,\"updated_at\":1600000001,"
      + "\"responsible_user_id\":5,\"group_id\":0,\"note_type\":\"call_in\","
      + "\"params\":{\"uniq\":\"8f52d38a-5fb3-406d-93a3-a4832dc28f8b\",\"duration\":60,"
      + "\"source\":\"onlinePBX\",\"link\":\"https://example.com/call.mp3\","
      + "\"phone\":\"+79990000000\",\"call_result\":\"Talked\",\"call_status\":4,"
      + "\"service\":\"pbx\",\"text\":\"hello\",\"file_uuid\":\"c1\",\"version_uuid\":\"c2\","
      + "\"file_name\":\"call.mp3\"," + UNKNOWN + "},"
      + "\"account_id\":6,\"_links\":" + LINKS + "," + UNKNOWN + "}";

  static final String STATUS = "{\"id\":1,\"name\":\"New\",\"sort\":10,\"is_editable\":true,"
      + "\"pipeline_id\":2,\"color\":\"#99ccff\",\"type\":0,\"account_id\":3,"
      + "\"descriptions\":[{\"id\":4,\"account_id\":3,\"description\":\"First call\","
      + "\"level\":\"newbie\"}],\"_links\":" + LINKS + "," + UNKNOWN + "}";

  static final String PIPELINE = "{\"id\":1,\"name\":\"Sales\",\"sort\":1,\"is_main\":true,"
      + "\"is_unsorted_on\":true,\"is_archive\":false,\"account_id\":3,\"_links\":" + LINKS
      + ",\"_embedded\":{\"statuses\":[" + STATUS + "]," + UNKNOWN + "}," + UNKNOWN + "}";

  static final String FIELD = "{\"id\":1,\"name\":\"Kind\",\"type\":\"select\",\"code\":null,"
      + "\"sort\":510,\"is_api_only\":false,\"enums\":[{\"id\":2,\"value\":\"A\",\"sort\":1,"
      + "\"code\":null}],\"group_id\":null,\"required_statuses\":[{\"status_id\":3,"
      + "\"pipeline_id\":4}],\"is_deletable\":true,\"is_predefined\":false,"
      + "\"entity_type\":\"leads\",\"remind\":null,\"triggers\":[],\"currency\":null,"
      + "\"hidden_statuses\":[{\"status_id\":5,\"pipeline_id\":4}],\"chained_lists\":null,"
      + "\"tracking_callback\":null,\"search_in\":null,\"settings\":{\"x\":1},"
      + "\"_links\":" + LINKS + "," + UNKNOWN + "}";

  @Test
  void leadKeepsEverything() throws IOException {
    assertKeepsEverything(Lead.class, LEAD);
    Lead lead = ModelJson.adapter(Lead.class).fromJson(LEAD);
    assertThat(lead.sourceId()).isEqualTo(6L);
    assertThat(lead.priceModifiedByRobot()).isFalse();
    assertThat(lead.lossReason()).isEqualTo(new LossReason(5L, "Expensive", 1L,
        Instant.ofEpochSecond(1600000000), Instant.ofEpochSecond(1600000000),
        Extras.of(Map.of("_links", LINKS))));
    assertThat(lead.catalogElements()).containsExactly(new LinkedCatalogElement(15L,
        new LinkedCatalogElement.Metadata(new BigDecimal("2"), 16L, 17L, null), null));
    assertThat(lead.source()).isEqualTo(new LeadSource(6L, "Site", "s-1", "form", null));
    // What stays untyped is still in extras: the lead's own and its _embedded's unknown keys.
    assertThat(lead.extras().asMap()).containsOnlyKeys("_links", "x_new_key");
    assertThat(lead.embedded().extras().asMap()).containsOnlyKeys("x_new_key");
    // A builder from it keeps what it read, and sends it back.
    assertThat(lead.toBuilder().price(200L).build().extras()).isEqualTo(lead.extras());
  }

  @Test
  void contactCompanyTaskNoteStatusPipelineAndFieldKeepEverything() throws IOException {
    assertKeepsEverything(Contact.class, CONTACT);
    assertKeepsEverything(Company.class, COMPANY);
    assertKeepsEverything(Task.class, TASK);
    assertKeepsEverything(Note.class, CALL_NOTE);
    assertKeepsEverything(Status.class, STATUS);
    assertKeepsEverything(WireRecords.PipelineJson.class, PIPELINE);
    assertKeepsEverything(CustomFieldDefinition.class, FIELD);
    Note note = ModelJson.adapter(Note.class).fromJson(CALL_NOTE);
    NoteParams p = note.params();
    assertThat(List.of(p.uniq(), p.callResult(), p.fileUuid(), p.versionUuid(), p.fileName(),
        p.phone(), p.link(), p.source())).containsExactly(
        "8f52d38a-5fb3-406d-93a3-a4832dc28f8b", "Talked", "c1", "c2", "call.mp3",
        "+79990000000", "https://example.com/call.mp3", "onlinePBX");
    assertThat(p.callStatus()).isEqualTo(4L);
    assertThat(p.durationSeconds()).isEqualTo(60L);
    assertThat(p.extras().asMap()).containsOnlyKeys("x_new_key");

    Contact contact = ModelJson.adapter(Contact.class).fromJson(CONTACT);
    assertThat(contact.customers()).extracting(EntityLink::id).containsExactly(8L);
    assertThat(contact.catalogElements()).containsExactly(new LinkedCatalogElement(10L,
        new LinkedCatalogElement.Metadata(BigDecimal.ONE, 11L, null, null), null));
    Company company = ModelJson.adapter(Company.class).fromJson(COMPANY);
    assertThat(company.customers()).extracting(EntityLink::id).containsExactly(9L);
    assertThat(company.catalogElements()).extracting(e -> e.metadata().quantity())
        .containsExactly(new BigDecimal("3"));

    Status status = ModelJson.adapter(Status.class).fromJson(STATUS);
    assertThat(status.descriptions()).containsExactly(
        new StatusDescription(4L, 3L, "First call", "newbie", null));

    CustomFieldDefinition field =
        ModelJson.adapter(CustomFieldDefinition.class).fromJson(FIELD);
    assertThat(field.requiredStatuses()).containsExactly(new StatusRef(4L, 3L, null));
    assertThat(field.hiddenStatuses()).containsExactly(StatusRef.of(4, 5));
    assertThat(field.apiOnly()).isFalse();
    assertThat(field.remind()).isNull();
    assertThat(field.currency()).isNull();
    assertThat(field.settings().json("x")).contains("1");
    CustomFieldDefinition money = ModelJson.adapter(CustomFieldDefinition.class).fromJson(
        "{\"id\":9,\"type\":\"monetary\",\"currency\":\"RUB\",\"remind\":\"day\","
        + "\"settings\":[]}");
    assertThat(money.currency()).isEqualTo("RUB");
    assertThat(money.remind()).isEqualTo("day");
    assertThat(money.settings()).isNull(); // amoCRM's [] for no settings
  }

  @Test
  void aKeyOfTheRecordsOwnIsNeverWrittenTwiceFromExtras() throws IOException {
    Lead lead = Lead.builder().name("A")
        .extras(Extras.none().with("name", "\"B\"").with("x", "[ 1, 2 ]")).build();
    assertThat(ModelJson.adapter(Lead.class).toJson(lead)).isEqualTo(
        "{\"name\":\"A\",\"x\":[1,2]}");
  }

  @Test
  void aRecordReadWithoutUnknownKeysHasNoExtras() throws IOException {
    Lead lead = ModelJson.adapter(Lead.class).fromJson("{\"id\":1,\"name\":\"n\"}");
    assertThat(lead.extras()).isNull();
    assertThat(lead).isEqualTo(Lead.builder().id(1L).name("n").build());
  }

  private static <T> void assertKeepsEverything(Class<T> type, String json) throws IOException {
    JsonAdapter<T> adapter = ModelJson.adapter(type);
    String written = adapter.toJson(adapter.fromJson(json));
    assertThat(expected(tree(written))).as(type.getSimpleName())
        .isEqualTo(expected(tree(json)));
  }

  private static Object tree(String json) throws IOException {
    return JsonReader.of(new Buffer().writeUtf8(json)).readJsonValue();
  }

  /** The tree without nulls and custom fields' read-only keys. */
  @SuppressWarnings("unchecked")
  private static Object expected(Object tree) {
    if (tree instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> {
        if (v != null && !(k.equals("field_name") || k.equals("field_type"))) {
          out.put((String) k, expected(v));
        }
      });
      return out;
    }
    if (tree instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(expected(v)));
      return out;
    }
    return tree;
  }
}
