package io.github.farolero.amocrm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListRequestTest {

  @Test
  void limitIsOneTo250() {
    assertThat(ListRequest.builder().limit(250).build().limit()).isEqualTo(250);
    assertThat(ListRequest.builder().limit(1).build().limit()).isEqualTo(1);
    assertThatThrownBy(() -> ListRequest.builder().limit(251))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("251");
    assertThatThrownBy(() -> ListRequest.builder().limit(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ListRequest.builder().page(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void parametersInOrder() {
    ListRequest r = ListRequest.builder()
        .page(2).limit(100).with("contacts", "loss_reason").query("Ann")
        .filter("id", 1, 2).filter("pipeline_id", 7)
        .filterRange("updated_at", Instant.ofEpochSecond(10), Instant.ofEpochSecond(20))
        .order("updated_at", ListRequest.Direction.DESC)
        .param("filter[statuses][0][status_id]", "142")
        .build();
    assertThat(r.queryParameters()).extracting(Map.Entry::getKey, Map.Entry::getValue)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("page", "2"),
            org.assertj.core.groups.Tuple.tuple("limit", "100"),
            org.assertj.core.groups.Tuple.tuple("with", "contacts,loss_reason"),
            org.assertj.core.groups.Tuple.tuple("query", "Ann"),
            org.assertj.core.groups.Tuple.tuple("filter[id][]", "1"),
            org.assertj.core.groups.Tuple.tuple("filter[id][]", "2"),
            org.assertj.core.groups.Tuple.tuple("filter[pipeline_id]", "7"),
            org.assertj.core.groups.Tuple.tuple("filter[updated_at][from]", "10"),
            org.assertj.core.groups.Tuple.tuple("filter[updated_at][to]", "20"),
            org.assertj.core.groups.Tuple.tuple("order[updated_at]", "desc"),
            org.assertj.core.groups.Tuple.tuple("filter[statuses][0][status_id]", "142"));
  }

  @Test
  void badArgumentsFailFast() {
    assertThatThrownBy(() -> ListRequest.builder().filter("id"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ListRequest.builder().filter(" ", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ListRequest.builder().filterRange("created_at",
        Instant.ofEpochSecond(2), Instant.ofEpochSecond(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ListRequest.builder().query(null))
        .isInstanceOf(NullPointerException.class).hasMessage("query == null");
  }

  /**
   * filter("id", ids) with a List compiles (values are Object...) and used to send
   * filter[id]=[1, 2]; a long[] sent "[J@1b6d3586". A collection or array is its values.
   */
  @Test
  void aCollectionOrArrayOfFilterValuesIsItsValues() {
    assertThat(ListRequest.builder().filter("id", List.of(5L, 6L)).build().queryParameters())
        .extracting(Map.Entry::getKey, Map.Entry::getValue).containsExactly(
            org.assertj.core.groups.Tuple.tuple("filter[id][]", "5"),
            org.assertj.core.groups.Tuple.tuple("filter[id][]", "6"));
    assertThat(ListRequest.builder().filter("id", new long[] {7}).build().queryParameters())
        .extracting(Map.Entry::getKey, Map.Entry::getValue)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("filter[id][]", "7"));
    assertThat(ListRequest.builder().filter("responsible_user_id", Set.of(3), 4).build()
        .queryParameters()).extracting(Map.Entry::getValue).containsExactly("3", "4");
    assertThat(ListRequest.builder().filter("id", (Object) new String[] {"a", "b"}).build()
        .queryParameters()).extracting(Map.Entry::getValue).containsExactly("a", "b");
    assertThatThrownBy(() -> ListRequest.builder().filter("id", List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
    assertThatThrownBy(() -> ListRequest.builder().filter("id", java.util.Arrays.asList(1, null)))
        .isInstanceOf(NullPointerException.class).hasMessage("filter value == null");
  }

  /** param("limit", "500") slipped past the 250 check and sent limit twice. */
  @Test
  void paramRefusesWhatTheBuilderManages() {
    for (String name : List.of("page", "limit", "with", "query")) {
      assertThatThrownBy(() -> ListRequest.builder().param(name, "1"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name + "(");
    }
  }
}
