package io.replaygate.trace.format.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.ReadOptions;
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

  private final LiteLlmMapping mapping;
  private final TraceMetadata metadata;

  public LiteLlmPayloadReader(Path file, ReadOptions options) {
    super(file, options);
    this.mapping = new LiteLlmMapping(BlockHasher.of(options), this::error);
    this.metadata = TraceMetadata.promptHashed("litellm", options.blockTokens(), peekCapabilities());
  }

  /** Capabilities from the first record (a proxy logs every call alike). */
  private Capabilities peekCapabilities() {
    JsonNode n = payload(peekFirstObject(MAPPER));
    JsonNode m = n.path("metadata");
    boolean hashes = n.path("messages").isArray();
    boolean tenants = LiteLlmMapping.TENANT_KEYS.stream().anyMatch(m::hasNonNull) || n.hasNonNull("end_user");
    boolean cache = m.path("usage_object").isObject();
    return new Capabilities(hashes, false, cache, true, tenants, true);
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  private static JsonNode payload(JsonNode n) {
    return n != null && n.has("standard_logging_object") ? n.get("standard_logging_object") : n;
  }

  /** Every field of LiteLLM's documented {@code StandardLoggingPayload}, read or not; others are counted. */
  static final java.util.Set<String> KNOWN = java.util.Set.of("id", "trace_id", "call_id", "call_type", "stream",
      "response_cost", "cost_breakdown", "response_cost_failure_debug_info", "status", "status_fields",
      "custom_llm_provider", "total_tokens", "prompt_tokens", "completion_tokens", "startTime", "endTime",
      "completionStartTime", "response_time", "model_map_information", "model", "model_id", "model_group", "api_base",
      "metadata", "cache_hit", "cache_key", "saved_cache_cost", "request_tags", "end_user", "requester_ip_address",
      "user_agent", "messages", "response", "error_str", "error_information", "model_parameters", "hidden_params",
      "guardrail_information", "standard_built_in_tools_params");

  @Override
  protected TraceRecord parseObject(JsonParser p) throws IOException {
    JsonNode n = payload(MAPPER.readTree(p));
    if (n == null || !n.isObject()) {
      throw error("standard_logging_object", "expected an object");
    }
    n.fieldNames().forEachRemaining(k -> {
      if (!KNOWN.contains(k)) {
        ignoreField(k);
      }
    });
    return mapping.map(n);
  }
}
