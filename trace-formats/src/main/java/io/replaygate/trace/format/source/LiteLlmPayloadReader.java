package io.replaygate.trace.format.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.trace.BlockCountRule;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.HashScope;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TimeOrigin;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractJsonLinesReader;
import io.replaygate.trace.format.JsonFields;
import io.replaygate.trace.format.gateway.BlockHasher;
import io.replaygate.trace.format.gateway.PromptRenderer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * LiteLLM's {@code StandardLoggingPayload}, JSONL: what the proxy's logging callbacks and custom loggers
 * receive as {@code kwargs["standard_logging_object"]}, one object per line (bare, or wrapped as
 * {@code {"standard_logging_object": {...}}}). Fields read (others are ignored — the payload grows with each
 * LiteLLM release):
 * <ul>
 *   <li>{@code startTime} (epoch seconds, a float, or an ISO-8601 time) → arrival; {@code endTime} → e2e;
 *       {@code completionStartTime} → TTFT when {@code stream} is true and the call succeeded (for a
 *       non-streaming call LiteLLM sets it to the end, which is no first token);</li>
 *   <li>{@code id} → request id; {@code model} (the model the caller asked for) and
 *       {@code custom_llm_provider} → model and provider; {@code model_group} → model path (else
 *       {@code provider/model});</li>
 *   <li>{@code prompt_tokens} (all prompt tokens: LiteLLM reports them OpenAI-style, cached ones included),
 *       {@code completion_tokens}; {@code metadata.usage_object}'s {@code prompt_tokens_details.cached_tokens}
 *       (or {@code cache_read_input_tokens}) → cached tokens and {@code cache_creation_input_tokens} → cache
 *       writes;</li>
 *   <li>tenant: {@code metadata.user_api_key_team_alias}, else {@code metadata.team_alias}, the key's alias
 *       ({@code user_api_key_alias}), its user ({@code user_api_key_user_id}), then {@code end_user};</li>
 *   <li>{@code status} {@code success} → ok; {@code failure} → error, or rate_limited when
 *       {@code error_information.error_code} is 429;</li>
 *   <li>{@code messages} (and {@code model_parameters.tools}): when LiteLLM logged them as a chat message list,
 *       rendered canonically as an OpenAI chat request, tokenised with o200k and chained-hashed with a salt
 *       like the gateway reader's — only the hashes survive. When they are absent or redacted
 *       ({@code turn_off_message_logging}), the record has no block hashes: caching cannot be simulated for
 *       it, and its observed usage is kept.</li>
 * </ul>
 * A failed call is logged without usage or with zeros; its prompt tokens are then the o200k count of its
 * messages (0 without them), what a retry would send.
 */
public final class LiteLlmPayloadReader extends AbstractJsonLinesReader {
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFields.FACTORY);
  /** 1990-01-01 and 2200-01-01 in epoch seconds: anything outside is a unit mistake or garbage. */
  private static final double MIN_EPOCH_S = 631_152_000d;
  private static final double MAX_EPOCH_S = 7_258_118_400d;
  private static final List<String> TENANT_KEYS = List.of("user_api_key_team_alias", "team_alias",
      "user_api_key_alias", "user_api_key_user_id");

  private final BlockHasher hasher;
  private final TraceMetadata metadata;

  public LiteLlmPayloadReader(Path file, ReadOptions options) {
    super(file, options);
    this.hasher = BlockHasher.of(options);
    this.metadata = new TraceMetadata(TraceMetadata.SCHEMA_VERSION, options.blockTokens(), HashScope.GLOBAL,
        TimeOrigin.EPOCH, "litellm", null, BlockCountRule.APPROXIMATE, peekCapabilities());
  }

  /** Capabilities from the first record (a proxy logs every call alike). */
  private Capabilities peekCapabilities() {
    boolean hashes = false;
    boolean tenants = false;
    boolean cache = false;
    if (nextNonBlank()) {
      pushBack();
      try {
        JsonNode n = payload(MAPPER.readTree(source.bytes(), 0, source.length()));
        if (n != null && n.isObject()) {
          hashes = n.path("messages").isArray();
          JsonNode m = n.path("metadata");
          tenants = TENANT_KEYS.stream().anyMatch(m::hasNonNull) || n.hasNonNull("end_user");
          cache = m.path("usage_object").isObject();
        }
      } catch (IOException | RuntimeException e) {
        // The malformed line is reported, with its number, when it is read as a record.
      }
    }
    return new Capabilities(hashes, false, cache, true, tenants, true);
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  private static JsonNode payload(JsonNode n) {
    return n != null && n.has("standard_logging_object") ? n.get("standard_logging_object") : n;
  }

  @Override
  protected TraceRecord parseObject(JsonParser p) throws IOException {
    JsonNode n = payload(MAPPER.readTree(p));
    if (n == null || !n.isObject()) {
      throw error("standard_logging_object", "expected an object");
    }
    double start = seconds(n, "startTime", true);
    Double end = n.hasNonNull("endTime") ? seconds(n, "endTime", false) : null;
    Double first = n.hasNonNull("completionStartTime") ? seconds(n, "completionStartTime", false) : null;
    String model = text(n, "model");
    if (model == null || model.isBlank()) {
      throw error("model", "missing required field");
    }
    String provider = text(n, "custom_llm_provider");
    String group = text(n, "model_group");
    String status = status(n);
    JsonNode meta = n.path("metadata");
    if (!meta.isMissingNode() && !meta.isNull() && !meta.isObject()) {
      throw error("metadata", "expected an object");
    }

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
        hashed = hasher.hash(PromptRenderer.render(request, PromptRenderer.Api.OPENAI_CHAT));
      } catch (IllegalArgumentException e) {
        String msg = e.getMessage();
        int colon = msg.indexOf(':');
        throw error(colon > 0 ? msg.substring(0, colon) : "messages", colon > 0 ? msg.substring(colon + 2) : msg);
      }
    }
    boolean ok = "ok".equals(status);
    Integer prompt = count(n, "prompt_tokens", "prompt_tokens", false);
    Integer output = count(n, "completion_tokens", "completion_tokens", false);
    if (ok && prompt == null) {
      throw error("prompt_tokens", "missing: a successful call must carry its usage");
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
        throw error("metadata.usage_object", "more cached tokens (" + cached + ") than prompt tokens (" + input + ")");
      }
    } else if (!usage.isMissingNode() && !usage.isNull()) {
      throw error("metadata.usage_object", "expected an object");
    }
    boolean stream = n.path("stream").asBoolean(false);
    long startUs = Math.round(start * 1_000_000d); // differences in whole µs: no float noise in the ms figures
    Float ttft = ok && stream && first != null && first >= start ? (Math.round(first * 1_000_000d) - startUs) / 1000f
        : null;
    Float e2e = end != null && end >= start ? (Math.round(end * 1_000_000d) - startUs) / 1000f : null;
    return new TraceRecord(startUs, text(n, "id"), tenant(n, meta),
        group != null ? group : (provider != null ? provider + "/" : "") + model, model, provider, null, input,
        output == null ? 0 : output, cached, written, hashed == null ? null : hashed.blockHashes(), ttft, e2e,
        status, null);
  }

  private String tenant(JsonNode n, JsonNode meta) {
    for (String k : TENANT_KEYS) {
      String v = meta.isObject() ? text(meta, k, "metadata." + k) : null;
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return text(n, "end_user");
  }

  private String status(JsonNode n) {
    String s = text(n, "status");
    if (s == null || s.equals("success")) {
      return "ok";
    }
    if (!s.equals("failure")) {
      throw error("status", "expected success or failure, got '" + s + "'");
    }
    JsonNode code = n.path("error_information").path("error_code");
    return code.asText("").equals("429") ? "rate_limited" : "error";
  }

  private double seconds(JsonNode n, String key, boolean required) {
    JsonNode t = n.get(key);
    if (t == null || t.isNull()) {
      if (required) {
        throw error(key, "missing required field");
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
        throw error(key, e.getMessage());
      }
    } else {
      throw error(key, "expected epoch seconds or an ISO-8601 time, got " + type(t));
    }
    if (!(s >= MIN_EPOCH_S && s <= MAX_EPOCH_S)) {
      throw error(key, "epoch seconds out of range (1990..2200): " + t);
    }
    return s;
  }

  private String text(JsonNode parent, String key) {
    return text(parent, key, key);
  }

  private String text(JsonNode parent, String key, String field) {
    JsonNode v = parent.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      // Name the type only: a misplaced value may be prompt text, which never reaches a message.
      throw error(field, "expected a string, got " + type(v));
    }
    return v.asText();
  }

  private Integer count(JsonNode parent, String key, String field, boolean required) {
    JsonNode v = parent.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        throw error(field, "missing required field");
      }
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
      throw error(field, "expected a non-negative integer, got " + (v.isNumber() ? v.toString() : type(v)));
    }
    return v.asInt();
  }

  private static String type(JsonNode v) {
    return v.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
