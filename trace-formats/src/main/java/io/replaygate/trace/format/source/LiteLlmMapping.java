package io.replaygate.trace.format.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.gateway.BlockHasher;
import io.replaygate.trace.format.gateway.PromptRenderer;
import io.replaygate.trace.validate.RecordRules;
import java.util.List;

/**
 * LiteLLM's fields, mapped once to the canonical record: a {@code StandardLoggingPayload} as
 * {@link LiteLlmPayloadReader} describes it; a spend-log row is first put in that shape
 * ({@link #fromSpendRow}).
 */
final class LiteLlmMapping {
  /** The records' calendar (1990..2200) in epoch seconds: anything outside is a unit mistake or garbage. */
  private static final double MIN_EPOCH_S = RecordRules.MIN_EPOCH_US / 1e6;
  private static final double MAX_EPOCH_S = RecordRules.MAX_EPOCH_US / 1e6;
  static final List<String> TENANT_KEYS = List.of("user_api_key_team_alias", "team_alias",
      "user_api_key_alias", "user_api_key_user_id");

  private final BlockHasher hasher;
  private final FieldErrors errors;

  LiteLlmMapping(BlockHasher hasher, FieldErrors errors) {
    this.hasher = hasher;
    this.errors = errors;
  }

  /** The record of one payload (an object). */
  TraceRecord map(JsonNode n) {
    double start = seconds(n, "startTime", true);
    Double end = n.hasNonNull("endTime") ? seconds(n, "endTime", false) : null;
    Double first = n.hasNonNull("completionStartTime") ? seconds(n, "completionStartTime", false) : null;
    String model = errors.text(n, "model");
    if (model == null || model.isBlank()) {
      throw errors.at("model", "missing required field");
    }
    String provider = errors.text(n, "custom_llm_provider");
    String group = errors.text(n, "model_group");
    String status = status(n);
    JsonNode meta = n.path("metadata");
    if (!meta.isMissingNode() && !meta.isNull() && !meta.isObject()) {
      throw errors.at("metadata", "expected an object");
    }

    Integer prompt = count(n, "prompt_tokens", "prompt_tokens", false);
    BlockHasher.Hashed hashed = null;
    JsonNode messages = n.get("messages");
    if (messages != null && messages.isArray()) {
      ObjectNode request = JsonNodeFactory.instance.objectNode();
      request.put("model", model);
      request.set("messages", messages);
      JsonNode tools = n.path("model_parameters").path("tools");
      if (tools.isArray()) {
        request.set("tools", tools);
      }
      try {
        hashed = hasher.hash(PromptRenderer.render(request, PromptRenderer.Api.OPENAI_CHAT),
            prompt == null ? -1 : prompt);
      } catch (PromptRenderer.ShapeException e) {
        throw errors.at(e.field(), e.problem());
      }
    }
    boolean ok = "ok".equals(status);
    Integer output = count(n, "completion_tokens", "completion_tokens", false);
    if (ok && prompt == null) {
      throw errors.at("prompt_tokens", "missing: a successful call must carry its usage");
    }
    // A failed call is logged with no usage or zeros: its prompt is then what its messages count (o200k).
    int input = !ok && (prompt == null || prompt == 0) ? (hashed != null ? hashed.tokens() : 0) : prompt;
    Integer cached = null;
    Integer written = null;
    JsonNode usage = meta.path("usage_object");
    if (usage.isObject()) {
      JsonNode details = usage.path("prompt_tokens_details");
      cached = details.isObject() && details.hasNonNull("cached_tokens")
          ? count(details, "cached_tokens", "metadata.usage_object.prompt_tokens_details.cached_tokens", true)
          : count(usage, "cache_read_input_tokens", "metadata.usage_object.cache_read_input_tokens", false);
      written = count(usage, "cache_creation_input_tokens", "metadata.usage_object.cache_creation_input_tokens",
          false);
      if (cached != null && cached > input) {
        throw errors.at("metadata.usage_object", "more cached tokens (" + cached + ") than prompt tokens (" + input + ")");
      }
    } else if (!usage.isMissingNode() && !usage.isNull()) {
      throw errors.at("metadata.usage_object", "expected an object");
    }
    boolean stream = n.path("stream").asBoolean(false);
    long startUs = Math.round(start * 1_000_000d); // differences in whole µs: no float noise in the ms figures
    Float ttft = ok && stream && first != null && first >= start ? (Math.round(first * 1_000_000d) - startUs) / 1000f
        : null;
    Float e2e = end != null && end >= start ? (Math.round(end * 1_000_000d) - startUs) / 1000f : null;
    return new TraceRecord(startUs, errors.text(n, "id"), tenant(n, meta),
        group != null ? group : (provider != null ? provider + "/" : "") + model, model, provider,
        errors.text(n, "session_id"), input, output == null ? 0 : output, cached, written,
        hashed == null ? null : hashed.blockHashes(), ttft, e2e, status, null);
  }

  private String tenant(JsonNode n, JsonNode meta) {
    for (String k : TENANT_KEYS) {
      String v = meta.isObject() ? errors.text(meta, k, "metadata." + k) : null;
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return errors.text(n, "end_user");
  }

  private String status(JsonNode n) {
    String s = errors.text(n, "status");
    if (s == null || s.equals("success")) {
      return "ok";
    }
    if (!s.equals("failure")) {
      throw errors.at("status", "expected success or failure, got '" + s + "'");
    }
    JsonNode code = n.path("error_information").path("error_code");
    return code.asText("").equals("429") ? "rate_limited" : "error";
  }

  private double seconds(JsonNode n, String key, boolean required) {
    JsonNode t = n.get(key);
    if (t == null || t.isNull()) {
      if (required) {
        throw errors.at(key, "missing required field");
      }
      return Double.NaN;
    }
    double s;
    if (t.isNumber()) {
      s = t.asDouble();
    } else if (t.isTextual()) {
      try {
        s = Timestamps.parseMicros(t.asText()) / 1e6;
      } catch (IllegalArgumentException e) {
        throw errors.at(key, e.getMessage());
      }
    } else {
      throw errors.at(key, "expected epoch seconds or an ISO-8601 time, got " + FieldErrors.type(t));
    }
    if (!(s >= MIN_EPOCH_S && s <= MAX_EPOCH_S)) {
      throw errors.at(key, "epoch seconds out of range (1990..2200): " + t);
    }
    return s;
  }



  private Integer count(JsonNode parent, String key, String field, boolean required) {
    JsonNode v = parent.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        throw errors.at(field, "missing required field");
      }
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
      throw errors.at(field, "expected a non-negative integer, got " + FieldErrors.describe(v));
    }
    return v.asInt();
  }


  /**
   * A {@code LiteLLM_SpendLogs} row (a JSON export or a CSV row as strings) in the payload's shape:
   * {@code request_id} → {@code id}, {@code startTime}/{@code start_time} (and the end and completion-start
   * times), {@code metadata} (an object or its JSON text) whose {@code additional_usage_values} stand for the
   * payload's {@code usage_object}, stored {@code messages} (JSON; {@code {}} when LiteLLM did not store
   * prompts), {@code session_id}; a call is taken as streamed when its completion started before it ended.
   */
  static ObjectNode fromSpendRow(JsonNode row, FieldErrors errors) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    copy(row, n, "id", "request_id");
    copy(row, n, "startTime", "startTime", "start_time");
    copy(row, n, "endTime", "endTime", "end_time");
    copy(row, n, "completionStartTime", "completionStartTime", "completion_start_time");
    for (String k : List.of("model", "model_group", "custom_llm_provider", "status", "end_user", "session_id")) {
      JsonNode v = row.get(k);
      if (v != null && !v.isNull() && !(v.isTextual() && v.asText().isEmpty())) {
        n.set(k, v);
      }
    }
    for (String k : List.of("prompt_tokens", "completion_tokens")) {
      JsonNode v = row.get(k);
      if (v != null && v.isTextual() && !v.asText().isBlank()) {
        try {
          n.put(k, Long.parseLong(v.asText().strip()));
        } catch (NumberFormatException e) {
          throw errors.at(k, "expected an integer, got '" + v.asText() + "'");
        }
      } else if (v != null && !v.isNull()) {
        n.set(k, v);
      }
    }
    JsonNode meta = json(row.get("metadata"), "metadata", errors);
    if (meta != null && meta.isObject()) {
      ObjectNode m = ((ObjectNode) meta).deepCopy();
      if (!m.has("usage_object") && m.path("additional_usage_values").isObject()) {
        m.set("usage_object", m.get("additional_usage_values"));
      }
      n.set("metadata", m);
    }
    JsonNode messages = json(row.get("messages"), "messages", errors);
    if (messages != null && messages.isArray()) {
      n.set("messages", messages);
    }
    JsonNode first = n.get("completionStartTime");
    JsonNode end = n.get("endTime");
    n.put("stream", first != null && end != null && !first.asText().equals(end.asText()));
    return n;
  }

  private static void copy(JsonNode from, ObjectNode to, String key, String... names) {
    for (String name : names) {
      JsonNode v = from.get(name);
      if (v != null && !v.isNull() && !(v.isTextual() && v.asText().isBlank())) {
        // Postgres writes a UTC offset as "+00": the reader takes "+00:00" (a time without a zone is UTC).
        to.set(key, v.isTextual() ? JsonNodeFactory.instance.textNode(v.asText().strip()
            .replaceFirst("([+-]\\d{2})$", "$1:00")) : v);
        return;
      }
    }
  }

  /** A JSON column: an object or array as is, or its text parsed; empty text or {@code {}} is nothing. */
  private static JsonNode json(JsonNode v, String field, FieldErrors errors) {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      return v;
    }
    String s = v.asText().strip();
    if (s.isEmpty() || s.equals("{}") || s.equals("[]")) {
      return null;
    }
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper(io.replaygate.trace.format.JsonFields.FACTORY).readTree(s);
    } catch (java.io.IOException e) {
      throw errors.at(field, "expected JSON text");
    }
  }
}
