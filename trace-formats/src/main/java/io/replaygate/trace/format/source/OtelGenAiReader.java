package io.replaygate.trace.format.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.gateway.BlockHasher;
import io.replaygate.trace.format.gateway.PromptRenderer;
import io.replaygate.trace.validate.RecordRules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * OpenTelemetry spans in OTLP JSON (the collector's file exporter: one {@code ExportTraceServiceRequest} —
 * {@code {"resourceSpans": [...]}} — per line, or one document), read by the GenAI semantic conventions. Every
 * inference span becomes a request: {@code gen_ai.operation.name} {@code chat}, {@code text_completion} or
 * {@code generate_content} (or none, on a span with {@code gen_ai.request.model} and token usage — older
 * instrumentations); agent, tool, embedding and other spans are not model calls and are passed over.
 * <ul>
 *   <li>arrival: {@code startTimeUnixNano}; e2e: end − start; no TTFT (the conventions carry it as a metric,
 *       not on the span);</li>
 *   <li>model {@code gen_ai.response.model}, else {@code gen_ai.request.model}; provider
 *       {@code gen_ai.provider.name}, else {@code gen_ai.system} ({@code aws.bedrock} → {@code bedrock},
 *       {@code gcp.vertex_ai} → {@code vertex_ai}, {@code gcp.gemini} → {@code gemini}, {@code azure.ai.openai}
 *       → {@code azure}); model path {@code provider/} the requested model (the lane the caller asked for);</li>
 *   <li>{@code gen_ai.usage.input_tokens} (all prompt tokens: the conventions include cached ones),
 *       {@code gen_ai.usage.output_tokens}, {@code gen_ai.usage.cache_read.input_tokens} and
 *       {@code gen_ai.usage.cache_creation.input_tokens} (or the older {@code …cache_read_input_tokens});</li>
 *   <li>request id {@code gen_ai.response.id}, else the span id; session {@code gen_ai.conversation.id}, else
 *       the trace id; tenant the resource's {@code service.name};</li>
 *   <li>status: span status code 2 is an error, {@code rate_limited} when {@code error.type} is 429 or names a
 *       rate limit;</li>
 *   <li>the prompt, when the instrumentation captured it: {@code gen_ai.system_instructions},
 *       {@code gen_ai.input.messages} and {@code gen_ai.tool.definitions} (JSON strings or structured
 *       values), else the older span events ({@code gen_ai.system.message}, {@code gen_ai.user.message},
 *       {@code gen_ai.assistant.message}, {@code gen_ai.tool.message}, or {@code gen_ai.content.prompt}'s
 *       {@code gen_ai.prompt}) — rendered as a chat request and hashed like the gateway's, never kept.
 *       Without it the record has no block hashes.</li>
 * </ul>
 * An export is not in start order (spans are exported as they end), so each file's inference spans are
 * gathered and sorted by start before the first is returned: memory follows one file's spans.
 */
public final class OtelGenAiReader extends GatheredExportReader<TraceRecord> {
  private static final Set<String> INFERENCE = Set.of("chat", "text_completion", "generate_content");
  private static final Map<String, String> PROVIDERS = Map.of("aws.bedrock", "bedrock", "gcp.vertex_ai", "vertex_ai",
      "gcp.gemini", "gemini", "azure.ai.openai", "azure", "az.ai.openai", "azure", "azure.ai.inference", "azure_ai");
  private static final long MIN_NANOS = RecordRules.MIN_EPOCH_US * 1000; // 1990-01-01
  private static final long MAX_NANOS = Long.MAX_VALUE; // 2262: past 2200, checked below in µs

  private final BlockHasher hasher;
  private final TraceMetadata metadata;

  public OtelGenAiReader(Path file, ReadOptions options) {
    super(file, options);
    this.hasher = BlockHasher.of(options);
    gather("an OTLP JSON export");
    this.metadata = TraceMetadata.promptHashed("otel", options.blockTokens(), observed(items()));
  }

  @Override
  protected TraceRecord map(Item<TraceRecord> item) {
    return item.value();
  }

  @Override
  protected void collect(JsonNode doc, int line) {
    if (!doc.isObject() || !doc.path("resourceSpans").isArray()) {
      throw at(line, "resourceSpans", "expected an OTLP export with a "
          + "resourceSpans array");
    }
    JsonNode rs = doc.get("resourceSpans");
    for (int r = 0; r < rs.size(); r++) {
      Map<String, JsonNode> resource = attributes(rs.get(r).path("resource").path("attributes"), line,
          "resourceSpans[" + r + "].resource.attributes");
      JsonNode service = resource.get("service.name");
      String tenant = service != null && service.isTextual() ? service.asText() : null;
      JsonNode scopes = array(rs.get(r).path("scopeSpans"), line, "resourceSpans[" + r + "].scopeSpans");
      for (int s = 0; s < scopes.size(); s++) {
        JsonNode list = array(scopes.get(s).path("spans"), line, "resourceSpans[" + r + "].scopeSpans[" + s
            + "].spans");
        for (int k = 0; k < list.size(); k++) {
          String path = "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + k + "]";
          span(list.get(k), tenant, line, path);
        }
      }
    }
  }

  private void span(JsonNode span, String tenant, int line, String path) {
    Map<String, JsonNode> a = attributes(span.path("attributes"), line, path + ".attributes");
    String op = text(a, "gen_ai.operation.name", line, path);
    boolean inference = op != null ? INFERENCE.contains(op)
        : a.containsKey("gen_ai.request.model") && a.containsKey("gen_ai.usage.input_tokens");
    if (!inference) {
      return;
    }
    long startUs = nanos(span.get("startTimeUnixNano"), line, path + ".startTimeUnixNano") / 1000;
    JsonNode endNode = span.get("endTimeUnixNano");
    Long endUs = endNode == null || endNode.isNull() ? null : nanos(endNode, line, path + ".endTimeUnixNano") / 1000;
    String requested = text(a, "gen_ai.request.model", line, path);
    String model = text(a, "gen_ai.response.model", line, path);
    if (model == null) {
      model = requested;
    }
    if (model == null || model.isBlank()) {
      throw at(line, path + ".attributes.gen_ai.request.model",
          "missing required attribute");
    }
    String provider = text(a, "gen_ai.provider.name", line, path);
    if (provider == null) {
      provider = text(a, "gen_ai.system", line, path);
    }
    provider = provider == null ? null : PROVIDERS.getOrDefault(provider, provider);
    int code = span.path("status").path("code").isNumber() ? span.path("status").path("code").asInt()
        : "STATUS_CODE_ERROR".equals(span.path("status").path("code").asText()) ? 2 : 0;
    String errorType = text(a, "error.type", line, path);
    String status = code != 2 && errorType == null ? "ok"
        : errorType != null && (errorType.equals("429") || errorType.toLowerCase(Locale.ROOT).contains("ratelimit")
            || errorType.toLowerCase(Locale.ROOT).contains("rate_limit")) ? "rate_limited" : "error";

    BlockHasher.Hashed hashed = null;
    ObjectNode request = prompt(a, span.path("events"), line, path);
    if (request != null) {
      try {
        hashed = hasher.hash(PromptRenderer.render(request, PromptRenderer.Api.OPENAI_CHAT));
      } catch (PromptRenderer.ShapeException e) {
        throw at(line, path + ".attributes.gen_ai.input.messages (" + e.field()
            + ")", e.problem());
      }
    }
    Integer input = count(a, "gen_ai.usage.input_tokens", line, path);
    Integer output = count(a, "gen_ai.usage.output_tokens", line, path);
    if ("ok".equals(status) && input == null) {
      throw at(line, path + ".attributes.gen_ai.usage.input_tokens",
          "missing: a successful call must carry its usage");
    }
    int in = input != null && (input > 0 || hashed == null) ? input : hashed != null ? hashed.tokens() : 0;
    Integer cached = count(a, "gen_ai.usage.cache_read.input_tokens", line, path);
    if (cached == null) {
      cached = count(a, "gen_ai.usage.cache_read_input_tokens", line, path);
    }
    Integer written = count(a, "gen_ai.usage.cache_creation.input_tokens", line, path);
    if (written == null) {
      written = count(a, "gen_ai.usage.cache_creation_input_tokens", line, path);
    }
    if (cached != null && cached > in) {
      throw at(line, path + ".attributes.gen_ai.usage.cache_read.input_tokens",
          "more cached tokens (" + cached + ") than prompt tokens (" + in + ")");
    }
    String responseId = text(a, "gen_ai.response.id", line, path);
    String conversation = text(a, "gen_ai.conversation.id", line, path);
    String traceId = span.path("traceId").isTextual() ? span.get("traceId").asText() : null;
    String spanId = span.path("spanId").isTextual() ? span.get("spanId").asText() : null;
    Float e2e = endUs != null && endUs >= startUs ? (endUs - startUs) / 1000f : null;
    TraceRecord rec = new TraceRecord(startUs, responseId != null ? responseId : spanId, tenant,
        (provider != null ? provider + "/" : "") + (requested != null ? requested : model), model, provider,
        conversation != null ? conversation : traceId,
        in, output == null ? 0 : output, cached, written, hashed == null ? null : hashed.blockHashes(), null, e2e,
        status, null);
    add(startUs, line, path, rec);
  }

  /**
   * The captured prompt as a chat request ({@code tools}, {@code messages}), or null when the span has none.
   */
  private ObjectNode prompt(Map<String, JsonNode> a, JsonNode events, int line, String path) {
    ArrayNode messages = JsonNodeFactory.instance.arrayNode();
    JsonNode system = structured(a.get("gen_ai.system_instructions"));
    if (system != null) {
      messages.addObject().put("role", "system").set("content", parts(system));
    }
    JsonNode input = structured(a.get("gen_ai.input.messages"));
    if (input != null) {
      if (!input.isArray()) {
        throw at(line, path + ".attributes.gen_ai.input.messages",
            "expected an array of messages");
      }
      for (JsonNode m : input) {
        messages.add(message(m));
      }
    } else if (events.isArray()) {
      for (JsonNode ev : events) {
        String name = ev.path("name").asText("");
        Map<String, JsonNode> ea = attributes(ev.path("attributes"), line, path + ".events");
        if (name.equals("gen_ai.content.prompt") && ea.get("gen_ai.prompt") != null) {
          JsonNode legacy = structured(ea.get("gen_ai.prompt"));
          if (legacy != null && legacy.isArray()) {
            legacy.forEach(m -> messages.add(message(m)));
          }
        } else if (name.startsWith("gen_ai.") && name.endsWith(".message")) {
          String role = name.substring("gen_ai.".length(), name.length() - ".message".length());
          ObjectNode m = messages.addObject().put("role", ea.containsKey("role") && ea.get("role").isTextual()
              ? ea.get("role").asText() : role);
          JsonNode content = ea.get("content");
          m.set("content", content == null ? JsonNodeFactory.instance.textNode("") : content);
        }
      }
    }
    if (messages.isEmpty()) {
      return null;
    }
    ObjectNode request = JsonNodeFactory.instance.objectNode();
    JsonNode tools = structured(a.get("gen_ai.tool.definitions"));
    if (tools != null && tools.isArray()) {
      request.set("tools", tools);
    }
    request.set("messages", messages);
    return request;
  }

  /** A message of the current ({@code parts}) or the chat ({@code content}) shape, as a chat message. */
  private static JsonNode message(JsonNode m) {
    if (!m.isObject()) {
      return m; // PromptRenderer names the wrong shape
    }
    if (!m.has("parts")) {
      return m;
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("role", m.get("role"));
    out.set("content", parts(m.get("parts")));
    return out;
  }

  /** Parts with {@code type: text, content} become chat text parts; a string stays a string; others as they are. */
  private static JsonNode parts(JsonNode parts) {
    if (!parts.isArray()) {
      return parts;
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (JsonNode p : parts) {
      if (p.isObject() && "text".equals(p.path("type").asText()) && p.path("content").isTextual()) {
        out.addObject().put("type", "text").put("text", p.get("content").asText());
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /** An attribute that may be structured or a JSON string: the structure, or a plain string as it is. */
  private static JsonNode structured(JsonNode v) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      String s = v.asText().strip();
      if (s.startsWith("[") || s.startsWith("{")) {
        try {
          return MAPPER.readTree(s);
        } catch (IOException e) {
          return v;
        }
      }
    }
    return v;
  }

  /** OTLP attributes ({@code [{key, value: {stringValue | intValue | …}}]}) as plain JSON values by key. */
  /** An OTLP list: absent or null is empty; anything but an array is an error at its path. */
  private JsonNode array(JsonNode n, int line, String path) {
    if (n.isMissingNode() || n.isNull()) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    if (!n.isArray()) {
      throw at(line, path, "expected an array");
    }
    return n;
  }

  private Map<String, JsonNode> attributes(JsonNode list, int line, String path) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    if (list == null || list.isMissingNode() || list.isNull()) {
      return out;
    }
    if (!list.isArray()) {
      throw at(line, path, "expected an array of attributes");
    }
    for (JsonNode kv : list) {
      JsonNode key = kv.get("key");
      if (key == null || !key.isTextual()) {
        throw at(line, path, "an attribute without a string key");
      }
      out.put(key.asText(), value(kv.get("value"), line, path + "." + key.asText()));
    }
    return out;
  }

  private JsonNode value(JsonNode v, int line, String path) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (v == null || v.isNull() || v.isEmpty()) {
      return f.nullNode();
    }
    if (v.has("stringValue")) {
      return f.textNode(v.get("stringValue").asText());
    }
    if (v.has("intValue")) {
      JsonNode i = v.get("intValue");
      try {
        return f.numberNode(i.isNumber() ? i.asLong() : Long.parseLong(i.asText()));
      } catch (NumberFormatException e) {
        throw at(line, path, "expected an integer intValue");
      }
    }
    if (v.has("doubleValue")) {
      return f.numberNode(v.get("doubleValue").asDouble());
    }
    if (v.has("boolValue")) {
      return f.booleanNode(v.get("boolValue").asBoolean());
    }
    if (v.has("arrayValue")) {
      ArrayNode out = f.arrayNode();
      for (JsonNode x : v.path("arrayValue").path("values")) {
        out.add(value(x, line, path));
      }
      return out;
    }
    if (v.has("kvlistValue")) {
      ObjectNode out = f.objectNode();
      for (JsonNode kv : v.path("kvlistValue").path("values")) {
        out.set(kv.path("key").asText(), value(kv.get("value"), line, path));
      }
      return out;
    }
    return f.nullNode();
  }

  private String text(Map<String, JsonNode> a, String key, int line, String path) {
    JsonNode v = a.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw at(line, path + ".attributes." + key, "expected a string, got "
          + v.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return v.asText();
  }

  private Integer count(Map<String, JsonNode> a, String key, int line, String path) {
    JsonNode v = a.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
      throw at(line, path + ".attributes." + key,
          "expected a non-negative integer, got " + (v.isNumber() ? v.toString() : v.getNodeType().name()
              .toLowerCase(Locale.ROOT)));
    }
    return v.asInt();
  }

  private long nanos(JsonNode t, int line, String path) {
    long v;
    try {
      if (t == null || t.isNull()) {
        throw at(line, path, "missing required field");
      }
      v = t.isIntegralNumber() && t.canConvertToLong() ? t.asLong() : Long.parseLong(t.asText());
    } catch (NumberFormatException e) {
      throw at(line, path, "expected nanoseconds since the epoch");
    }
    if (v < MIN_NANOS || v > MAX_NANOS || v / 1000 > RecordRules.MAX_EPOCH_US) {
      throw at(line, path, "nanoseconds since the epoch out of range "
          + "(1990..2200): " + v);
    }
    return v;
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }
}
