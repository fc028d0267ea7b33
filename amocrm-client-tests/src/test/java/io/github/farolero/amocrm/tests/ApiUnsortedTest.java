package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.error.AmoCrmHttpException;
import io.github.farolero.amocrm.error.ValidationException;
import io.github.farolero.amocrm.model.Contact;
import io.github.farolero.amocrm.model.FormMetadata;
import io.github.farolero.amocrm.model.Lead;
import io.github.farolero.amocrm.model.NewUnsorted;
import io.github.farolero.amocrm.model.SipMetadata;
import io.github.farolero.amocrm.model.UnsortedLead;
import io.github.farolero.amocrm.model.UnsortedSummary;
import io.github.farolero.amocrm.testkit.MockSeed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code client.unsorted()} against the mock: add, list, get, accept, decline, link, summary. */
class ApiUnsortedTest {

  private static final Instant SENT = Instant.parse("2024-05-01T10:00:00Z");

  private static NewUnsorted form(String uid) {
    return NewUnsorted.builder("Site", uid,
            new FormMetadata("7", "Callback", "https://example.com/", "10.0.0.1", SENT, null))
        .lead(Lead.builder().name("From " + uid).build())
        .contact(Contact.builder().name("Ann " + uid).build())
        .build();
  }

  private static NewUnsorted call(String uid) {
    return NewUnsorted.builder("PBX", uid,
            new SipMetadata("+79990001122", "+74950000000", SENT, 42L, null, "pbx", uid, true))
        .build();
  }

  @Test
  void addListGetAcceptDecline() {
    try (ApiFixture f = new ApiFixture()) {
      var unsorted = f.client.unsorted();
      assertThat(unsorted.stream(ListRequest.all()).toList()).isEmpty(); // 204

      List<UnsortedLead> forms = unsorted.addForms(List.of(form("f1"), form("f2")));
      List<UnsortedLead> calls = unsorted.addSip(List.of(call("c1")));
      assertThat(forms).hasSize(2).allSatisfy(u -> {
        assertThat(u.uid()).isNotBlank();
        assertThat(u.leadId()).isPresent();
        assertThat(u.contacts()).hasSize(1);
      });
      assertThat(calls).singleElement().satisfies(u -> assertThat(u.contacts()).isEmpty());

      // the lead waits in the unsorted stage
      long leadId = forms.get(0).leadId().orElseThrow();
      assertThat(f.amo.stored("leads", leadId).orElseThrow().get("status_id"))
          .isEqualTo(MockSeed.STATUS_UNSORTED);

      UnsortedLead got = unsorted.get(forms.get(0).uid()).orElseThrow();
      assertThat(got.sourceUid()).isEqualTo("f1");
      assertThat(got.category()).isEqualTo("forms");
      assertThat(got.pipelineId()).isEqualTo(MockSeed.PIPELINE_ID);
      assertThat(got.metadata()).isEqualTo(
          new FormMetadata("7", "Callback", "https://example.com/", "10.0.0.1", SENT, null));
      UnsortedLead gotCall = unsorted.get(calls.get(0).uid()).orElseThrow();
      assertThat(gotCall.metadata()).isInstanceOfSatisfying(SipMetadata.class, s -> {
        assertThat(s.duration()).isEqualTo(42L);
        assertThat(s.calledAt()).isEqualTo(SENT);
        assertThat(s.isCallEventNeeded()).isTrue();
      });
      assertThat(unsorted.get("no-such-uid")).isEmpty(); // 404

      assertThat(unsorted.stream(ListRequest.builder().filter("category", List.of("sip")).build())
          .toList())
          .extracting(UnsortedLead::uid).containsExactly(calls.get(0).uid());
      assertThat(f.amo.lastApiRequestUrl().queryParameter("filter[category][]"))
          .isEqualTo("sip");

      UnsortedLead accepted = unsorted.accept(forms.get(0).uid(), MockSeed.USER_ID,
          MockSeed.STATUS_IN_PROGRESS);
      assertThat(accepted.leadId()).contains(leadId);
      assertThat(f.amo.stored("leads", leadId).orElseThrow().get("status_id"))
          .isEqualTo(MockSeed.STATUS_IN_PROGRESS);

      long declinedLead = forms.get(1).leadId().orElseThrow();
      unsorted.decline(forms.get(1).uid(), null);
      assertThat(f.amo.apiRequests("DELETE",
          "/api/v4/leads/unsorted/" + forms.get(1).uid() + "/decline")).isEqualTo(1);
      assertThat(f.amo.stored("leads", declinedLead)).isEmpty();

      UnsortedSummary summary = unsorted.summary(ListRequest.all());
      assertThat(summary.total()).isEqualTo(3);
      assertThat(summary.accepted()).isEqualTo(1);
      assertThat(summary.declined()).isEqualTo(1);
      assertThat(summary.categories()).containsEntry("sip", 1L);
    }
  }

  @Test
  void listsPageBy250AndAddsGoBy50() {
    try (ApiFixture f = new ApiFixture()) {
      List<NewUnsorted> many = new ArrayList<>();
      IntStream.range(0, 260).forEach(i -> many.add(call("c" + i)));
      List<UnsortedLead> added = f.client.unsorted().addSip(many);
      assertThat(added).hasSize(260).extracting(UnsortedLead::uid).doesNotHaveDuplicates();
      assertThat(f.amo.apiRequests("POST", "/api/v4/leads/unsorted/sip")).isEqualTo(6);

      List<UnsortedLead> all = new ArrayList<>();
      f.client.unsorted().stream(ListRequest.all()).forEach(all::add);
      assertThat(all).hasSize(260);
      assertThat(f.amo.apiRequests("GET", "/api/v4/leads/unsorted")).isEqualTo(2);
    }
  }

  @Test
  void validationErrorsKeepAmoCrmsDetail() {
    try (ApiFixture f = new ApiFixture()) {
      var unsorted = f.client.unsorted();
      NewUnsorted noForm = NewUnsorted.builder("Site", "x",
          new FormMetadata(null, "Callback", "https://example.com/", null, SENT, null)).build();
      assertThatThrownBy(() -> unsorted.addForms(List.of(form("ok"), noForm)))
          .isInstanceOfSatisfying(ValidationException.class, e ->
              assertThat(e.validationErrors()).singleElement().satisfies(v -> {
                assertThat(v.index()).isEqualTo(1);
                assertThat(v.path()).contains("form_id");
              }));
      // nothing of the refused request was saved
      assertThat(unsorted.stream(ListRequest.all()).toList()).isEmpty();

      unsorted.addForms(List.of(form("dup")));
      assertThatThrownBy(() -> unsorted.addForms(List.of(form("dup"))))
          .isInstanceOf(ValidationException.class);

      // a call's metadata is refused on the forms endpoint before anything is sent
      int before = f.amo.apiCalls();
      assertThatThrownBy(() -> unsorted.addForms(List.of(call("c"))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sip");
      assertThat(f.amo.apiCalls()).isEqualTo(before);

      String uid = unsorted.stream(ListRequest.all()).findFirst().orElseThrow().uid();
      assertThatThrownBy(() -> unsorted.accept(uid, null, MockSeed.SECOND_STATUS_NEW))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> unsorted.accept("nope", null, null))
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(404));
      assertThatThrownBy(() -> unsorted.decline("nope", null))
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(404));
      assertThatThrownBy(() -> unsorted.get(" ")).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void linkJoinsAChatToALead() {
    try (ApiFixture f = new ApiFixture()) {
      long lead = f.amo.seedLeads(1).get(0);
      String chat = f.amo.seedUnsortedChat();
      UnsortedLead linked = f.client.unsorted().link(chat, lead, MockSeed.USER_ID);
      assertThat(linked.uid()).isEqualTo(chat);
      assertThat(linked.leadId()).contains(lead);
      assertThat(f.client.unsorted().get(chat)).isEmpty();

      String form = f.client.unsorted().addForms(List.of(form("f"))).get(0).uid();
      assertThatThrownBy(() -> f.client.unsorted().link(form, lead, null))
          .isInstanceOf(ValidationException.class); // only chats link
    }
  }

  @Test
  void unsortedSwitchedOffIsAnError() {
    try (ApiFixture f = new ApiFixture()) {
      f.amo.unsortedEnabled(false);
      assertThat(f.client.raw().get("account").asMap()).containsEntry("is_unsorted_on", false);
      assertThatThrownBy(() -> f.client.unsorted().addForms(List.of(form("x"))))
          .isInstanceOfSatisfying(AmoCrmHttpException.class,
              e -> assertThat(e.status()).isEqualTo(403));
    }
  }

  @Test
  void readsAmoCrmsPayloadLeniently() throws Exception {
    try (mockwebserver3.MockWebServer server = new mockwebserver3.MockWebServer()) {
      server.enqueue(new mockwebserver3.MockResponse.Builder().code(200)
          .addHeader("Content-Type", "application/hal+json")
          .body("{\"_page\":1,\"_links\":{},\"_embedded\":{\"unsorted\":["
              + "{\"uid\":\"a1\",\"source_uid\":\"s1\",\"source_name\":\"Site\","
              + "\"category\":\"forms\",\"pipeline_id\":\"1000\",\"created_at\":1510261200,"
              + "\"metadata\":{\"form_id\":12,\"form_name\":\"F\",\"form_page\":\"p\","
              + "\"ip\":\"1.2.3.4\",\"form_sent_at\":\"1510261200\",\"referer\":null,"
              + "\"new_key\":[1]},\"account_id\":31000000,\"_embedded\":{\"leads\":"
              + "[{\"id\":\"236724\",\"_links\":{}}],\"contacts\":[],\"companies\":[]}},"
              + "{\"uid\":\"a2\",\"category\":\"chats\",\"metadata\":{\"from\":\"Ann\","
              + "\"client\":{\"name\":\"Ann\"}},\"_embedded\":[]},"
              + "{\"uid\":\"a3\",\"category\":\"sip\",\"metadata\":[]}"
              + "]}}").build());
      server.start();
      try (ApiFixture f = new ApiFixture()) {
        var client = f.clientBuilder().baseUrl(server.url("/")).build();
        List<UnsortedLead> page = client.unsorted().page(ListRequest.all()).items();
        assertThat(page).hasSize(3);
        UnsortedLead form = page.get(0);
        assertThat(form.pipelineId()).isEqualTo(1000L);
        assertThat(form.leadId()).contains(236724L);
        assertThat(form.metadata()).isEqualTo(new FormMetadata("12", "F", "p", "1.2.3.4",
            Instant.ofEpochSecond(1510261200), null,
            io.github.farolero.amocrm.model.Extras.of(java.util.Map.of("new_key", "[1]"))));
        assertThat(page.get(1).metadata()) // chats: not typed, kept raw
            .isInstanceOfSatisfying(io.github.farolero.amocrm.model.OtherMetadata.class, o -> {
              assertThat(o.category()).isEqualTo("chats");
              assertThat(o.json()).isEqualTo("{\"from\":\"Ann\",\"client\":{\"name\":\"Ann\"}}");
            });
        assertThat(page.get(1).leads()).isEmpty(); // [] for an empty object
        assertThat(page.get(2).metadata()).isNull();
        assertThat(server.takeRequest().getUrl().queryParameter("limit")).isEqualTo("250");
      }
    }
  }
}
