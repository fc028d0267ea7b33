package io.github.farolero.amocrm.internal;

import com.squareup.moshi.JsonAdapter;
import io.github.farolero.amocrm.api.Pipelines;
import io.github.farolero.amocrm.model.Pipeline;
import io.github.farolero.amocrm.model.Status;
import java.util.List;
import java.util.Optional;

/** Pipelines and statuses. Thread-safe. */
final class PipelinesImpl implements Pipelines {

  private static final JsonAdapter<WireRecords.PipelineJson> PIPELINE =
      ModelJson.adapter(WireRecords.PipelineJson.class);
  private static final JsonAdapter<Status> STATUS = ModelJson.adapter(Status.class);

  private final ApiTransport transport;

  PipelinesImpl(ApiTransport transport) {
    this.transport = transport;
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
}
