package io.github.farolero.amocrm.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The keys of an amoCRM object that its record has no component for, each kept as its JSON text
 * exactly as read, in the order read. Nothing amoCRM sends is lost: what this library does not
 * type (a key amoCRM adds tomorrow, {@code _links}, an account's own extensions) stays available
 * raw, and is written back when the record is serialized.
 *
 * <pre>{@code
 * Lead lead = client.leads().get(42).orElseThrow();
 * Optional<String> links = lead.extras() == null ? Optional.empty() : lead.extras().json("_links");
 * }</pre>
 *
 * <p><b>The pattern, for a model record:</b> give it one last component
 * {@code @Nullable Extras extras} (named {@code extras}: a component of this type by another
 * name, such as a custom field definition's {@code settings}, is one JSON object read and written
 * as a value). Nothing else is needed: the library's reader (for every record
 * of its packages read through its JSON adapters) puts each key the record has no component for
 * here, and its writer writes them back after the record's own keys, each once (a key the record
 * has a component for is never written from here). The component's own name is never a JSON key.
 * It is null when there were no such keys, so a record read and a record built compare equal.
 *
 * <p>Immutable and thread-safe. {@link #toString()} names the keys only (values may hold
 * personal data).
 */
public final class Extras {
  private static final Extras NONE = new Extras(Map.of());

  private final Map<String, String> json;

  private Extras(Map<String, String> json) {
    this.json = json;
  }

  /** Returns the empty set of extra keys. */
  public static Extras none() {
    return NONE;
  }

  /**
   * Returns these keys with their JSON texts (each one JSON value: {@code "\"text\""},
   * {@code "12"}, {@code "{\"a\":1}"}), in this order; whitespace outside strings is dropped.
   *
   * @param json each key's JSON value text
   * @return the extras
   */
  public static Extras of(Map<String, String> json) {
    Map<String, String> copy = new LinkedHashMap<>();
    json.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key == null"),
        Models.compactJson(Objects.requireNonNull(v, "json of " + k + " == null"))));
    return copy.isEmpty() ? NONE : new Extras(Collections.unmodifiableMap(copy));
  }

  /** Returns the keys and their JSON texts, in the order read; unmodifiable. */
  public Map<String, String> asMap() {
    return json;
  }

  /**
   * Returns one key's JSON text.
   *
   * @param key the key, such as {@code _links}
   * @return its JSON text, if it was sent
   */
  public Optional<String> json(String key) {
    return Optional.ofNullable(json.get(key));
  }

  /** Returns true if there are no extra keys. */
  public boolean isEmpty() {
    return json.isEmpty();
  }

  /**
   * Returns these extras with one key set (added last, or replaced in place).
   *
   * @param key the key
   * @param jsonValue its JSON text
   * @return the new extras
   */
  public Extras with(String key, String jsonValue) {
    Map<String, String> copy = new LinkedHashMap<>(json);
    copy.put(key, jsonValue);
    return of(copy);
  }

  /**
   * Returns these extras without one key.
   *
   * @param key the key
   * @return the new extras
   */
  public Extras without(String key) {
    Map<String, String> copy = new LinkedHashMap<>(json);
    copy.remove(key);
    return of(copy);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Extras e && e.json.equals(json);
  }

  @Override
  public int hashCode() {
    return json.hashCode();
  }

  /** Returns {@code Extras[key, key...]}: the keys, not their values. */
  @Override
  public String toString() {
    return "Extras" + json.keySet();
  }
}
