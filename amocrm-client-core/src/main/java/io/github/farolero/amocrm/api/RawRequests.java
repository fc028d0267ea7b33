package io.github.farolero.amocrm.api;

import java.util.Map;

/**
 * Requests to amoCRM API v4 endpoints this library has no typed service for yet, with everything
 * the typed services get: the token (refreshed as needed, retried after a 401), the shared rate
 * limiter, the {@link io.github.farolero.amocrm.RetryPolicy retries} and the error hierarchy
 * ({@link io.github.farolero.amocrm.error.AmoCrmHttpException} and its subclasses). Answers come
 * back as {@link RawJson} for the caller to map.
 *
 * <pre>{@code
 * RawJson sources = client.raw().get("sources", Map.of("filter[external_id]", "shop-1"));
 * client.raw().listing("customers", "customers")
 *     .stream(ListRequest.builder().with("contacts").build())
 *     .forEach(customer -> sync(customer.asMap()));
 * }</pre>
 *
 * <p>A path is relative to the account's {@code /api/v4/}: {@code leads/42}, {@code
 * catalogs/7/elements} ({@code /api/v4/leads/42} and {@code api/v4/leads/42} are taken too). It
 * never leaves it: an absolute URL (another host would get the token), a {@code .} or {@code ..}
 * segment (encoded or not), a backslash, a query or fragment in the path, whitespace or a control
 * character is refused with an {@link IllegalArgumentException} before anything is sent. Put the
 * query in the map.
 *
 * <p>Reads ({@code GET}) are retried as the retry policy says; writes only if it retries writes.
 * Thread-safe.
 */
public interface RawRequests {

  /**
   * {@code GET /api/v4/<path>}.
   *
   * @param path such as {@code leads/42}
   * @return the answer; {@link RawJson#empty()} for {@code 204 No Content}
   * @throws IllegalArgumentException if the path is not a path under {@code /api/v4/}
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error (404
   *     included)
   */
  RawJson get(String path);

  /**
   * {@code GET /api/v4/<path>?<query>}.
   *
   * @param path such as {@code leads}
   * @param query the parameters, such as {@code filter[id]} to {@code 42}; a value that is an
   *     {@link Iterable} repeats the parameter for each element; other values are written with
   *     {@code String.valueOf}
   * @return the answer; {@link RawJson#empty()} for {@code 204 No Content}
   * @throws IllegalArgumentException if the path is not a path under {@code /api/v4/}, or a name
   *     or value is null
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error
   */
  RawJson get(String path, Map<String, ?> query);

  /**
   * {@code POST /api/v4/<path>} with a JSON body.
   *
   * @param path such as {@code leads/unsorted/forms}
   * @param body the body, such as {@code RawJson.of(List.of(Map.of("name", "Deal")))}
   * @return the answer; {@link RawJson#empty()} if it has no body
   * @throws IllegalArgumentException if the path is not a path under {@code /api/v4/}, or the body
   *     is empty
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the body (400)
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  RawJson post(String path, RawJson body);

  /**
   * {@code PATCH /api/v4/<path>} with a JSON body.
   *
   * @param path such as {@code leads/42}
   * @param body the body
   * @return the answer; {@link RawJson#empty()} if it has no body
   * @throws IllegalArgumentException if the path is not a path under {@code /api/v4/}, or the body
   *     is empty
   * @throws io.github.farolero.amocrm.error.ValidationException if amoCRM refused the body (400)
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered another error
   */
  RawJson patch(String path, RawJson body);

  /**
   * {@code DELETE /api/v4/<path>}, without a body.
   *
   * @param path such as {@code leads/42/links}
   * @return the answer; {@link RawJson#empty()} if it has no body
   * @throws IllegalArgumentException if the path is not a path under {@code /api/v4/}
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error
   */
  RawJson delete(String path);

  /**
   * {@code DELETE /api/v4/<path>} with a JSON body, as {@code DELETE /api/v4/webhooks} takes one.
   *
   * @param path such as {@code webhooks}
   * @param body the body
   * @return the answer; {@link RawJson#empty()} if it has no body
   * @throws IllegalArgumentException if the path is not a path under {@code /api/v4/}, or the body
   *     is empty
   * @throws io.github.farolero.amocrm.error.AmoCrmHttpException if amoCRM answered an error
   */
  RawJson delete(String path, RawJson body);

  /**
   * Returns a listing of a HAL list endpoint: {@code GET /api/v4/<path>} whose items are in
   * {@code _embedded.<embeddedKey>}, paged as the typed listings are (following {@code
   * _links.next} through the client's base URL, one page in memory, {@code 204} as the end).
   *
   * @param path such as {@code customers}
   * @param embeddedKey the key under {@code _embedded}, such as {@code customers}
   * @return the listing; its items are the raw JSON objects
   * @throws IllegalArgumentException if the path is not a path under {@code /api/v4/}, or the key
   *     is blank
   */
  Listing<RawJson> listing(String path, String embeddedKey);
}
