package io.github.farolero.amocrm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonReader;
import io.github.farolero.amocrm.model.Catalog;
import io.github.farolero.amocrm.model.CatalogElement;
import io.github.farolero.amocrm.model.CustomFieldGroup;
import io.github.farolero.amocrm.model.Customer;
import io.github.farolero.amocrm.model.CustomerSegment;
import io.github.farolero.amocrm.model.CustomerStatus;
import io.github.farolero.amocrm.model.Extras;
import io.github.farolero.amocrm.model.FormMetadata;
import io.github.farolero.amocrm.model.Link;
import io.github.farolero.amocrm.model.OtherMetadata;
import io.github.farolero.amocrm.model.Role;
import io.github.farolero.amocrm.model.SipMetadata;
import io.github.farolero.amocrm.model.Transaction;
import io.github.farolero.amocrm.model.UnsortedLead;
import io.github.farolero.amocrm.model.UserDetails;
import io.github.farolero.amocrm.model.UserRights;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/**
 * The models of customers, links, catalogs, unsorted, users and roles: every documented field and
 * keys no one documented (nested too), read and written back, are the same JSON tree; what a
 * write sends leaves amoCRM's answer-only keys out.
 */
class ModelExtrasNewModelsRoundTripTest {

  private static final String LINKS = "{\"self\":{\"href\":\"https://x.amocrm.ru/api/v4/x/1\"}}";
  private static final String UNKNOWN = "\"x_new_key\":{\"deep\":[1,{\"a\":\"b\"}],\"n\":12.5}";
  private static final String CUSTOM_FIELDS =
      "[{\"field_id\":3,\"field_code\":\"SKU\",\"values\":[{\"value\":\"web\"}]}]";
  private static final String ELEMENT_REF = "{\"id\":15,\"metadata\":{\"catalog_id\":16,"
      + "\"quantity\":2,\"price_id\":17,\"x_meta\":true}," + UNKNOWN + "}";

  static final String CUSTOMER = "{\"id\":1,\"name\":\"Club\",\"next_price\":1500,"
      + "\"next_date\":1600000000,\"responsible_user_id\":2,\"status_id\":3,\"periodicity\":30,"
      + "\"created_by\":4,\"updated_by\":5,\"created_at\":1600000001,\"updated_at\":1600000002,"
      + "\"closest_task_at\":1600000003,\"is_deleted\":false,\"ltv\":9000,"
      + "\"purchases_count\":6,\"average_check\":1500,\"account_id\":7,"
      + "\"custom_fields_values\":" + CUSTOM_FIELDS + ",\"_links\":" + LINKS + ","
      + "\"_embedded\":{\"tags\":[{\"id\":8,\"name\":\"vip\",\"color\":null,\"x_tag\":1}],"
      + "\"contacts\":[{\"id\":9,\"is_main\":true,\"_links\":" + LINKS + "}],"
      + "\"companies\":[{\"id\":10,\"_links\":" + LINKS + "}],"
      + "\"segments\":[{\"id\":11,\"_links\":" + LINKS + "}],"
      + "\"catalog_elements\":[" + ELEMENT_REF + "]," + UNKNOWN + "}," + UNKNOWN + "}";

  static final String STATUS = "{\"id\":1,\"name\":\"Expected\",\"sort\":10,"
      + "\"is_default\":true,\"color\":\"#fffeb2\",\"type\":1,\"account_id\":2,"
      + "\"conditions\":[],\"_links\":" + LINKS + "," + UNKNOWN + "}";

  static final String SEGMENT = "{\"id\":1,\"name\":\"Big\",\"color\":\"ae003f\","
      + "\"customers_count\":12,\"created_at\":1600000000,\"updated_at\":1600000001,"
      + "\"custom_fields_values\":" + CUSTOM_FIELDS + ",\"account_id\":2,"
      + "\"available_products_price_types\":[1],\"_links\":" + LINKS + "," + UNKNOWN + "}";

  static final String TRANSACTION = "{\"id\":1,\"price\":1500,\"comment\":\"c\","
      + "\"completed_at\":1600000000,\"customer_id\":2,\"created_by\":3,\"updated_by\":4,"
      + "\"created_at\":1600000001,\"updated_at\":1600000002,\"is_deleted\":false,"
      + "\"account_id\":5,\"_links\":" + LINKS + ",\"_embedded\":{\"customer\":{\"id\":2,"
      + "\"_links\":" + LINKS + "},\"catalog_elements\":[" + ELEMENT_REF + "]}," + UNKNOWN + "}";

  static final String LINK = "{\"entity_id\":1,\"entity_type\":\"leads\",\"to_entity_id\":2,"
      + "\"to_entity_type\":\"catalog_elements\",\"metadata\":{\"catalog_id\":3,"
      + "\"quantity\":4,\"price_id\":5,\"main_contact\":false,\"updated_by\":6,"
      + UNKNOWN + "}," + UNKNOWN + "}";

  static final String CATALOG = "{\"id\":1,\"name\":\"Goods\",\"created_by\":2,"
      + "\"updated_by\":3,\"created_at\":1600000000,\"updated_at\":1600000001,\"sort\":10,"
      + "\"type\":\"products\",\"can_add_elements\":true,\"can_show_in_cards\":false,"
      + "\"can_link_multiple\":true,\"can_be_deleted\":false,\"sdk_widget_code\":\"w\","
      + "\"account_id\":4,\"_links\":" + LINKS + "," + UNKNOWN + "}";

  static final String ELEMENT = "{\"id\":1,\"catalog_id\":2,\"name\":\"Mug\",\"created_by\":3,"
      + "\"updated_by\":4,\"created_at\":1600000000,\"updated_at\":1600000001,"
      + "\"is_deleted\":false,\"custom_fields_values\":" + CUSTOM_FIELDS + ","
      + "\"account_id\":5,\"_links\":" + LINKS + "," + UNKNOWN + "}";

  static final String GROUP = "{\"id\":\"leads_1586274834\",\"name\":\"Stats\",\"sort\":1,"
      + "\"entity_type\":\"leads\",\"is_predefined\":true,\"type\":\"statistic\","
      + "\"_links\":" + LINKS + "," + UNKNOWN + "}";

  static final String RIGHTS = "{\"leads\":{\"view\":\"A\",\"edit\":\"G\",\"add\":\"M\","
      + "\"delete\":\"D\",\"export\":\"A\",\"x_right\":\"A\"},\"contacts\":{\"view\":\"A\"},"
      + "\"companies\":{\"view\":\"A\"},\"tasks\":{\"edit\":\"A\",\"delete\":\"A\"},"
      + "\"mail_access\":true,\"catalog_access\":false,\"files_access\":true,"
      + "\"status_rights\":[{\"entity_type\":\"leads\",\"pipeline_id\":1,\"status_id\":2,"
      + "\"rights\":{\"view\":\"A\"}," + UNKNOWN + "}],\"is_admin\":false,\"is_free\":false,"
      + "\"is_active\":true,\"group_id\":0,\"role_id\":3,\"oper_day_reports_view_access\":true,"
      + UNKNOWN + "}";

  static final String USER = "{\"id\":1,\"name\":\"Ann\",\"email\":\"a@x\",\"lang\":\"ru\","
      + "\"rights\":" + RIGHTS + ",\"uuid\":\"u-1\",\"amojo_id\":\"j-1\",\"user_rank\":\"master\","
      + "\"phone_number\":\"+7\",\"_links\":" + LINKS + ",\"_embedded\":{\"roles\":[{\"id\":3,"
      + "\"name\":\"Sales\",\"_links\":" + LINKS + "}],\"groups\":[{\"id\":0,\"name\":\"Main\"}]},"
      + UNKNOWN + "}";

  static final String ROLE = "{\"id\":3,\"name\":\"Sales\",\"rights\":" + RIGHTS + ","
      + "\"_links\":" + LINKS + "," + UNKNOWN + "}";

  static final String UNSORTED_FORM = "{\"uid\":\"a1\",\"source_uid\":\"s1\","
      + "\"source_name\":\"Site\",\"category\":\"forms\",\"pipeline_id\":1000,"
      + "\"created_at\":1510261200,\"account_id\":31,\"metadata\":{\"form_id\":\"12\","
      + "\"form_name\":\"F\",\"form_page\":\"p\",\"ip\":\"1.2.3.4\",\"form_sent_at\":1510261200,"
      + "\"referer\":\"r\"," + UNKNOWN + "},\"_embedded\":{\"leads\":[{\"id\":5,\"_links\":"
      + LINKS + "}]},\"_links\":" + LINKS + "," + UNKNOWN + "}";

  static final String UNSORTED_SIP = "{\"uid\":\"a2\",\"category\":\"sip\",\"metadata\":{"
      + "\"from\":\"+7\",\"phone\":\"+8\",\"called_at\":1510261200,\"duration\":60,"
      + "\"link\":\"https://x/r.mp3\",\"service_code\":\"pbx\",\"uniq\":\"u\","
      + "\"is_call_event_needed\":true," + UNKNOWN + "}}";

  static final String UNSORTED_CHAT = "{\"uid\":\"a3\",\"category\":\"chats\",\"metadata\":{"
      + "\"from\":\"Ann\",\"received_at\":1510261200,\"service\":\"telegram\","
      + "\"client\":{\"name\":\"Ann\",\"avatar\":null},\"origin\":\"tg\","
      + "\"last_message_text\":\"hi\",\"source_name\":\"Bot\"}}";

  static final String UNSORTED_MAIL = "{\"uid\":\"a4\",\"category\":\"mail\",\"metadata\":{"
      + "\"from\":{\"email\":\"a@x\",\"name\":\"Ann\"},\"to\":{\"email\":\"b@x\"},"
      + "\"subject\":\"Hello\",\"received_at\":1510261200,\"thread_id\":7,\"message_id\":8}}";

  @Test
  void customersAndTheirStatusesSegmentsAndTransactionsKeepEverything() throws IOException {
    assertKeepsEverything(Customer.class, CUSTOMER);
    assertKeepsEverything(CustomerStatus.class, STATUS);
    assertKeepsEverything(CustomerSegment.class, SEGMENT);
    assertKeepsEverything(Transaction.class, TRANSACTION);
    Customer customer = ModelJson.adapter(Customer.class).fromJson(CUSTOMER);
    assertThat(customer.extras().asMap()).containsOnlyKeys("_links", "x_new_key");
    assertThat(customer.embedded().extras().asMap()).containsOnlyKeys("x_new_key");
    assertThat(customer.embedded().catalogElements().get(0).metadata().extras().asMap())
        .containsOnlyKeys("x_meta");
    assertThat(customer.embedded().catalogElements().get(0).extras().asMap())
        .containsOnlyKeys("x_new_key");
    // A builder from it keeps what it read.
    Customer changed = customer.toBuilder().nextPrice(2000L).build();
    assertThat(changed.extras()).isEqualTo(customer.extras());
    assertThat(changed.embedded()).isEqualTo(customer.embedded());
    Transaction t = ModelJson.adapter(Transaction.class).fromJson(TRANSACTION);
    Transaction t2 = t.withElements(t.catalogElements());
    assertThat(t2).isEqualTo(t);
  }

  @Test
  void linksCatalogsElementsAndFieldGroupsKeepEverything() throws IOException {
    assertKeepsEverything(Link.class, LINK);
    assertKeepsEverything(Catalog.class, CATALOG);
    assertKeepsEverything(CatalogElement.class, ELEMENT);
    assertKeepsEverything(CustomFieldGroup.class, GROUP);
    Link link = ModelJson.adapter(Link.class).fromJson(LINK);
    assertThat(link.from(9).extras()).isEqualTo(link.extras());
    CatalogElement element = ModelJson.adapter(CatalogElement.class).fromJson(ELEMENT);
    assertThat(element.withId(2).extras()).isEqualTo(element.extras());
  }

  @Test
  void usersRightsAndRolesKeepUnknownKeys() throws IOException {
    assertKeepsEverything(UserRights.class, RIGHTS);
    assertKeepsEverything(UsersImpl.UserJson.class, USER);
    UserDetails user = UsersImplAccess.details(USER);
    assertThat(user.extras().asMap()).containsOnlyKeys("_links", "x_new_key");
    assertThat(user.rights().extras().asMap())
        .containsOnlyKeys("oper_day_reports_view_access", "x_new_key");
    assertThat(user.rights().leads().extras().asMap()).containsOnlyKeys("x_right");
    assertThat(user.roles().get(0).extras().asMap()).containsOnlyKeys("_links");
    Role role = RolesImpl.ROLE.fromJson(ROLE);
    assertThat(role.extras().asMap()).containsOnlyKeys("_links", "x_new_key");
    assertThat(role.rights().statusRights().get(0).extras().asMap()).containsOnlyKeys(
        "x_new_key");
  }

  @Test
  void unsortedLeadsOfEveryCategoryWriteBackAsRead() throws IOException {
    for (String json : List.of(UNSORTED_FORM, UNSORTED_SIP, UNSORTED_CHAT, UNSORTED_MAIL)) {
      UnsortedLead read = UnsortedWire.MODEL.fromJson(json);
      assertThat(expected(tree(UnsortedWire.MODEL.toJson(read)))).as(json)
          .isEqualTo(expected(tree(json)));
    }
    UnsortedLead form = UnsortedWire.MODEL.fromJson(UNSORTED_FORM);
    assertThat(form.metadata()).isInstanceOfSatisfying(FormMetadata.class, f -> {
      assertThat(f.formName()).isEqualTo("F");
      assertThat(f.extras().asMap()).containsOnlyKeys("x_new_key");
    });
    assertThat(form.extras().asMap()).containsOnlyKeys("_links", "x_new_key");
    assertThat(UnsortedWire.MODEL.fromJson(UNSORTED_SIP).metadata())
        .isInstanceOfSatisfying(SipMetadata.class,
            s -> assertThat(s.extras().asMap()).containsOnlyKeys("x_new_key"));
    UnsortedLead chat = UnsortedWire.MODEL.fromJson(UNSORTED_CHAT);
    assertThat(chat.metadata()).isInstanceOfSatisfying(OtherMetadata.class, o -> {
      assertThat(o.category()).isEqualTo("chats");
      assertThat(o.fields().json("client")).contains("{\"name\":\"Ann\",\"avatar\":null}");
      assertThat(o.json()).startsWith("{\"from\":\"Ann\",\"received_at\":1510261200,");
    });
    assertThat(UnsortedWire.MODEL.fromJson(UNSORTED_MAIL).metadata().category())
        .isEqualTo("mail");
  }

  @Test
  void writesOfCustomersElementsAndCatalogsLeaveAnswerOnlyKeysOut() throws IOException {
    String customer = WriteJson.entity(ModelJson.adapter(Customer.class).toJson(
        ModelJson.adapter(Customer.class).fromJson(CUSTOMER)));
    assertThat(customer).doesNotContain("_links", "account_id", "\"ltv\"", "purchases_count",
        "average_check", "closest_task_at", "is_deleted").contains("x_new_key", "next_price",
        "\"segments\":[{\"id\":11}]");
    String element = WriteJson.entity(ModelJson.adapter(CatalogElement.class).toJson(
        ModelJson.adapter(CatalogElement.class).fromJson(ELEMENT)));
    assertThat(element).doesNotContain("_links", "account_id", "is_deleted")
        .contains("\"name\":\"Mug\"", "x_new_key");
    String catalog = WriteJson.entity(ModelJson.adapter(Catalog.class).toJson(
        ModelJson.adapter(Catalog.class).fromJson(CATALOG)));
    assertThat(catalog).doesNotContain("_links", "account_id").contains("can_add_elements");
    String segment = WriteJson.entity(ModelJson.adapter(CustomerSegment.class).toJson(
        ModelJson.adapter(CustomerSegment.class).fromJson(SEGMENT)));
    assertThat(segment).doesNotContain("_links", "account_id", "customers_count");
  }

  @Test
  void oldConstructorsMakeRecordsWithoutExtras() {
    assertThat(new CustomerStatus(1L, "s", 1L, null, null, null, null).extras()).isNull();
    assertThat(Link.to(io.github.farolero.amocrm.model.EntityType.CONTACTS, 1).extras())
        .isNull();
    assertThat(Catalog.of("c", Catalog.PRODUCTS).extras()).isNull();
    assertThat(new OtherMetadata("chats", Extras.none()).json()).isEqualTo("{}");
  }

  /** Reads a user in detail as {@code UsersImpl} does. */
  private static final class UsersImplAccess {
    static UserDetails details(String json) throws IOException {
      return UsersImpl.toDetails(ModelJson.adapter(UsersImpl.UserJson.class)
          .fromJson(json));
    }
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

  /** The tree without nulls. */
  private static Object expected(Object tree) {
    if (tree instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> {
        if (v != null) {
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
