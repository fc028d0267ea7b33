package io.github.farolero.amocrm.internal;

import io.github.farolero.amocrm.api.Pipelines;
import io.github.farolero.amocrm.model.Pipeline;
import io.github.farolero.amocrm.model.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Pipelines and statuses. Thread-safe. */
public final class PipelinesImpl implements Pipelines {

  private final ApiTransport transport;

  public PipelinesImpl(ApiTransport transport) {
    this.transport = transport;
  }

  @Override
  public List<Pipeline> list() {
    HalPage<WireRecords.PipelineJson> page = transport.execute("GET",
        transport.url("leads/pipelines"), null,
        body -> HalPage.read(body, "pipelines",
            ModelJson.adapter(WireRecords.PipelineJson.class)));
    List<Pipeline> out = new ArrayList<>();
    if (page != null) {
      for (WireRecords.PipelineJson p : page.items()) {
        out.add(toPipeline(p));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public Optional<Pipeline> get(long id) {
    return EntitiesImpl.getOne(transport, transport.url("leads/pipelines/" + id),
        ModelJson.adapter(WireRecords.PipelineJson.class)).map(PipelinesImpl::toPipeline);
  }

  @Override
  public List<Status> statuses(long pipelineId) {
    HalPage<Status> page = transport.execute("GET",
        transport.url("leads/pipelines/" + pipelineId + "/statuses"), null,
        body -> HalPage.read(body, "statuses", ModelJson.adapter(Status.class)));
    return page == null ? List.of() : List.copyOf(page.items());
  }

  private static Pipeline toPipeline(WireRecords.PipelineJson p) {
    List<Status> statuses = p.embedded() == null || p.embedded().statuses() == null ? List.of()
        : p.embedded().statuses().stream().filter(s -> s != null).toList();
    return new Pipeline(p.id(), p.name(), p.sort(), p.main(), p.unsortedOn(), p.archive(),
        p.accountId(), statuses);
  }
}
