package io.github.farolero.amocrm.webhook;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One webhook request of amoCRM, read from its {@code application/x-www-form-urlencoded} body:
 * the account it came from and its events, in the body's order.
 *
 * <pre>{@code
 * Webhook hook = Webhook.parse("leads[status][0][id]=123&leads[status][0][status_id]=142"
 *     + "&leads[status][0][old_status_id]=141&account[id]=31000000&account[subdomain]=example");
 * WebhookEvent e = hook.events().get(0);   // LEADS, STATUS, id() 123, statusId() 142
 * }</pre>
 *
 * <p>Each top-level group but {@code account} is an entity ({@link WebhookEntity}), each group
 * inside it an action ({@link WebhookAction}), and each numbered group inside that one event.
 * What has another shape (a top-level plain value, an action that is not a group of groups) makes
 * no event and stays in {@link #raw()}.
 *
 * @param accountId {@code account[id]}, or null
 * @param subdomain {@code account[subdomain]}, or null
 * @param events the events, in the body's order; copied, immutable
 * @param raw the whole body as a tree (the shape {@link WebhookEvent#fields()} describes),
 *     including {@code account} (whose {@code _links[self]} may be a plain string or a group
 *     with {@code href}) and keys this library does not know; copied, immutable
 */
public record Webhook(
    @Nullable Long accountId,
    @Nullable String subdomain,
    List<WebhookEvent> events,
    Map<String, Object> raw) {

  /** Checks and copies. */
  public Webhook {
    events = List.copyOf(events);
    raw = Values.frozen(Objects.requireNonNull(raw, "raw == null"));
  }

  /**
   * Reads a webhook body, UTF-8, within the default limits of {@link WebhookHandler}.
   *
   * @param formBody the body, such as {@code leads[add][0][id]=1&account[subdomain]=example}
   * @return the webhook
   * @throws WebhookFormatException if the body is malformed or past a limit
   */
  public static Webhook parse(String formBody) {
    Objects.requireNonNull(formBody, "formBody == null");
    byte[] bytes = formBody.getBytes(StandardCharsets.UTF_8);
    return WebhookHandler.DEFAULT.parse(bytes, bytes.length, StandardCharsets.UTF_8);
  }

  /**
   * Returns the events of one entity and action, such as every lead status change.
   *
   * @param entity the entity
   * @param action the action
   * @return those events, in order; immutable
   */
  public List<WebhookEvent> events(WebhookEntity entity, WebhookAction action) {
    List<WebhookEvent> out = new ArrayList<>();
    for (WebhookEvent e : events) {
      if (e.entity() == entity && e.action() == action) {
        out.add(e);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Builds the webhook of a parsed tree: the reading this class's Javadoc describes. */
  @SuppressWarnings("unchecked")
  static Webhook of(Map<String, Object> tree) {
    Long accountId = null;
    String subdomain = null;
    List<WebhookEvent> events = new ArrayList<>();
    for (Map.Entry<String, Object> top : tree.entrySet()) {
      if (!(top.getValue() instanceof Map<?, ?> group)) {
        continue;
      }
      if (top.getKey().equals("account")) {
        accountId = Values.toLong(Values.scalar(group.get("id")));
        subdomain = Values.scalar(group.get("subdomain"));
        continue;
      }
      WebhookEntity entity = WebhookEntity.fromWireName(top.getKey());
      for (Map.Entry<?, ?> act : group.entrySet()) {
        if (!(act.getValue() instanceof Map<?, ?> items)) {
          continue;
        }
        String actionName = (String) act.getKey();
        WebhookAction action = WebhookAction.fromWireName(actionName);
        for (Object item : items.values()) {
          if (item instanceof Map<?, ?> fields) {
            WebhookEntity kind = entity == WebhookEntity.CONTACTS
                && "company".equalsIgnoreCase(Values.scalar(fields.get("type")))
                ? WebhookEntity.COMPANIES : entity;
            events.add(new WebhookEvent(kind, top.getKey(), action, actionName,
                (Map<String, Object>) fields));
          }
        }
      }
    }
    return new Webhook(accountId, subdomain, events, tree);
  }
}
