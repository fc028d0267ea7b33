package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import io.github.farolero.amocrm.model.Company;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.CustomFieldDefinition;
import io.github.farolero.amocrm.model.Extras;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.Note;
import io.github.farolero.amocrm.model.Status;
import io.github.farolero.amocrm.model.Task;
import java.io.IOException;
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
    assertThat(lead.extras().json("source_id")).contains("6");
    assertThat(lead.embedded().extras().json("catalog_elements")).contains(
        "[{\"id\":15,\"metadata\":{\"quantity\":2,\"catalog_id\":16,\"price_id\":17}}]");
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
    assertThat(note.params().extras().json("call_status")).contains("4");
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
