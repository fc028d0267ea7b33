package io.github.farolero.amocrm.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.farolero.amocrm.api.ListRequest;
import io.github.farolero.amocrm.api.Page;
import io.github.farolero.amocrm.model.Role;
import io.github.farolero.amocrm.model.UserDetails;
import io.github.farolero.amocrm.model.UserRights;
import io.github.farolero.amocrm.testkit.MockSeed;
import org.junit.jupiter.api.Test;

/** {@code client.users().get(id)} and {@code client.roles()} against the mock. */
class ApiUsersTest {

  @Test
  void oneUserWithRightsRoleAndGroup() {
    try (ApiFixture f = new ApiFixture()) {
      UserDetails u = f.client.users().get(MockSeed.SECOND_USER_ID).orElseThrow();
      // every detail was asked for
      assertThat(f.amo.lastApiRequestUrl().queryParameter("with"))
          .isEqualTo("role,group,uuid,amojo_id,user_rank,phone_number");
      assertThat(u.id()).isEqualTo(MockSeed.SECOND_USER_ID);
      assertThat(u.name()).isEqualTo("Mock Manager");
      assertThat(u.amojoId()).isEqualTo("00000000-0000-4000-8000-000000000002");
      assertThat(u.userRank()).isEqualTo("newbie");
      assertThat(u.uuid()).isNull();
      assertThat(u.roles()).singleElement().usingRecursiveComparison().ignoringFields("extras")
          .isEqualTo(new UserDetails.Ref(MockSeed.ROLE_ID, "Managers")); // extras: _links
      assertThat(u.groups()).singleElement().usingRecursiveComparison().ignoringFields("extras")
          .isEqualTo(new UserDetails.Ref(7L, "Sales team"));
      UserRights r = u.rights();
      assertThat(r).isNotNull();
      assertThat(r.leads()).isEqualTo(new UserRights.EntityRights("M", "M", "M", "D", "D"));
      assertThat(r.tasks().edit()).isEqualTo("M");
      assertThat(r.tasks().view()).isNull();
      assertThat(r.admin()).isFalse();
      assertThat(r.active()).isTrue();
      assertThat(r.groupId()).isEqualTo(7);
      assertThat(r.roleId()).isEqualTo(MockSeed.ROLE_ID);
      assertThat(r.mailAccess()).isTrue();
      assertThat(r.filesAccess()).isFalse();
      assertThat(r.statusRights()).singleElement().satisfies(s -> {
        assertThat(s.pipelineId()).isEqualTo(MockSeed.PIPELINE_ID);
        assertThat(s.statusId()).isEqualTo(MockSeed.STATUS_IN_PROGRESS);
        assertThat(s.rights().view()).isEqualTo("A");
      });
      assertThat(u.toUser().email()).isEqualTo("manager@example.test");

      UserDetails admin = f.client.users().get(MockSeed.USER_ID).orElseThrow();
      assertThat(admin.rights().admin()).isTrue();
      assertThat(admin.roles()).isEmpty();
      assertThat(admin.phoneNumber()).isEqualTo("+79990000001");
    }
  }

  @Test
  void unknownUserAndRoleAreEmpty() {
    try (ApiFixture f = new ApiFixture()) {
      assertThat(f.client.users().get(999)).isEmpty();
      assertThat(f.client.roles().get(999)).isEmpty();
      assertThat(f.amo.apiRequests("GET", "/api/v4/users/999")).isEqualTo(1);
    }
  }

  @Test
  void rolesListAndGet() {
    try (ApiFixture f = new ApiFixture()) {
      Page<Role> page = f.client.roles().page(ListRequest.builder().with("users").build());
      assertThat(page.items()).singleElement().satisfies(role -> {
        assertThat(role.id()).isEqualTo(MockSeed.ROLE_ID);
        assertThat(role.users()).containsExactly(MockSeed.SECOND_USER_ID);
      });
      assertThat(f.amo.lastApiRequestUrl().queryParameter("limit")).isEqualTo("250");
      // without with=users the role comes without its users
      assertThat(f.client.roles().stream().toList()).singleElement()
          .satisfies(role -> assertThat(role.users()).isEmpty());
      // a page past the end: amoCRM's 204
      assertThat(f.client.roles().page(ListRequest.builder().page(2).build()).items()).isEmpty();

      Role role = f.client.roles().get(MockSeed.ROLE_ID).orElseThrow();
      assertThat(role.name()).isEqualTo("Managers");
      assertThat(role.users()).containsExactly(MockSeed.SECOND_USER_ID);
      assertThat(role.rights().contacts().view()).isEqualTo("M");
      assertThat(role.rights().admin()).isNull();
    }
  }
}
