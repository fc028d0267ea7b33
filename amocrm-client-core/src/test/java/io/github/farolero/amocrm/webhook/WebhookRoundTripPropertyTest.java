package io.github.farolero.amocrm.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * Random typed events, encoded into amoCRM's form shape by an encoder of this test's own (not the
 * library's), parse back equal: the events as records, and every typed accessor.
 */
class WebhookRoundTripPropertyTest {

  private static final DateTimeFormatter SQL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** One custom field value: text, an option, or a date in the old or current shape. */
  record Value(String kind, String text, long number) {}

  record Field(long id, String name, List<Value> values) {}

  /** A typed event; {@code wireEntity} is the body's group name. */
  record Gen(String wireEntity, boolean company, String wireAction, long id, String name,
      @Nullable Long statusId, @Nullable Long oldStatusId, BigDecimal price, long responsible,
      long createdAt, boolean createdAsText, boolean deleted, List<Field> fields) {}

  @Property(tries = 300)
  void randomEventsRoundTrip(@ForAll("webhooks") List<Gen> events,
      @ForAll("accounts") long accountId, @ForAll("text") String subdomain,
      @ForAll boolean encodeBrackets) {
    // Group as a body does: per entity, per action, numbered from 0.
    Map<String, Map<String, List<Gen>>> groups = new LinkedHashMap<>();
    for (Gen g : events) {
      groups.computeIfAbsent(g.wireEntity(), k -> new LinkedHashMap<>())
          .computeIfAbsent(g.wireAction(), k -> new ArrayList<>()).add(g);
    }
    List<String[]> pairs = new ArrayList<>();
    List<WebhookEvent> expected = new ArrayList<>();
    List<Gen> order = new ArrayList<>();
    groups.forEach((entity, actions) -> actions.forEach((action, list) -> {
      for (int i = 0; i < list.size(); i++) {
        Gen g = list.get(i);
        Map<String, Object> fields = new LinkedHashMap<>();
        String prefix = entity + "[" + action + "][" + i + "]";
        put(pairs, fields, prefix, "id", Long.toString(g.id()));
        put(pairs, fields, prefix, "name", g.name());
        if (g.company() || entity.equals("contacts")) {
          put(pairs, fields, prefix, "type", g.company() ? "company" : "contact");
        }
        if (g.statusId() != null) {
          put(pairs, fields, prefix, "status_id", Long.toString(g.statusId()));
        }
        if (g.oldStatusId() != null) {
          put(pairs, fields, prefix, "old_status_id", Long.toString(g.oldStatusId()));
        }
        put(pairs, fields, prefix, "price", g.price().toPlainString());
        put(pairs, fields, prefix, "responsible_user_id", Long.toString(g.responsible()));
        put(pairs, fields, prefix, "created_at", g.createdAsText()
            ? SQL.format(LocalDateTime.ofEpochSecond(g.createdAt(), 0, ZoneOffset.UTC))
            : Long.toString(g.createdAt()));
        put(pairs, fields, prefix, "is_deleted", g.deleted() ? "1" : "0");
        Map<String, Object> cfs = new LinkedHashMap<>();
        for (int f = 0; f < g.fields().size(); f++) {
          Field field = g.fields().get(f);
          Map<String, Object> cf = new LinkedHashMap<>();
          String fp = prefix + "[custom_fields][" + f + "]";
          put(pairs, cf, fp, "id", Long.toString(field.id()));
          put(pairs, cf, fp, "name", field.name());
          Map<String, Object> values = new LinkedHashMap<>();
          for (int v = 0; v < field.values().size(); v++) {
            Value value = field.values().get(v);
            String vp = fp + "[values][" + v + "]";
            switch (value.kind()) {
              case "oldDate" -> {
                pairs.add(new String[] {vp, Long.toString(value.number())});
                values.put(Integer.toString(v), Long.toString(value.number()));
              }
              case "date" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                put(pairs, m, vp, "value", Long.toString(value.number()));
                values.put(Integer.toString(v), m);
              }
              case "select" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                put(pairs, m, vp, "value", value.text());
                put(pairs, m, vp, "enum", Long.toString(value.number()));
                values.put(Integer.toString(v), m);
              }
              default -> {
                Map<String, Object> m = new LinkedHashMap<>();
                put(pairs, m, vp, "value", value.text());
                values.put(Integer.toString(v), m);
              }
            }
          }
          if (!values.isEmpty()) {
            cf.put("values", values);
          }
          cfs.put(Integer.toString(f), cf);
        }
        if (!cfs.isEmpty()) {
          fields.put("custom_fields", cfs);
        }
        WebhookEntity kind = g.company() ? WebhookEntity.COMPANIES
            : WebhookEntity.fromWireName(entity);
        expected.add(new WebhookEvent(kind, entity, WebhookAction.fromWireName(action), action,
            fields));
        order.add(g);
      }
    }));
    pairs.add(new String[] {"account[id]", Long.toString(accountId)});
    pairs.add(new String[] {"account[subdomain]", subdomain});

    Webhook hook = Webhook.parse(encode(pairs, encodeBrackets));

    assertThat(hook.events()).isEqualTo(expected);
    assertThat(hook.accountId()).isEqualTo(accountId);
    assertThat(hook.subdomain()).isEqualTo(subdomain);
    for (int i = 0; i < order.size(); i++) {
      Gen g = order.get(i);
      WebhookEvent e = hook.events().get(i);
      assertThat(e.id()).isEqualTo(g.id());
      assertThat(e.name()).isEqualTo(g.name());
      assertThat(e.statusId()).isEqualTo(g.statusId());
      assertThat(e.oldStatusId()).isEqualTo(g.oldStatusId());
      assertThat(e.price()).isEqualByComparingTo(g.price());
      assertThat(e.responsibleUserId()).isEqualTo(g.responsible());
      assertThat(e.createdAt()).isEqualTo(Instant.ofEpochSecond(g.createdAt()));
      assertThat(e.bool("is_deleted")).isEqualTo(g.deleted());
      assertThat(e.customFields()).hasSize(g.fields().size());
      for (int f = 0; f < g.fields().size(); f++) {
        Field field = g.fields().get(f);
        var cf = e.customFields().get(f);
        assertThat(cf.fieldId()).isEqualTo(field.id());
        assertThat(cf.fieldName()).isEqualTo(field.name());
        assertThat(cf.values()).hasSize(field.values().size());
        if (!field.values().isEmpty()) {
          Value first = field.values().get(0);
          switch (first.kind()) {
            // both shapes of a date field read the same moment
            case "oldDate", "date" -> assertThat(e.customFieldInstant(field.id()))
                .contains(Instant.ofEpochSecond(first.number()));
            case "select" -> assertThat(cf.enumIds()).contains(first.number());
            default -> assertThat(cf.text()).contains(first.text());
          }
        }
      }
    }
  }

  private static void put(List<String[]> pairs, Map<String, Object> fields, String prefix,
      String key, String value) {
    pairs.add(new String[] {prefix + "[" + key + "]", value});
    fields.put(key, value);
  }

  private static String encode(List<String[]> pairs, boolean encodeBrackets) {
    StringBuilder sb = new StringBuilder();
    for (String[] p : pairs) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      String key = URLEncoder.encode(p[0], StandardCharsets.UTF_8);
      if (!encodeBrackets) {
        key = key.replace("%5B", "[").replace("%5D", "]");
      }
      sb.append(key).append('=').append(URLEncoder.encode(p[1], StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  @Provide
  Arbitrary<String> text() {
    // Anything a person types, the form's own syntax included: & = [ ] % + and non-ASCII.
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(20),
        Arbitraries.strings().withChars("&=[]%+ ?#абвЖ😀\t").ofMaxLength(12),
        Arbitraries.strings().alpha().numeric().ofMaxLength(12))
        // text a form can carry: no lone surrogate (UTF-8 cannot encode one)
        .filter(s -> StandardCharsets.UTF_8.newEncoder().canEncode(s));
  }

  @Provide
  Arbitrary<Long> accounts() {
    return Arbitraries.longs().between(1, 99_999_999);
  }

  @Provide
  Arbitrary<List<Gen>> webhooks() {
    return gen().list().ofMaxSize(6);
  }

  private Arbitrary<Gen> gen() {
    Arbitrary<String> entity = Arbitraries.of("leads", "contacts", "companies", "customers",
        "task", "unsorted", "talk", "message", "catalogs", "x_custom");
    Arbitrary<String> action = Arbitraries.oneOf(Arbitraries.of("add", "update", "delete",
        "status", "restore", "responsible", "note"), Arbitraries.strings().alpha().ofLength(5));
    Arbitrary<Long> ids = Arbitraries.longs().between(0, Long.MAX_VALUE);
    Arbitrary<@Nullable Long> optionalIds = Arbitraries.longs().between(0, 10_000_000)
        .injectNull(0.3);
    Arbitrary<BigDecimal> price = Arbitraries.bigDecimals().between(BigDecimal.ZERO,
        new BigDecimal("1000000000")).ofScale(2);
    Arbitrary<Long> seconds = Arbitraries.longs().between(0, 4_102_444_800L);
    return Combinators.combine(
        Combinators.combine(entity, Arbitraries.of(false, true), action).as(
            (e, company, a) -> new Object[] {e, company && e.equals("contacts"), a}),
        ids, text(),
        Combinators.combine(optionalIds, optionalIds).as((s, o) -> new Long[] {s, o}),
        price, ids.map(x -> x % 1_000_000),
        Combinators.combine(seconds, Arbitraries.of(false, true), Arbitraries.of(false, true))
            .as((s, asText, deleted) -> new Object[] {s, asText, deleted}),
        field().list().ofMaxSize(4))
        .as((head, id, name, statuses, p, responsible, dates, fields) -> new Gen(
            (String) head[0], (Boolean) head[1], (String) head[2], id, name, statuses[0],
            statuses[1], p, responsible, (Long) dates[0], (Boolean) dates[1], (Boolean) dates[2],
            uniqueIds(fields)));
  }

  /** Field ids unique within an event (at most 4 fields), so a lookup by id finds that one. */
  private static List<Field> uniqueIds(List<Field> fields) {
    List<Field> out = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      out.add(new Field(f.id() * 4 + i, f.name(), f.values()));
    }
    return out;
  }

  private Arbitrary<Field> field() {
    Arbitrary<Value> value = Combinators.combine(
        Arbitraries.of("text", "select", "oldDate", "date"), text(),
        Arbitraries.longs().between(0, 4_102_444_800L))
        .as(Value::new);
    return Combinators.combine(Arbitraries.longs().between(1, 1_000_000), text(),
        value.list().ofMaxSize(3)).as(Field::new);
  }
}
