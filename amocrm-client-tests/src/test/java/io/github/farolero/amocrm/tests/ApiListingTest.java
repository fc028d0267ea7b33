package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.api.Page;
import io.github.farolero.amocrm.model.CustomFieldDefinition;
import io.github.farolero.amocrm.model.EntityType;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.Pipeline;
import io.github.farolero.amocrm.model.Status;
import io.github.farolero.amocrm.testkit.MockSeed;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Lists: lazy paging through _links.next, 204 as empty, filters, single pages, other lists. */
class ApiListingTest {

  private static final String LEADS = "/api/v4/leads";

  @Test
  void streamFollowsNextLinksOnePageAtATime() {
    try (ApiFixture f = new ApiFixture()) {
      List<Long> ids = f.amo.seedLeads(1_234);
      Iterator<Lead> it = f.client.leads().iterator(ListRequest.builder().limit(250).build());
      assertThat(f.amo.apiRequests("GET", LEADS)).isZero(); // lazy: nothing before the first use
      for (int i = 0; i < 250; i++) {
        assertThat(it.next().id()).isEqualTo(ids.get(i));
      }
      assertThat(f.amo.apiRequests("GET", LEADS)).isEqualTo(1);
      assertThat(it.next().id()).isEqualTo(ids.get(250));
      assertThat(f.amo.apiRequests("GET", LEADS)).isEqualTo(2);

      List<Long> all = f.client.leads().stream().map(Lead::id).collect(Collectors.toList());
      assertThat(all).isEqualTo(ids);
      assertThat(f.amo.apiRequests("GET", LEADS)).isEqualTo(2 + 5); // 1,234 at 250 a page
    }
  }

  @Test
  void linksOnTheAccountsHostArePagedThroughTheClientsBaseUrl() {
    try (ApiFixture f = new ApiFixture(b -> b.linksOnAccountDomain(true), b -> b)) {
      f.amo.seedLeads(120);
      assertThat(f.client.leads().stream(ListRequest.builder().limit(50).build()).count())
          .isEqualTo(120);
      assertThat(f.amo.apiRequests("GET", LEADS)).isEqualTo(3);
    }
  }

  @Test
  void anEmptyListIs204AndAnEmptyStream() {
    try (ApiFixture f = new ApiFixture()) {
      assertThat(f.client.leads().stream().count()).isZero();
      Page<Lead> page = f.client.leads().page(ListRequest.all());
      assertThat(page.isEmpty()).isTrue();
      assertThat(page.hasNext()).isFalse();
      assertThat(f.client.events().stream().count()).isZero();
      assertThat(f.amo.apiRequests("GET", LEADS)).isEqualTo(2);
    }
  }

  /** A page far past the end is empty (204), not the first page again through an overflow. */
  @Test
  void aPageFarPastTheEndIsEmpty() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.seedLeads(3);
      for (int page : new int[] {2, 8_589_935, 17_179_870, Integer.MAX_VALUE}) {
        assertThat(f.client.leads().page(ListRequest.builder().limit(250).page(page).build())
            .isEmpty()).as("page %d", page).isTrue();
      }
      assertThat(f.client.leads().page(ListRequest.builder().param("filter[name]", "Lead")
          .limit(250).page(17_179_870).build()).isEmpty()).isTrue();
    }
  }

  @Test
  void aSinglePageForCallersWhoPageThemselves() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.seedLeads(30);
      Page<Lead> first = f.client.leads().page(ListRequest.builder().limit(20).build());
      assertThat(first.items()).hasSize(20);
      assertThat(first.number()).isEqualTo(1);
      assertThat(first.hasNext()).isTrue();
      Page<Lead> second = f.client.leads().page(
          ListRequest.builder().limit(20).page(first.number() + 1).build());
      assertThat(second.items()).hasSize(10);
      assertThat(second.hasNext()).isFalse();
      // A stream from a given page goes on from there.
      assertThat(f.client.leads().stream(ListRequest.builder().limit(20).page(2).build()).count())
          .isEqualTo(10);
    }
  }

  @Test
  void filtersQueryAndOrderReachTheServer() {
    try (ApiFixture f = new ApiFixture()) {
      List<Long> ids = f.amo.seedLeads(10);
      assertThat(f.client.leads().stream(ListRequest.builder()
          .filter("id", ids.get(2), ids.get(5)).build()).map(Lead::id))
          .containsExactly(ids.get(2), ids.get(5));
      assertThat(f.client.leads().stream(ListRequest.builder().query("Lead " + ids.get(7))
          .build()).map(Lead::id)).containsExactly(ids.get(7));
      assertThat(f.client.leads().stream(ListRequest.builder()
          .order("id", ListRequest.Direction.DESC).limit(3).build()).map(Lead::id).limit(3))
          .containsExactly(ids.get(9), ids.get(8), ids.get(7));
      assertThat(f.client.leads().stream(ListRequest.builder()
          .filter("pipeline_id", MockSeed.SECOND_PIPELINE_ID).build()).count()).isZero();
    }
  }

  @Test
  void getByIdIsPresentOrEmpty() {
    try (ApiFixture f = new ApiFixture()) {
      long id = f.amo.seedLeads(1).get(0);
      Lead lead = f.client.leads().get(id).orElseThrow();
      assertThat(lead.name()).isEqualTo("Lead " + id);
      assertThat(lead.pipelineId()).isEqualTo(MockSeed.PIPELINE_ID);
      assertThat(lead.statusId()).isEqualTo(MockSeed.STATUS_NEW);
      assertThat(f.client.leads().get(id + 1)).isEmpty(); // amoCRM: 204 for an unknown id
    }
  }

  @Test
  void pipelinesStatusesUsersAndFieldDefinitions() {
    try (ApiFixture f = new ApiFixture()) {
      List<Pipeline> pipelines = f.client.pipelines().list();
      assertThat(pipelines).extracting(Pipeline::id)
          .containsExactly(MockSeed.PIPELINE_ID, MockSeed.SECOND_PIPELINE_ID);
      Pipeline main = pipelines.get(0);
      assertThat(main.main()).isTrue();
      assertThat(main.statuses()).extracting(Status::id).contains(MockSeed.STATUS_NEW,
          Status.WON, Status.LOST);
      assertThat(f.client.pipelines().get(MockSeed.SECOND_PIPELINE_ID).orElseThrow().name())
          .isEqualTo("Partners");
      assertThat(f.client.pipelines().get(999)).isEmpty();
      assertThat(f.client.pipelines().statuses(MockSeed.PIPELINE_ID)).extracting(Status::name)
          .contains("New", "Won", "Lost");
      assertThat(f.client.users().stream().map(u -> u.id())).containsExactly(MockSeed.USER_ID);

      List<CustomFieldDefinition> fields =
          f.client.customFields(EntityType.LEADS).stream().toList();
      CustomFieldDefinition select = fields.stream()
          .filter(d -> d.id() == MockSeed.LEAD_SELECT_FIELD).findFirst().orElseThrow();
      assertThat(select.type()).isEqualTo("select");
      assertThat(select.option("Phone").orElseThrow().id()).isEqualTo(MockSeed.SELECT_PHONE);
      assertThat(f.client.customFields(EntityType.CONTACTS).get(MockSeed.CONTACT_PHONE_FIELD)
          .orElseThrow().code()).isEqualTo("PHONE");
    }
  }
}
