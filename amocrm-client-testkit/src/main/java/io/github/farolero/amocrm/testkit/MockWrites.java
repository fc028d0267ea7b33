package io.github.farolero.amocrm.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import mockwebserver3.MockResponse;
import org.jspecify.annotations.Nullable;

/**
 * The mock's writes: batch add and update of leads, contacts, companies and tasks, single PATCH,
 * {@code leads/complex}, notes and tags. A request is checked whole first (amoCRM's 400 with
 * {@code validation-errors}; nothing is saved), then applied. Thread-safe: writes are serialized.
 */
final class MockWrites {

  /** The most entities the mock takes in one batch request (amoCRM's hard limit is unconfirmed). */
  static final int MAX_BATCH = 250;
  /** The most leads in one {@code leads/complex} request, as amoCRM documents. */
  static final int MAX_COMPLEX = 50;

  private final MockApi api;
  /** The lead changes of the write being applied, sent as webhooks once it is done. */
  /** The entities whose changes the mock sends as webhooks. */
  private static final Set<String> HOOKED = Set.of("leads", "contacts", "companies");

  private final List<MockWebhooks.Change> changes = new ArrayList<>(); // guarded by this

  MockWrites(MockApi api) {
    this.api = api;
  }

  synchronized MockResponse.Builder batch(String entity, boolean update, @Nullable Object body) {
    List<Map<String, Object>> items = items(body);
    if (items == null) {
      return invalidBody();
    }
    if (items.size() > MAX_BATCH) {
      return api.problem(400, "Bad Request", "Too many entities in one request: " + items.size()
          + " (at most " + MAX_BATCH + ")");
    }
    MockEntityStore store = api.store(entity);
    List<MockValidation.Error> errors = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      MockValidation.check(api.catalog, entity, items.get(i), update, requestId(items.get(i), i),
          "", store::exists, errors);
      checkTagOptions(entity, items.get(i), update, requestId(items.get(i), i), errors);
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    List<Object> results = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> in = items.get(i);
      Map<String, Object> r = new LinkedHashMap<>();
      long id = update ? updateOne(entity, MockJson.asLong(in.get("id")), in) : add(entity, in);
      r.put("id", id);
      if (update) {
        r.put("updated_at", api.now());
      }
      r.put("request_id", requestId(in, i));
      r.put("_links", Map.of("self", MockJson.href(api.linkBase() + "api/v4/" + entity + "/" + id)));
      results.add(r);
    }
    fireChanges();
    return api.json(200, hal(entity, results), "application/hal+json");
  }

  synchronized MockResponse.Builder patchOne(String entity, long id, @Nullable Object body) {
    Map<String, Object> in = MockJson.asMap(body);
    if (in == null) {
      return invalidBody();
    }
    in.put("id", id);
    List<MockValidation.Error> errors = new ArrayList<>();
    MockValidation.check(api.catalog, entity, in, true, "0", "", api.store(entity)::exists,
        errors);
    checkTagOptions(entity, in, true, "0", errors);
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    updateOne(entity, id, in);
    fireChanges();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", id);
    r.put("updated_at", api.now());
    r.put("_links", Map.of("self", MockJson.href(api.linkBase() + "api/v4/" + entity + "/" + id)));
    return api.json(200, r, "application/hal+json");
  }

  synchronized MockResponse.Builder complex(@Nullable Object body) {
    List<Map<String, Object>> items = items(body);
    if (items == null) {
      return invalidBody();
    }
    if (items.size() > MAX_COMPLEX) {
      return api.problem(400, "Bad Request", "At most " + MAX_COMPLEX
          + " leads in one leads/complex request, got " + items.size());
    }
    List<MockValidation.Error> errors = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> lead = items.get(i);
      String rid = requestId(lead, i);
      MockValidation.check(api.catalog, "leads", lead, false, rid, "", id -> true, errors);
      Map<String, Object> givenEmbedded = MockJson.asMap(lead.get("_embedded"));
      Object metadata = givenEmbedded == null ? null : givenEmbedded.get("metadata");
      if (metadata != null) {
        Map<String, Object> m = MockJson.asMap(metadata);
        Object category = m == null ? null : m.get("category");
        if (!"forms".equals(category) && !"sip".equals(category)) {
          errors.add(new MockValidation.Error(rid, "NotSupportedChoice",
              "_embedded.metadata.category", "The value you selected is not a valid choice."));
        }
      }
      for (String kind : List.of("contacts", "companies")) {
        List<Map<String, Object>> linked = embedded(lead, kind);
        if (linked.size() > 1) {
          errors.add(new MockValidation.Error(rid, "Count", "_embedded." + kind,
              "This collection should contain 1 element or less."));
        }
        for (int k = 0; k < linked.size(); k++) {
          MockValidation.check(api.catalog, kind, linked.get(k), false, rid,
              "_embedded." + kind + "." + k + ".", id -> true, errors);
        }
      }
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    List<Object> results = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> lead = items.get(i);
      Long contactId = null;
      Long companyId = null;
      Map<String, Object> links = new LinkedHashMap<>();
      for (Map<String, Object> c : embedded(lead, "contacts")) {
        contactId = add("contacts", c);
        links.put("contacts", List.of(Map.of("id", contactId, "is_main", true)));
      }
      for (Map<String, Object> c : embedded(lead, "companies")) {
        companyId = add("companies", c);
        links.put("companies", List.of(Map.of("id", companyId)));
      }
      Map<String, Object> plain = new LinkedHashMap<>(lead);
      Map<String, Object> emb = new LinkedHashMap<>();
      Map<String, Object> given = MockJson.asMap(lead.get("_embedded"));
      if (given != null && given.get("tags") != null) {
        emb.put("tags", given.get("tags"));
      }
      emb.putAll(links);
      plain.put("_embedded", emb);
      if (given != null && given.get("metadata") != null) {
        // An incoming lead: amoCRM puts it into the main pipeline's "unsorted" stage.
        plain.put("pipeline_id", MockSeed.PIPELINE_ID);
        plain.put("status_id", MockSeed.STATUS_UNSORTED);
      }
      long leadId = add("leads", plain);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("id", leadId);
      r.put("contact_id", contactId);
      r.put("company_id", companyId);
      r.put("request_id", List.of(requestId(lead, i)));
      r.put("merged", false);
      results.add(r);
    }
    fireChanges();
    return api.json(200, results, "application/json");
  }

  synchronized MockResponse.Builder notes(String entity, @Nullable Object body) {
    List<Map<String, Object>> items = items(body);
    if (items == null) {
      return invalidBody();
    }
    List<MockValidation.Error> errors = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> n = items.get(i);
      Long entityId = MockJson.asLong(n.get("entity_id"));
      if (entityId == null || !api.store(entity).exists(entityId)) {
        errors.add(new MockValidation.Error(requestId(n, i), "NotFound", "entity_id",
            "Entity not found"));
      }
      if (!(n.get("note_type") instanceof String)) {
        errors.add(new MockValidation.Error(requestId(n, i), "NotBlank", "note_type",
            "This value should not be blank."));
      }
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    List<Object> results = new ArrayList<>();
    MockEntityStore notes = api.store(entity + "/notes");
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> n = items.get(i);
      long now = api.now();
      long id = notes.insert(nid -> {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", nid);
        e.put("entity_id", n.get("entity_id"));
        e.put("created_by", 0);
        e.put("updated_by", 0);
        e.put("created_at", now);
        e.put("updated_at", now);
        e.put("responsible_user_id", MockSeed.USER_ID);
        e.put("group_id", 0);
        e.put("note_type", n.get("note_type"));
        e.put("params", n.getOrDefault("params", List.of()));
        e.put("account_id", MockApi.ACCOUNT_ID);
        return e;
      });
      results.add(Map.of("id", id, "entity_id", n.get("entity_id"), "request_id", requestId(n, i)));
    }
    return api.json(200, hal("notes", results), "application/hal+json");
  }

  synchronized MockResponse.Builder tags(String entity, @Nullable Object body) {
    List<Map<String, Object>> items = items(body);
    if (items == null) {
      return invalidBody();
    }
    List<MockValidation.Error> errors = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (!(items.get(i).get("name") instanceof String s) || s.isBlank()) {
        errors.add(new MockValidation.Error(requestId(items.get(i), i), "NotBlank", "name",
            "This value should not be blank."));
      }
    }
    if (!errors.isEmpty()) {
      return api.invalid(errors);
    }
    List<Object> results = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> t = tag(entity, (String) items.get(i).get("name"));
      results.add(Map.of("id", t.get("id"), "name", t.get("name"), "request_id",
          requestId(items.get(i), i)));
    }
    return api.json(200, hal("tags", results), "application/hal+json");
  }

  /** The entities that take {@code tags_to_add} and {@code tags_to_delete}. */
  private static final Set<String> TAGGED = Set.of("leads", "contacts", "companies");

  /**
   * Checks {@code tags_to_add} / {@code tags_to_delete}: lists of tags each by id (of a tag of
   * this entity type) or by name; deleting is for an update only (a new entity has no tags).
   */
  private void checkTagOptions(String entity, Map<String, Object> in, boolean update,
      String requestId, List<MockValidation.Error> errors) {
    for (String key : List.of("tags_to_add", "tags_to_delete")) {
      Object raw = in.get(key);
      if (raw == null) {
        continue;
      }
      if (!TAGGED.contains(entity) || (!update && key.equals("tags_to_delete"))) {
        errors.add(new MockValidation.Error(requestId, "NotSupported", key,
            "This field is not supported here."));
        continue;
      }
      if (!(raw instanceof List<?> list)) {
        errors.add(new MockValidation.Error(requestId, "InvalidType", key,
            "This value should be of type array."));
        continue;
      }
      for (int k = 0; k < list.size(); k++) {
        Map<String, Object> t = MockJson.asMap(list.get(k));
        Long id = t == null ? null : MockJson.asLong(t.get("id"));
        Object name = t == null ? null : t.get("name");
        if (id == null && !(name instanceof String s && !s.isBlank())) {
          errors.add(new MockValidation.Error(requestId, "NotBlank", key + "." + k,
              "A tag needs an id or a name."));
        } else if (id != null && api.store(entity + "/tags").get(id) == null) {
          errors.add(new MockValidation.Error(requestId, "NotFound", key + "." + k + ".id",
              "Tag not found"));
        }
      }
    }
  }

  /** Applies checked {@code tags_to_add} / {@code tags_to_delete} to an {@code _embedded}. */
  private void applyTagOptions(String entity, Map<String, Object> embedded,
      Map<String, Object> in) {
    if (in.get("tags_to_add") == null && in.get("tags_to_delete") == null) {
      return;
    }
    List<Object> tags = new ArrayList<>();
    if (embedded.get("tags") instanceof List<?> old) {
      tags.addAll(old);
    }
    for (Map<String, Object> t : listOfMaps(in.get("tags_to_add"))) {
      Map<String, Object> tag = tagOf(entity, t);
      if (tags.stream().noneMatch(o -> sameTag(o, tag))) {
        tags.add(tag);
      }
    }
    for (Map<String, Object> t : listOfMaps(in.get("tags_to_delete"))) {
      Long id = MockJson.asLong(t.get("id"));
      Object name = t.get("name");
      tags.removeIf(o -> {
        Map<String, Object> m = MockJson.asMap(o);
        return m != null && (id != null ? id.equals(MockJson.asLong(m.get("id")))
            : name != null && name.equals(m.get("name")));
      });
    }
    embedded.put("tags", tags);
  }

  private Map<String, Object> tagOf(String entity, Map<String, Object> t) {
    Long id = MockJson.asLong(t.get("id"));
    return id != null ? api.store(entity + "/tags").get(id) : tag(entity, (String) t.get("name"));
  }

  private static boolean sameTag(Object o, Map<String, Object> tag) {
    Map<String, Object> m = MockJson.asMap(o);
    return m != null && java.util.Objects.equals(MockJson.asLong(m.get("id")),
        MockJson.asLong(tag.get("id")));
  }

  private static List<Map<String, Object>> listOfMaps(@Nullable Object raw) {
    List<Map<String, Object>> out = new ArrayList<>();
    if (raw instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> m = MockJson.asMap(o);
        if (m != null) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** Returns the tag with this name, made if missing. */
  Map<String, Object> tag(String entity, String name) {
    MockEntityStore tags = api.store(entity + "/tags");
    for (Map<String, Object> t : tags.all()) {
      if (name.equals(t.get("name"))) {
        return t;
      }
    }
    long id = tags.insert(tid -> {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("id", tid);
      t.put("name", name);
      t.put("color", null);
      return t;
    });
    return tags.get(id);
  }

  private long add(String entity, Map<String, Object> in) {
    long now = api.now();
    Map<String, Object> embedded = embeddedOf(entity, in);
    applyTagOptions(entity, embedded, in);
    long id = api.store(entity).insert(newId -> api.entities.created(entity, newId, in, now,
        api.linkBase(), embedded));
    api.events.record(MockEvents.singular(entity) + "_added", entity, id, List.of(), List.of());
    if (HOOKED.contains(entity)) {
      changes.add(new MockWebhooks.Change(entity, "add", api.store(entity).get(id), null));
    }
    return id;
  }

  private long updateOne(String entity, @Nullable Long id, Map<String, Object> patch) {
    MockEntityStore store = api.store(entity);
    Map<String, Object> stored = store.get(id);
    Map<String, Object> before = new LinkedHashMap<>(stored); // the entity before the change
    api.entities.merge(entity, stored, patch, api.now());
    api.events.changed(entity, id, before, stored);
    if (patch.get("_embedded") != null && !entity.equals("tasks")) {
      stored.put("_embedded", embeddedOf(entity, patch));
    }
    if (patch.get("tags_to_add") != null || patch.get("tags_to_delete") != null) {
      Map<String, Object> emb = MockJson.asMap(stored.get("_embedded"));
      emb = emb == null ? new LinkedHashMap<>() : new LinkedHashMap<>(emb);
      applyTagOptions(entity, emb, patch);
      stored.put("_embedded", emb);
    }
    store.replace(id, stored);
    if (HOOKED.contains(entity)) {
      changes.add(new MockWebhooks.Change(entity, "update", stored, before));
      if (entity.equals("leads")
          && (changed(before, stored, "status_id") || changed(before, stored, "pipeline_id"))) {
        changes.add(new MockWebhooks.Change(entity, "status", stored, before));
      }
      if (changed(before, stored, "responsible_user_id")) {
        changes.add(new MockWebhooks.Change(entity, "responsible", stored, before));
      }
    }
    return id;
  }

  /**
   * Deletes an entity as a user does in amoCRM's interface: it leaves the lists, the event log
   * records {@code <entity>_deleted}, and a lead's, contact's or company's {@code delete_*}
   * webhooks are sent.
   */
  synchronized boolean delete(String entity, long id) {
    MockEntityStore store = api.store(entity);
    Map<String, Object> stored = store.get(id);
    if (stored == null || !store.delete(id)) {
      return false;
    }
    api.events.record(MockEvents.singular(entity) + "_deleted", entity, id, List.of(), List.of());
    if (HOOKED.contains(entity)) {
      Map<String, Object> before = new LinkedHashMap<>(stored);
      stored.put("is_deleted", true);
      stored.put("updated_at", api.now());
      changes.add(new MockWebhooks.Change(entity, "delete", stored, before));
      fireChanges();
    }
    return true;
  }

  private static boolean changed(@Nullable Map<String, Object> before, Map<String, Object> after,
      String key) {
    return before != null && !java.util.Objects.equals(MockJson.asLong(before.get(key)),
        MockJson.asLong(after.get(key)));
  }

  private void fireChanges() {
    try {
      api.webhooks.fire(List.copyOf(changes));
    } finally {
      changes.clear();
    }
  }

  /** The stored {@code _embedded}: tags by name with ids, and links to other entities. */
  private Map<String, Object> embeddedOf(String entity, Map<String, Object> in) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Object> tags = new ArrayList<>();
    for (Map<String, Object> t : embedded(in, "tags")) {
      if (t.get("name") instanceof String name) {
        tags.add(tag(entity, name));
      }
    }
    out.put("tags", tags);
    for (String kind : List.of("contacts", "companies")) {
      List<Object> links = new ArrayList<>();
      for (Map<String, Object> l : embedded(in, kind)) {
        Long id = MockJson.asLong(l.get("id"));
        if (id != null) {
          Map<String, Object> link = new LinkedHashMap<>();
          link.put("id", id);
          if (l.get("is_main") != null) {
            link.put("is_main", l.get("is_main"));
          }
          links.add(link);
        }
      }
      if (!links.isEmpty() && !kind.equals(entity)) {
        out.put(kind, links);
      }
    }
    return out;
  }

  private static List<Map<String, Object>> embedded(Map<String, Object> in, String kind) {
    Map<String, Object> emb = MockJson.asMap(in.get("_embedded"));
    List<Map<String, Object>> out = new ArrayList<>();
    if (emb != null && emb.get(kind) instanceof List<?> list) {
      for (Object o : list) {
        Map<String, Object> m = MockJson.asMap(o);
        if (m != null) {
          out.add(m);
        }
      }
    }
    return out;
  }

  private Map<String, Object> hal(String key, List<Object> items) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("_links", Map.of("self", MockJson.href(api.linkBase() + "api/v4/" + key)));
    body.put("_embedded", Map.of(key, items));
    return body;
  }

  private MockResponse.Builder invalidBody() {
    return api.invalid(List.of(new MockValidation.Error("0", "InvalidType", "",
        "This value should be of type array.")));
  }

  private static @Nullable List<Map<String, Object>> items(@Nullable Object body) {
    if (!(body instanceof List<?> list)) {
      return null;
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : list) {
      Map<String, Object> m = MockJson.asMap(o);
      if (m == null) {
        return null;
      }
      out.add(m);
    }
    return out;
  }

  private static String requestId(Map<String, Object> item, int index) {
    Object given = item.get("request_id");
    return given instanceof String s ? s : Integer.toString(index);
  }
}
