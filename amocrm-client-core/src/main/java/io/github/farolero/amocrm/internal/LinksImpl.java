package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.api.Links;
import io.github.farolero.amocrm.api.Listing;
import io.github.farolero.amocrm.error.PartialBatchException;
import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.Link;
import io.github.farolero.amocrm.model.LinkMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;

/** {@code /api/v4/{type}/{id}/links}, {@code link}, {@code unlink} and their mass forms. */
final class LinksImpl implements Links {

  private static final JsonAdapter<Link> ADAPTER = ModelJson.adapter(Link.class);

  private final ApiTransport transport;

  LinksImpl(ApiTransport transport) {
    this.transport = transport;
  }

  @Override
  public Listing<Link> of(EntityType type, long entityId) {
    Objects.requireNonNull(type, "type == null");
    // Not documented as paged: no limit is sent unless the caller asks for one.
    return new PagedListing<>(transport, type.path() + "/" + entityId + "/links", "links",
        ADAPTER, null);
  }

  @Override
  public Listing<Link> of(EntityType type) {
    Objects.requireNonNull(type, "type == null");
    return new PagedListing<>(transport, type.path() + "/links", "links", ADAPTER, 250);
  }

  @Override
  public List<Link> link(EntityType type, long entityId, List<Link> links) {
    Objects.requireNonNull(type, "type == null");
    return send(transport.url(type.path() + "/" + entityId + "/link"), wire(links, false), true);
  }

  @Override
  public void unlink(EntityType type, long entityId, List<Link> links) {
    Objects.requireNonNull(type, "type == null");
    send(transport.url(type.path() + "/" + entityId + "/unlink"), wire(links, false), false);
  }

  @Override
  public List<Link> link(EntityType type, List<Link> links) {
    Objects.requireNonNull(type, "type == null");
    return send(transport.url(type.path() + "/link"), wire(links, true), true);
  }

  @Override
  public void unlink(EntityType type, List<Link> links) {
    Objects.requireNonNull(type, "type == null");
    send(transport.url(type.path() + "/unlink"), wire(links, true), false);
  }

  /**
   * Sends links in requests of at most 50 and returns the links amoCRM answered (a link answers
   * {@code _embedded.links}, an unlink 204). Not mapped one to one: amoCRM answers with the links
   * it holds, which need not match the inputs in number (a link that already existed). A refusal
   * after the first request is a {@link PartialBatchException} whose saved() are the inputs sent
   * before it.
   */
  private List<Link> send(HttpUrl url, List<Link> links, boolean answered) {
    int n = links.size();
    int requests = (n + BATCH_SIZE - 1) / BATCH_SIZE;
    List<Link> made = new ArrayList<>();
    for (int offset = 0, k = 1; offset < n; offset += BATCH_SIZE, k++) {
      List<Link> chunk = links.subList(offset, Math.min(n, offset + BATCH_SIZE));
      try {
        List<Link> answer = transport.execute("POST", url, json(chunk),
            body -> answered ? HalPage.read(body, "links", ADAPTER).items() : null);
        if (answer != null) {
          made.addAll(answer);
        }
      } catch (RuntimeException e) {
        RuntimeException failure = e instanceof ValidationException v
            ? Batches.translate(v, "POST", url, offset, chunk.size(), k, requests) : e;
        if (offset == 0) {
          throw failure;
        }
        throw new PartialBatchException("a batch POST " + url.encodedPath() + " of " + n
            + " links stopped at request " + k + " of " + requests + " (inputs " + offset
            + " to " + (offset + chunk.size() - 1) + "); inputs 0 to " + (offset - 1)
            + " were sent (see saved()): " + failure.getMessage(),
            List.copyOf(links.subList(0, offset)), failure);
      }
    }
    return List.copyOf(made);
  }

  /**
   * The links as amoCRM takes them: the target, its metadata ({@code main_contact} as read
   * becomes {@code is_main}), and the source's id for the mass forms only.
   */
  private static List<Link> wire(List<Link> links, boolean mass) {
    Objects.requireNonNull(links, "links == null");
    List<Link> out = new ArrayList<>(links.size());
    for (int i = 0; i < links.size(); i++) {
      Link l = Objects.requireNonNull(links.get(i), "links[" + i + "] == null");
      if (l.toEntityId() == null) {
        throw new IllegalArgumentException("links[" + i + "] has no to_entity_id");
      }
      if (l.toEntityType() == null || l.toEntityType().isBlank()) {
        throw new IllegalArgumentException("links[" + i + "] has no to_entity_type");
      }
      if (mass && l.entityId() == null) {
        throw new IllegalArgumentException("links[" + i + "] has no entity_id: use"
            + " link.from(entityId)");
      }
      LinkMetadata m = l.metadata();
      LinkMetadata sent = m == null ? null : new LinkMetadata(m.catalogId(), m.quantity(),
          m.priceId(), m.main() != null ? m.main() : m.mainContact(), null, m.updatedBy());
      out.add(new Link(mass ? l.entityId() : null, null, l.toEntityId(), l.toEntityType(),
          sent));
    }
    return out;
  }

  private static String json(List<Link> links) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < links.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(ADAPTER.toJson(links.get(i)));
    }
    return sb.append(']').toString();
  }
}
