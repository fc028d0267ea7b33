package io.github.farolero.amocrm.internal;

import com.squareup.moshi.Json;
import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.api.Listing;
import io.github.farolero.amocrm.api.Pipelines;
import io.github.farolero.amocrm.auth.OAuthException;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.InvalidResponseException;
import io.github.farolero.amocrm.model.LossReason;
import io.github.farolero.amocrm.model.Pipeline;
import io.github.farolero.amocrm.model.PipelineDraft;
import io.github.farolero.amocrm.model.Status;
import io.github.farolero.amocrm.model.StatusDraft;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import org.jspecify.annotations.Nullable;

/** Pipelines and statuses. Thread-safe. */
final class PipelinesImpl implements Pipelines {

  private static final JsonAdapter<WireRecords.PipelineJson> PIPELINE =
      ModelJson.adapter(WireRecords.PipelineJson.class);
  private static final JsonAdapter<Status> STATUS = ModelJson.adapter(Status.class);

  private static final JsonAdapter<PipelineWrite> PIPELINE_WRITE =
      ModelJson.adapter(PipelineWrite.class);
  private static final JsonAdapter<StatusWrite> STATUS_WRITE =
      ModelJson.adapter(StatusWrite.class);
  private static final JsonAdapter<LossReason> LOSS_REASON = ModelJson.adapter(LossReason.class);

  private final ApiTransport transport;
  private final Listing<LossReason> lossReasons;

  PipelinesImpl(ApiTransport transport) {
    this.transport = transport;
    this.lossReasons = new PagedListing<>(transport, "leads/loss_reasons", "loss_reasons",
        LOSS_REASON, 250);
  }

  @Override
  public List<Pipeline> list() {
    HalPage<WireRecords.PipelineJson> page = transport.execute("GET",
        transport.url("leads/pipelines"), null,
        body -> HalPage.read(body, "pipelines", PIPELINE));
    return page == null ? List.of()
        : page.items().stream().map(PipelinesImpl::toPipeline).toList();
  }

  @Override
  public Optional<Pipeline> get(long id) {
    return transport.find(transport.url("leads/pipelines/" + id), PIPELINE)
        .map(PipelinesImpl::toPipeline);
  }

  @Override
  public List<Status> statuses(long pipelineId) {
    HalPage<Status> page = transport.execute("GET",
        transport.url("leads/pipelines/" + pipelineId + "/statuses"), null,
        body -> HalPage.read(body, "statuses", STATUS));
    return page == null ? List.of() : List.copyOf(page.items());
  }

  private static Pipeline toPipeline(WireRecords.PipelineJson p) {
    List<Status> statuses = p.embedded() == null || p.embedded().statuses() == null ? List.of()
        : p.embedded().statuses().stream().filter(s -> s != null).toList();
    return new Pipeline(p.id(), p.name(), p.sort(), p.main(), p.unsortedOn(), p.archive(),
        p.accountId(), statuses, p.extras());
  }

  @Override
  public List<Pipeline> add(List<PipelineDraft> pipelines) {
    requireAll(pipelines, "pipelines");
    for (int i = 0; i < pipelines.size(); i++) {
      requireName(pipelines.get(i).name(), "pipelines[" + i + "]");
    }
    return Batches.send(transport, "POST", transport.url("leads/pipelines"), pipelines,
        chunk -> array(chunk.stream().map(PipelinesImpl::write).toList(), PIPELINE_WRITE),
        body -> HalPage.read(body, "pipelines", PIPELINE).items(), p -> null,
        (index, p) -> toPipeline(p));
  }

  @Override
  public Pipeline update(long id, PipelineDraft changes) {
    Objects.requireNonNull(changes, "changes == null");
    HttpUrl url = transport.url("leads/pipelines/" + id);
    return toPipeline(one("PATCH", url, PIPELINE_WRITE.toJson(write(changes)), PIPELINE));
  }

  @Override
  public boolean delete(long id) {
    return deleted(transport.url("leads/pipelines/" + id));
  }

  @Override
  public List<Status> addStatuses(long pipelineId, List<StatusDraft> statuses) {
    requireAll(statuses, "statuses");
    for (int i = 0; i < statuses.size(); i++) {
      requireName(statuses.get(i).name(), "statuses[" + i + "]");
    }
    return Batches.send(transport, "POST",
        transport.url("leads/pipelines/" + pipelineId + "/statuses"), statuses,
        chunk -> array(chunk.stream().map(PipelinesImpl::write).toList(), STATUS_WRITE),
        body -> HalPage.read(body, "statuses", STATUS).items(), s -> null, (index, s) -> s);
  }

  @Override
  public Status updateStatus(long pipelineId, long statusId, StatusDraft changes) {
    Objects.requireNonNull(changes, "changes == null");
    HttpUrl url = transport.url("leads/pipelines/" + pipelineId + "/statuses/" + statusId);
    return one("PATCH", url, STATUS_WRITE.toJson(write(changes)), STATUS);
  }

  @Override
  public boolean deleteStatus(long pipelineId, long statusId) {
    return deleted(transport.url("leads/pipelines/" + pipelineId + "/statuses/" + statusId));
  }

  @Override
  public Listing<LossReason> lossReasons() {
    return lossReasons;
  }

  @Override
  public Optional<LossReason> lossReason(long id) {
    return transport.find(transport.url("leads/loss_reasons/" + id), LOSS_REASON);
  }

  private <T> T one(String method, HttpUrl url, String json, JsonAdapter<T> adapter) {
    T answer = transport.execute(method, url, json, adapter::fromJson);
    if (answer == null) {
      throw new InvalidResponseException("amoCRM answered " + method + " " + url.encodedPath()
          + " without the changed item");
    }
    return answer;
  }

  /** DELETEs a resource: true for amoCRM's 204, false for its 404. */
  private boolean deleted(HttpUrl url) {
    return deleted(transport, url, null);
  }

  static boolean deleted(ApiTransport transport, HttpUrl url, @Nullable String json) {
    try {
      transport.execute("DELETE", url, json, body -> null);
      return true;
    } catch (AmoCrmHttpException e) {
      if (e.status() == 404 && !(e instanceof OAuthException)) {
        return false;
      }
      throw e;
    }
  }

  static <T> void requireAll(List<T> items, String name) {
    Objects.requireNonNull(items, name + " == null");
    for (int i = 0; i < items.size(); i++) {
      Objects.requireNonNull(items.get(i), name + "[" + i + "] == null");
    }
  }

  private static void requireName(@Nullable String name, String what) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(what + " has no name");
    }
  }

  static <T> String array(List<T> items, JsonAdapter<T> adapter) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      sb.append(i == 0 ? "" : ",").append(adapter.toJson(items.get(i)));
    }
    return sb.append(']').toString();
  }

  private static PipelineWrite write(PipelineDraft d) {
    return new PipelineWrite(d.name(), d.sort(), d.main(), d.unsortedOn(),
        d.statuses() == null ? null
            : new EmbeddedStatuses(d.statuses().stream().map(PipelinesImpl::write).toList()));
  }

  private static StatusWrite write(StatusDraft d) {
    return new StatusWrite(d.name(), d.sort(), d.color(), d.descriptions() == null ? null
        : d.descriptions().stream().map(x -> new DescriptionWrite(x.level(), x.description()))
            .toList());
  }

  /** A pipeline as amoCRM takes it. */
  public record PipelineWrite(
      @Nullable String name,
      @Nullable Long sort,
      @Json(name = "is_main") @Nullable Boolean main,
      @Json(name = "is_unsorted_on") @Nullable Boolean unsortedOn,
      @Json(name = "_embedded") @Nullable EmbeddedStatuses embedded) {}

  /** The statuses of a pipeline to add. */
  public record EmbeddedStatuses(List<StatusWrite> statuses) {}

  /** A status as amoCRM takes it. */
  public record StatusWrite(
      @Nullable String name,
      @Nullable Long sort,
      @Nullable String color,
      @Nullable List<DescriptionWrite> descriptions) {}

  /** A status description as amoCRM takes it. */
  public record DescriptionWrite(String level, String description) {}
}
