package io.github.farolero.amocrm.examples;

import io.github.farolero.amocrm.AmoCrmClient;
import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.api.SaveResult;
import io.github.farolero.amocrm.error.PartialBatchException;
import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.store.InMemoryTokenStore;
import io.github.farolero.amocrm.testkit.MockAmoCrmServer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Purpose: a sync job's daily pass — stream every lead page by page (one page in memory), decide
 * which to change, and write the changes back in batches of 50, all under amoCRM's 7 requests
 * per second. Runs against {@link MockAmoCrmServer} in this process.
 */
public final class LeadSyncExample {

  private LeadSyncExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    try (MockAmoCrmServer amo = MockAmoCrmServer.start()) {
      amo.seedLeads(600);
      AmoCrmClient client = AmoCrmClient.builder()
          .accountDomain(amo.accountDomain())
          .baseUrl(amo.baseUrl()) // a real app leaves this out
          .clientId(amo.clientId())
          .clientSecret(amo.clientSecret())
          .redirectUri(amo.redirectUri())
          .tokenStore(new InMemoryTokenStore()) // a real app uses a durable store
          .build();
      client.tokens().authorize(amo.issueAuthorizationCode());

      // 1. Read: a lazy stream that follows _links.next; 250 a page, one page held at a time.
      List<Lead> changes = new ArrayList<>();
      long seen;
      try (Stream<Lead> leads = client.leads().stream(ListRequest.builder().limit(250).build())) {
        seen = leads
            .peek(lead -> {
              if (lead.id() != null && lead.id() % 5 == 0) { // "our rule says this one changed"
                changes.add(Lead.builder().id(lead.id()).price(1_000L).build());
              }
            })
            .count();
      }
      int pages = amo.apiRequests("GET", "/api/v4/leads");
      System.out.println("Read " + seen + " leads in " + pages + " pages.");

      // 2. Write: any number in, requests of at most 50 out, one result per input, in order.
      int postsBefore = amo.apiRequests("PATCH", "/api/v4/leads");
      try {
        List<SaveResult> saved = client.leads().update(changes);
        int requests = amo.apiRequests("PATCH", "/api/v4/leads") - postsBefore;
        System.out.println("Updated " + saved.size() + " leads in " + requests
            + " requests; the first result is for input " + saved.get(0).index() + ".");
      } catch (ValidationException e) {
        System.out.println("amoCRM refused input " + e.firstInputIndex() + ": " + e.getMessage());
      } catch (PartialBatchException e) {
        System.out.println("Saved " + e.savedCount() + " before a failure: " + e.getMessage());
      }
      System.out.println("429 answers from the mock's 7-per-second window: "
          + amo.tooManyRequestsSent() + ".");
    }
  }
}
