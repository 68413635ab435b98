package dev.sluice.testing.kubernetes.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/**
 * The RBAC rules of the Roles bound to the clients under test, checked the way the API server's
 * RBAC authorizer checks them (kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go
 * {@code RuleAllows}, with pkg/apis/rbac/v1/evaluation_helpers.go): a rule allows a request when its
 * apiGroups, resources and verbs each hold the request's value or {@code *} (a subresource also
 * matches a star, a slash and its name), and its resourceNames are empty or hold the request's
 * object name (a request without a name, such as create or an unfiltered list, never matches a rule with
 * resourceNames). A Role grants only in its own namespace. Non-resource requests ({@code /version},
 * {@code /api}, {@code /apis}) are allowed, as the default {@code system:discovery} ClusterRole
 * allows them to every authenticated user.
 *
 * <p>A refusal is the API server's: {@code responsewriters.Forbidden} (staging/src/k8s.io/apiserver/
 * pkg/endpoints/handlers/responsewriters/errors.go) builds the message {@code User %q cannot %s
 * resource %q in API group %q in the namespace %q} and wraps it with {@code apierrors.NewForbidden}
 * (staging/src/k8s.io/apimachinery/pkg/api/errors/errors.go): a v1 Status, code 403, reason
 * Forbidden, message {@code <resource>.<group> "<name>" is forbidden: <that>}, details
 * {name, group, kind = the resource}.
 */
final class RoleRules {
  private final List<Role> roles;
  private final String defaultNamespace;

  private RoleRules(List<Role> roles, String defaultNamespace) {
    this.roles = List.copyOf(roles);
    this.defaultNamespace = defaultNamespace;
  }

  /** The Roles in {@code yaml} (one or more documents); a Role without a namespace is in {@code namespace}. */
  static RoleRules parse(List<String> yamls, String namespace) {
    List<Role> roles = new ArrayList<>();
    for (String yaml : yamls) {
      Object parsed = Serialization.unmarshal(yaml);
      for (Object o : parsed instanceof List<?> list ? list : List.of(parsed)) {
        if (!(o instanceof Role role)) {
          throw new IllegalArgumentException("not an rbac.authorization.k8s.io/v1 Role: "
              + (o instanceof HasMetadata h ? h.getKind() + " " + h.getMetadata().getName() : String.valueOf(o)));
        }
        roles.add(role);
      }
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("no Role in the given YAML");
    }
    return new RoleRules(roles, namespace);
  }

  boolean allows(ApiCall call) {
    if (!call.resourceRequest()) {
      return true;
    }
    for (Role role : roles) {
      String ns = role.getMetadata().getNamespace() != null ? role.getMetadata().getNamespace() : defaultNamespace;
      if (call.namespace() == null || !call.namespace().equals(ns) || role.getRules() == null) {
        continue;
      }
      for (PolicyRule rule : role.getRules()) {
        if (matches(rule.getApiGroups(), call.group()) && resourceMatches(rule.getResources(), call)
            && matches(rule.getVerbs(), call.verb()) && namesMatch(rule.getResourceNames(), call.name())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matches(List<String> allowed, String value) {
    return allowed != null && (allowed.contains("*") || allowed.contains(value));
  }

  private static boolean resourceMatches(List<String> allowed, ApiCall call) {
    if (matches(allowed, call.resource())) {
      return true;
    }
    int slash = call.resource().indexOf('/');
    return slash > 0 && allowed.contains("*" + call.resource().substring(slash));
  }

  private static boolean namesMatch(List<String> names, String name) {
    return names == null || names.isEmpty() || (name != null && names.contains(name));
  }

  /** The API server's 403 for {@code call} by {@code user}. */
  static Status forbidden(ApiCall call, String user) {
    String who = "User \"" + user + "\" cannot " + call.verb() + (call.resourceRequest()
        ? " resource \"" + call.resource() + "\" in API group \"" + call.group() + "\""
            + (call.namespace() != null ? " in the namespace \"" + call.namespace() + "\"" : " at the cluster scope")
        : " path \"" + call.resource() + "\"");
    String qualified = call.baseResource() + (call.group().isEmpty() ? "" : "." + call.group());
    String message = !call.resourceRequest() ? "forbidden: " + who
        : call.name() == null ? qualified + " is forbidden: " + who
        : qualified + " \"" + call.name() + "\" is forbidden: " + who;
    StatusBuilder status = new StatusBuilder().withNewMetadata().endMetadata().withStatus("Failure")
        .withMessage(message).withReason("Forbidden").withCode(403);
    if (call.resourceRequest()) {
      status.withNewDetails().withName(call.name()).withGroup(call.group()).withKind(call.baseResource()).endDetails();
    }
    return status.build();
  }
}
