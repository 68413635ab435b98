package dev.sluice.core.internal.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.core.model.Binding;
import dev.sluice.core.model.CachePolicy;
import dev.sluice.core.model.BranchCase;
import dev.sluice.core.model.BranchNode;
import dev.sluice.core.model.DynamicNode;
import dev.sluice.core.model.GateNode;
import dev.sluice.core.model.GateSpec;
import dev.sluice.core.model.MapNode;
import dev.sluice.core.model.NodeSpec;
import dev.sluice.core.model.Param;
import dev.sluice.core.model.Placement;
import dev.sluice.core.model.Resources;
import dev.sluice.core.model.Admission;
import dev.sluice.core.model.RetryPolicy;
import dev.sluice.core.model.SubWorkflowNode;
import dev.sluice.core.model.TaskBody;
import dev.sluice.core.model.TaskNode;
import dev.sluice.core.model.TaskSpec;
import dev.sluice.core.model.Toleration;
import dev.sluice.core.model.WorkflowSpec;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Renders a spec as JSON: the DAG, tasks by name, version, types and policies. Code (lambdas,
 * predicates) is not data; a branch condition appears by its description.
 */
final class SpecJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** For a gate's timeout default: written as the journal writes payloads (java.time too). */
  static final ObjectMapper VALUES = dev.sluice.core.internal.io.ValueCodec.newMapper();

  private SpecJson() {}

  static String write(WorkflowSpec spec) {
    try {
      return JSON.writeValueAsString(workflow(spec));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(
          "workflow '" + spec.name() + "' could not be rendered as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static ObjectNode workflow(WorkflowSpec spec) {
    ObjectNode root = JSON.createObjectNode();
    root.put("workflow", spec.name());
    root.put("version", spec.version());
    root.put("inputType", spec.inputType().getTypeName());
    root.put("outputType", spec.outputType().getTypeName());
    root.put("failurePolicy", spec.failurePolicy().name());
    ArrayNode nodes = root.putArray("nodes");
    for (NodeSpec node : spec.nodes()) {
      ObjectNode n = node(node);
      ArrayNode up = n.putArray("upstream");
      spec.upstream(node.id()).forEach(up::add);
      nodes.add(n);
    }
    root.set("output", binding(spec.output()));
    spec.onFailure().ifPresent(t -> root.set("onFailure", task(t)));
    return root;
  }

  private static ObjectNode node(NodeSpec node) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", node.id());
    n.put("kind", node.kind());
    n.put("outputType", node.outputType().getTypeName());
    if (node instanceof TaskNode t) {
      n.set("task", task(t.task()));
      ObjectNode inputs = n.putObject("inputs");
      List<Param> params = t.task().inputs();
      for (int i = 0; i < params.size() && i < t.inputs().size(); i++) {
        inputs.set(params.get(i).name(), binding(t.inputs().get(i)));
      }
    } else if (node instanceof SubWorkflowNode s) {
      n.set("input", binding(s.input()));
      n.set("workflow", workflow(s.workflow()));
    } else if (node instanceof MapNode m) {
      if (m.gate().isPresent()) {
        n.set("gate", gate(m.gate().get()));
      } else {
        n.set("task", task(m.task()));
      }
      n.set("items", binding(m.items()));
      n.put("concurrency", m.concurrency());
      n.put("minSuccessRatio", m.minSuccessRatio());
    } else if (node instanceof BranchNode b) {
      ArrayNode cases = n.putArray("cases");
      for (BranchCase c : b.cases()) {
        ObjectNode cn = cases.addObject();
        cn.set("subject", binding(c.subject()));
        cn.put("condition", c.condition().description());
        cn.set("then", node(c.then()));
      }
      b.otherwise().ifPresent(o -> n.set("otherwise", node(o)));
    } else if (node instanceof DynamicNode d) {
      ArrayNode inputs = n.putArray("inputs");
      d.inputs().forEach(b -> inputs.add(binding(b)));
    } else if (node instanceof GateNode g) {
      n.set("gate", gate(g.gate()));
      ArrayNode after = n.putArray("after");
      g.after().forEach(b -> after.add(binding(b)));
    }
    return n;
  }

  private static ObjectNode binding(Binding binding) {
    ObjectNode b = JSON.createObjectNode();
    if (binding instanceof Binding.NodeOutput out) {
      b.put("node", out.nodeId());
    } else if (binding instanceof Binding.Literal lit) {
      JsonNode value;
      try {
        value = JSON.valueToTree(lit.value());
      } catch (IllegalArgumentException e) { // a type Jackson cannot write, e.g. java.time
        value = JSON.getNodeFactory().textNode(String.valueOf(lit.value()));
      }
      b.set("literal", value);
      b.put("type", lit.type().getTypeName());
    } else {
      b.put("workflowInput", true);
    }
    return b;
  }

  private static ObjectNode gate(GateSpec gate) {
    ObjectNode n = JSON.createObjectNode();
    if (gate instanceof GateSpec.Sleep s) {
      n.put("kind", "sleep");
      s.duration().ifPresent(d -> n.put("duration", d.toString()));
      s.until().ifPresent(u -> n.put("until", u.toString()));
    } else if (gate instanceof GateSpec.Signal s) {
      n.put("kind", s.isApproval() ? "approval" : "signal");
      n.put("signal", s.name());
      n.put("payloadType", s.payloadType().getTypeName());
      n.put("validated", s.validator().isPresent());
      s.timeout().ifPresentOrElse(d -> n.put("timeout", d.toString()), () -> n.putNull("timeout"));
      if (s.onTimeout().fails()) {
        n.put("onTimeout", "fail");
      } else {
        n.put("onTimeout", "default");
        n.set("default", VALUES.valueToTree(s.onTimeout().value()));
      }
      n.put("failOnReject", s.failOnReject());
    }
    return n;
  }

  private static ObjectNode task(TaskSpec t) {
    ObjectNode n = JSON.createObjectNode();
    n.put("name", t.name());
    n.put("version", t.version());
    if (t.body() instanceof TaskBody.Command c) {
      n.put("body", "command");
      ArrayNode cmd = n.putArray("command");
      c.command().forEach(cmd::add);
      putMap(n, "commandEnvironment", c.environment());
    } else {
      n.put("body", "jvm");
    }
    ArrayNode inputs = n.putArray("inputs");
    for (Param p : t.inputs()) {
      inputs.addObject().put("name", p.name()).put("type", p.type().getTypeName());
    }
    n.put("outputType", t.output().getTypeName());
    n.set("retry", retry(t.retry()));
    t.timeout().ifPresentOrElse(d -> n.put("timeout", d.toString()), () -> n.putNull("timeout"));
    n.put("maxConcurrency", t.maxConcurrency());
    n.set("resources", resources(t.resources()));
    n.set("placement", placement(t.placement()));
    n.set("cache", cache(t.cache()));
    if (!t.admission().equals(Admission.DEFAULT)) { // absent when default: the spec hashes of older specs hold
      ObjectNode a = n.putObject("admission");
      a.put("priority", t.admission().priority());
      ArrayNode limits = a.putArray("rateLimits");
      t.admission().rateLimits().forEach(limits::add);
      t.admission().queuedTimeout().ifPresentOrElse(d -> a.put("queuedTimeout", d.toString()), () -> a.putNull("queuedTimeout"));
    }
    return n;
  }

  /** {@code {"enabled":false}} for an uncached task, otherwise every field of the policy. */
  static ObjectNode cache(CachePolicy c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("enabled", c.enabled());
    if (!c.enabled()) {
      return n;
    }
    n.put("version", c.version());
    c.codeHash().ifPresentOrElse(h -> n.put("codeHash", h), () -> n.putNull("codeHash"));
    ArrayNode ignored = n.putArray("ignoredInputs");
    c.ignoredInputs().forEach(ignored::add);
    c.expireAfter().ifPresentOrElse(d -> n.put("expireAfter", d.toString()), () -> n.putNull("expireAfter"));
    n.put("serialized", c.serialized());
    return n;
  }

  private static ObjectNode retry(RetryPolicy r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("maxAttempts", r.maxAttempts());
    n.put("initialBackoff", r.initialBackoff().toString());
    n.put("multiplier", r.multiplier());
    n.put("maxBackoff", r.maxBackoff().toString());
    n.put("jitter", r.jitter());
    ArrayNode on = n.putArray("retryOn");
    r.retryOn().forEach(c -> on.add(c.getName()));
    ArrayNode abort = n.putArray("abortOn");
    r.abortOn().forEach(c -> abort.add(c.getName()));
    if (!r.resize().isEmpty()) { // the changes are functions: their kinds are what JSON can say
      ArrayNode resize = n.putArray("resizeOn");
      r.resize().keySet().forEach(k -> resize.add(k.name()));
    }
    return n;
  }

  private static ObjectNode resources(Resources r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("cpu", r.cpu());
    n.put("memory", r.memory());
    n.put("gpu", r.gpu());
    ObjectNode custom = n.putObject("custom");
    r.custom().forEach(custom::put);
    return n;
  }

  private static ObjectNode placement(Placement p) {
    ObjectNode n = JSON.createObjectNode();
    n.put("executor", p.executor());
    n.put("image", p.image());
    putMap(n, "nodeSelector", p.nodeSelector());
    ArrayNode tolerations = n.putArray("tolerations");
    for (Toleration t : p.tolerations()) {
      tolerations.addObject()
          .put("key", t.key())
          .put("operator", t.operator())
          .put("value", t.value())
          .put("effect", t.effect());
    }
    putMap(n, "environment", p.environment());
    return n;
  }

  private static void putMap(ObjectNode n, String field, Map<String, String> map) {
    ObjectNode m = n.putObject(field);
    map.forEach(m::put);
  }
}
