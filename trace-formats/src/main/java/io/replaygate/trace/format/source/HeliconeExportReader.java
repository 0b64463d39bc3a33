package io.replaygate.trace.format.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.gateway.BlockHasher;
import io.replaygate.trace.format.gateway.PromptRenderer;
import io.replaygate.trace.format.gateway.PromptRenderer.Api;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Helicone request exports: {@code HeliconeRequest} rows as its request-query API returns them
 * ({@code {"data": [...]}} pages, one per line or one document) or one row per line. Exports list newest first,
 * so a file is read whole and served by arrival ({@link GatheredExportReader}). Per row:
 * <ul>
 *   <li>{@code request_created_at} → arrival; {@code request_id} → request id; {@code time_to_first_token} →
 *       TTFT and {@code delay_ms} → e2e (ms);</li>
 *   <li>model: {@code model_override} (the caller's {@code Helicone-Model-Override}), else
 *       {@code response_model}, {@code request_model}, {@code model}; provider {@code provider} in lower case
 *       ({@code OPENAI} → {@code openai}); model path {@code provider/} the requested model;</li>
 *   <li>tenant {@code request_user_id} ({@code Helicone-User-Id}); session the {@code Helicone-Session-Id}
 *       property ({@code properties} or {@code request_properties}, the {@code Helicone-Property-*} and session
 *       headers Helicone stored); no other property is read;</li>
 *   <li>status {@code response_status}: 2xx ok, 429 rate_limited, anything else error;</li>
 *   <li>the prompt: {@code request_body} (a Chat Completions, Messages or Responses body; the dialect from
 *       {@code request_path}, else the body's shape) rendered and hashed like the gateway's, never kept; a row
 *       whose bodies Helicone kept elsewhere ({@code signed_body_url}, no {@code request_body}) has no block
 *       hashes;</li>
 *   <li>usage: the provider's own {@code response_body.usage} when the body is there ({@link ProviderBodies});
 *       else Helicone's columns, which its body processors fill with the <em>uncached</em> prompt tokens:
 *       prompt tokens = {@code prompt_tokens + prompt_cache_read_tokens + prompt_cache_write_tokens +
 *       prompt_audio_tokens}, cached {@code prompt_cache_read_tokens}, written {@code prompt_cache_write_tokens},
 *       output {@code completion_tokens + completion_audio_tokens}. A failed call without usage counts its
 *       request body's o200k tokens.</li>
 * </ul>
 * A Responses request's {@code previous_response_id} chain is followed as in the gateway reader (rows are mapped
 * in arrival order). Fields outside Helicone's documented row are counted ({@code --strict}: an error).
 */
public final class HeliconeExportReader extends GatheredExportReader<JsonNode> {
  /** Every field of the documented {@code HeliconeRequest} row, read or not. */
  static final Set<String> KNOWN = Set.of("response_id", "response_created_at", "response_body", "response_status",
      "response_model", "request_id", "request_created_at", "request_body", "request_path", "request_user_id",
      "request_properties", "request_model", "model_override", "helicone_user", "provider", "delay_ms",
      "time_to_first_token", "total_tokens", "prompt_tokens", "prompt_cache_write_tokens", "prompt_cache_read_tokens",
      "completion_tokens", "reasoning_tokens", "prompt_audio_tokens", "completion_audio_tokens", "cost", "costUSD",
      "prompt_id", "prompt_version", "feedback_created_at", "feedback_id", "feedback_rating", "signed_body_url",
      "llmSchema", "country_code", "asset_ids", "asset_urls", "scores", "properties", "assets", "target_url", "model",
      "cache_reference_id", "cache_enabled", "updated_at", "request_referrer", "ai_gateway_body_mapping",
      "storage_location");
  static final String SESSION = "Helicone-Session-Id";
  private static final Map<String, String> PROVIDERS = Map.of("aws", "bedrock", "vertex", "vertex_ai",
      "google", "gemini");

  private final BlockHasher hasher;
  private final GatewayLogReader.Conversations conversations = new GatewayLogReader.Conversations();
  private final TraceMetadata metadata;

  public HeliconeExportReader(Path file, ReadOptions options) {
    super(file, options);
    this.hasher = BlockHasher.of(options);
    gather("a Helicone request export");
    boolean hashes = false;
    boolean sessions = false;
    boolean cache = false;
    boolean latency = false;
    boolean tenants = false;
    for (Item<JsonNode> item : items()) {
      JsonNode row = item.value();
      hashes |= row.path("request_body").isObject() && !row.path("request_body").isEmpty();
      sessions |= session(row) != null;
      cache |= row.path("response_body").path("usage").isObject() || row.hasNonNull("prompt_cache_read_tokens");
      latency |= row.hasNonNull("delay_ms") || row.hasNonNull("time_to_first_token");
      tenants |= row.path("request_user_id").isTextual();
    }
    this.metadata = TraceMetadata.promptHashed("helicone", options.blockTokens(),
        new Capabilities(hashes, sessions, cache, latency, tenants, true));
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  @Override
  protected void collect(JsonNode doc, int line) {
    rows(doc, line, "request_id", (row, path) -> row(row, line, path));
  }

  private void row(JsonNode row, int line, String path) {
    if (!row.isObject()) {
      throw at(line, path, "expected a Helicone request object");
    }
    row.fieldNames().forEachRemaining(k -> {
      if (!KNOWN.contains(k)) {
        ignoreField(k);
      }
    });
    JsonNode t = row.get("request_created_at");
    if (t == null || !t.isTextual()) {
      throw at(line, field(path, "request_created_at"), t == null || t.isNull() ? "missing required field"
          : "expected an ISO-8601 time");
    }
    long arrival;
    try {
      arrival = Timestamps.parseMicros(t.asText());
    } catch (IllegalArgumentException e) {
      throw at(line, field(path, "request_created_at"), e.getMessage());
    }
    add(arrival, line, path, row);
  }

  private static String field(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  @Override
  protected TraceRecord map(Item<JsonNode> item) {
    JsonNode row = item.value();
    FieldErrors errors = (f, problem) -> at(item.line(), field(item.path(), f), problem);
    String requested = errors.text(row, "request_model");
    String model = first(errors.text(row, "model_override"), errors.text(row, "response_model"), requested,
        errors.text(row, "model"));
    if (model == null) {
      throw errors.at("model", "missing: none of model_override, response_model, request_model, model");
    }
    String provider = errors.text(row, "provider");
    provider = provider == null ? null : PROVIDERS.getOrDefault(provider.toLowerCase(Locale.ROOT),
        provider.toLowerCase(Locale.ROOT));
    String status = status(row, errors);

    JsonNode request = row.get("request_body");
    JsonNode response = row.path("response_body");
    JsonNode usage = response.path("usage").isObject() ? response.get("usage") : null;
    Api api = request != null && request.isObject() && !request.isEmpty()
        ? api(errors.text(row, "request_path"), request, usage) : null;
    ProviderBodies.Usage billed = null;
    if (usage != null) {
      billed = ProviderBodies.usage(usage, api != null ? api : ProviderBodies.inferred(response, usage),
          "response_body.usage", errors);
    } else if (row.hasNonNull("prompt_tokens")) {
      int plain = count(row, "prompt_tokens", errors);
      int read = count(row, "prompt_cache_read_tokens", errors);
      int write = count(row, "prompt_cache_write_tokens", errors);
      billed = new ProviderBodies.Usage(plain + read + write + count(row, "prompt_audio_tokens", errors),
          count(row, "completion_tokens", errors) + count(row, "completion_audio_tokens", errors),
          row.hasNonNull("prompt_cache_read_tokens") ? read : null,
          row.hasNonNull("prompt_cache_write_tokens") ? write : null);
    } else if ("ok".equals(status)) {
      throw errors.at("prompt_tokens", "missing: a successful call must carry its usage (response_body.usage or "
          + "prompt_tokens)");
    }
    BlockHasher.Hashed hashed = null;
    String session = session(row);
    if (api != null) {
      int billedInput = billed == null ? -1 : billed.input();
      try {
        if (api == Api.OPENAI_RESPONSES) {
          GatewayLogReader.Conversation c = conversations.turn(request, response.isObject() ? response : null);
          hashed = hasher.hash(PromptRenderer.responsesHead(request) + c.prompt(), billedInput);
          session = session != null ? session : c.root();
        } else {
          hashed = hasher.hash(PromptRenderer.render(request, api), billedInput);
        }
      } catch (PromptRenderer.ShapeException e) {
        throw errors.at("request_body." + e.field().replaceFirst("^request\\.", ""), e.problem());
      }
    }
    ProviderBodies.Usage u = billed != null ? billed
        : new ProviderBodies.Usage(hashed != null ? hashed.tokens() : 0, 0, null, null);
    Float ttft = latency(row, "time_to_first_token", errors);
    return new TraceRecord(item.startUs(), errors.text(row, "request_id"), errors.text(row, "request_user_id"),
        (provider != null ? provider + "/" : "") + (requested != null ? requested : model), model, provider,
        session, u.input(), u.output(), u.cached(), u.written(), hashed == null ? null : hashed.blockHashes(),
        "ok".equals(status) ? ttft : null, latency(row, "delay_ms", errors), status, null);
  }

  private static Api api(String path, JsonNode request, JsonNode usage) {
    if (path != null) {
      if (path.endsWith("/messages")) {
        return Api.ANTHROPIC_MESSAGES;
      }
      if (path.endsWith("/responses")) {
        return Api.OPENAI_RESPONSES;
      }
      if (path.endsWith("/chat/completions")) {
        return Api.OPENAI_CHAT;
      }
    }
    return ProviderBodies.inferred(request, usage);
  }

  /** The session Helicone stored from the {@code Helicone-Session-Id} header, or null. */
  private static String session(JsonNode row) {
    for (String k : new String[] {"properties", "request_properties"}) {
      JsonNode v = row.path(k).get(SESSION);
      if (v != null && v.isTextual() && !v.asText().isBlank()) {
        return v.asText();
      }
    }
    return null;
  }

  private static String status(JsonNode row, FieldErrors errors) {
    JsonNode s = row.get("response_status");
    if (s == null || s.isNull()) {
      return "ok";
    }
    if (!s.isNumber()) {
      throw errors.at("response_status", "expected an HTTP status number, got " + FieldErrors.type(s));
    }
    int code = s.asInt();
    return code >= 200 && code < 300 ? "ok" : code == 429 ? "rate_limited" : "error";
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }


  /** A token column: Helicone types them as numbers (doubles); a whole, non-negative value is required. */
  private static int count(JsonNode row, String key, FieldErrors errors) {
    JsonNode v = row.get(key);
    if (v == null || v.isNull()) {
      return 0;
    }
    double d = v.isNumber() ? v.asDouble() : Double.NaN;
    if (!(d >= 0 && d <= Integer.MAX_VALUE && d == Math.rint(d))) {
      throw errors.at(key, "expected a whole non-negative number of tokens, got "
          + FieldErrors.describe(v));
    }
    return (int) d;
  }

  private static Float latency(JsonNode row, String key, FieldErrors errors) {
    JsonNode v = row.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || v.asDouble() < 0) {
      throw errors.at(key, "expected a non-negative number of ms, got "
          + FieldErrors.describe(v));
    }
    return (float) v.asDouble();
  }
}
