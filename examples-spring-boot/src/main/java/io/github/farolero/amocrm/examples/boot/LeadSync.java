package io.github.farolero.amocrm.examples.boot;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.model.Lead;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The app's own sync: reads every lead through the starter's {@link AmoCrmClient} bean (rate
 * limited, tokens refreshed on their own) into a local copy. A real app would schedule it
 * ({@code @Scheduled}) or drive it from webhooks.
 */
@Component
public class LeadSync {

  private final AmoCrmClient amo;
  private final Map<Long, String> names = new ConcurrentHashMap<>();

  /**
   * Made by Spring.
   *
   * @param amo the starter's client of the configured account
   */
  public LeadSync(AmoCrmClient amo) {
    this.amo = amo;
  }

  /**
   * Reads every lead once.
   *
   * @return how many leads the local copy holds
   */
  public int syncOnce() {
    amo.leads().stream(ListRequest.all()).forEach(this::keep);
    return names.size();
  }

  private void keep(Lead lead) {
    if (lead.id() != null) {
      names.put(lead.id(), String.valueOf(lead.name()));
    }
  }
}
