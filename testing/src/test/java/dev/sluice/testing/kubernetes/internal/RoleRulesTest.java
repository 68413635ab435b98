package dev.sluice.testing.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's RBAC check and its 403, against the API server's rules and response. */
class RoleRulesTest {
  private static final String ROLE = """
      apiVersion: rbac.authorization.k8s.io/v1
      kind: Role
      metadata:
        name: sluice-executor
      rules:
      - apiGroups: ["batch"]
        resources: ["jobs"]
        verbs: ["create", "get", "list", "watch", "delete"]
      - apiGroups: [""]
        resources: ["pods"]
        verbs: ["list", "watch"]
      - apiGroups: [""]
        resources: ["*/log"]
        verbs: ["get"]
      - apiGroups: ["coordination.k8s.io"]
        resources: ["leases"]
        resourceNames: ["triggers"]
        verbs: ["get", "patch"]
      """;
  private static final RoleRules RULES = RoleRules.parse(List.of(ROLE), "ml");

  private static boolean allows(String method, String path) {
    return RULES.allows(ApiCall.of(method, path));
  }

  @Test
  void requestsAreReadAsTheApiServerAuthorizesThem() {
    ApiCall watch = ApiCall.of("GET", "/apis/batch/v1/namespaces/ml/jobs?labelSelector=a%3Db&watch=true");
    assertThat(watch).extracting(ApiCall::verb, ApiCall::group, ApiCall::resource, ApiCall::namespace, ApiCall::name)
        .containsExactly("watch", "batch", "jobs", "ml", null);
    ApiCall log = ApiCall.of("GET", "/api/v1/namespaces/ml/pods/p-1/log?tailLines=50");
    assertThat(log).extracting(ApiCall::verb, ApiCall::group, ApiCall::resource, ApiCall::name)
        .containsExactly("get", "", "pods/log", "p-1");
    assertThat(log.queryInt("tailLines")).isEqualTo(50);
    assertThat(ApiCall.of("GET", "/apis/coordination.k8s.io/v1/namespaces/ml/leases?fieldSelector=metadata.name%3Dtriggers"))
        .extracting(ApiCall::verb, ApiCall::name).containsExactly("list", "triggers");
    assertThat(ApiCall.of("DELETE", "/apis/batch/v1/namespaces/ml/jobs").verb()).isEqualTo("deletecollection");
    assertThat(ApiCall.of("GET", "/version").resourceRequest()).isFalse();
  }

  @Test
  void aRuleAllowsItsGroupResourceVerbAndNamesInItsNamespaceOnly() {
    assertThat(allows("POST", "/apis/batch/v1/namespaces/ml/jobs")).isTrue();
    assertThat(allows("PATCH", "/apis/batch/v1/namespaces/ml/jobs/j")).isFalse();
    assertThat(allows("POST", "/apis/batch/v1/namespaces/other/jobs")).as("another namespace").isFalse();
    assertThat(allows("GET", "/apis/batch/v1/jobs")).as("cluster scope").isFalse();
    assertThat(allows("GET", "/api/v1/namespaces/ml/pods?watch=true")).isTrue();
    assertThat(allows("GET", "/api/v1/namespaces/ml/pods/p-1")).as("pods: list and watch, not get").isFalse();
    assertThat(allows("GET", "/api/v1/namespaces/ml/pods/p-1/log")).as("*/log").isTrue();
    assertThat(allows("GET", "/apis/batch/v1/namespaces/ml/jobs/j/status")).as("a subresource is its own").isFalse();
    assertThat(allows("PATCH", "/apis/coordination.k8s.io/v1/namespaces/ml/leases/triggers")).isTrue();
    assertThat(allows("PATCH", "/apis/coordination.k8s.io/v1/namespaces/ml/leases/other")).isFalse();
    assertThat(allows("PUT", "/apis/coordination.k8s.io/v1/namespaces/ml/leases/triggers")).as("update").isFalse();
    assertThat(allows("GET", "/apis/coordination.k8s.io/v1/namespaces/ml/leases")).as("no name, resourceNames").isFalse();
    assertThat(allows("GET", "/version")).as("discovery").isTrue();
  }

  @Test
  void aRefusalIsTheApiServersStatus() {
    Status status = RoleRules.forbidden(ApiCall.of("PATCH", "/apis/coordination.k8s.io/v1/namespaces/ml/leases/triggers"),
        "system:serviceaccount:ml:sluice");
    // the body a real API server sends for this request (NewForbidden over forbiddenMessage)
    assertThat(Serialization.unmarshal(Serialization.asJson(status), Status.class)).isEqualTo(Serialization.unmarshal("""
        {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure",
         "message":"leases.coordination.k8s.io \\"triggers\\" is forbidden: User \\"system:serviceaccount:ml:sluice\\" cannot patch resource \\"leases\\" in API group \\"coordination.k8s.io\\" in the namespace \\"ml\\"",
         "reason":"Forbidden","details":{"name":"triggers","group":"coordination.k8s.io","kind":"leases"},"code":403}
        """, Status.class));
    assertThat(RoleRules.forbidden(ApiCall.of("GET", "/api/v1/namespaces/ml/pods?watch=true"), "u").getMessage())
        .isEqualTo("pods is forbidden: User \"u\" cannot watch resource \"pods\" in API group \"\" in the namespace \"ml\"");
  }

  @Test
  void onlyRolesAreAccepted() {
    assertThatThrownBy(() -> RoleRules.parse(List.of("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"), "ml"))
        .hasMessageContaining("not an rbac.authorization.k8s.io/v1 Role: ConfigMap x");
  }
}
