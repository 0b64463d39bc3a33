package io.replaygate.trace.format.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replaygate.trace.Capabilities;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceMetadata;
import io.replaygate.trace.TraceRecord;
import io.replaygate.trace.format.AbstractJsonLinesReader;
import io.replaygate.trace.format.JsonFields;
import io.replaygate.trace.format.gateway.BlockHasher;
import io.replaygate.trace.format.gateway.PromptRenderer;
import io.replaygate.trace.format.gateway.PromptRenderer.Api;
import io.replaygate.trace.validate.RecordRules;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Raw gateway request logs, JSONL, one request per line — OpenAI Chat Completions, Anthropic Messages or OpenAI
 * Responses bodies:
 *
 * <pre>{@code
 * {"timestamp": "2026-03-02T10:15:00.123Z",      // or epoch milliseconds
 *  "request_id": "r-1", "tenant": "acme", "session_id": "s-9", "model_path": "coding/sonnet",  // optional
 *  "api": "anthropic.messages",  // or "openai.chat_completions", "openai.responses"; inferred when absent
 *  "provider": "anthropic",                       // optional; defaults from the api
 *  "request": { ...the request body as sent... },
 *  "response": { ...the response body, or at least its "usage"... },
 *  "ttft_ms": 812.5, "e2e_ms": 4210, "status": "ok", "slo_class": "interactive"}   // optional
 * }</pre>
 *
 * <p>The prompt (tools, system, messages) is rendered canonically, tokenized with o200k and chained-hashed
 * in {@link ReadOptions#blockTokens()}-token blocks with a salt ({@link ReadOptions#hashSalt()} or a random
 * one per run). Only the hashes survive: no prompt text reaches any record, file or message.
 *
 * <p>Counts come from the response's {@code usage} (what the provider billed), read per dialect by
 * {@link ProviderBodies}. A Responses request's prompt is its
 * tools and {@code instructions}, then the whole conversation its {@code previous_response_id} chain holds
 * ({@link Conversations}), whose first response id is the session when the log names none. A request
 * without usage must be a failed one (an {@code error} in the response or a non-ok status); its prompt
 * tokens are then the o200k count. Block hashes come from another tokenizer than the provider's, so the
 * trace's block-count rule is {@code approximate}. Envelope fields other than those above are counted and
 * passed over ({@code --strict}: an error).
 */
public final class GatewayLogReader extends AbstractJsonLinesReader {
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFields.FACTORY);
  private static final Set<String> ENVELOPE = Set.of("timestamp", "request_id", "tenant", "session_id",
      "model_path", "api", "provider", "request", "response", "usage", "ttft_ms", "e2e_ms", "status",
      "http_status", "slo_class");

  private static final long MAX_EPOCH_MS = RecordRules.MAX_EPOCH_US / 1000; // 2200-01-01T00:00:00Z
  private final BlockHasher hasher;
  private final TraceMetadata metadata;
  private final Conversations conversations = new Conversations();

  public GatewayLogReader(Path file, ReadOptions options) {
    super(file, options);
    this.hasher = BlockHasher.of(options);
    this.metadata = TraceMetadata.promptHashed("gateway", options.blockTokens(), peekCapabilities());
  }

  /** Capabilities from the first record's envelope (the log's shape is uniform in practice). */
  private Capabilities peekCapabilities() {
    JsonNode n = peekFirstObject(MAPPER);
    JsonNode req = n.path("request");
    // A Responses log names sessions by its previous_response_id chains.
    boolean sessions = n.hasNonNull("session_id") || "openai.responses".equals(n.path("api").asText())
        || (req.has("input") && !req.has("messages"));
    boolean tenants = n.hasNonNull("tenant");
    boolean latency = n.hasNonNull("ttft_ms") || n.hasNonNull("e2e_ms");
    return new Capabilities(true, sessions, true, latency, tenants, true);
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  @Override
  protected TraceRecord parseObject(JsonParser p) throws IOException {
    JsonNode n = MAPPER.readTree(p);
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!ENVELOPE.contains(key)) {
        ignoreField(key);
      }
    }
    long arrival = timestamp(n.get("timestamp"));
    JsonNode request = n.get("request");
    if (request == null || !request.isObject()) {
      throw error("request", request == null ? "missing required field" : "expected the request body object");
    }
    JsonNode response = n.get("response");
    JsonNode usage = n.hasNonNull("usage") ? n.get("usage") : response == null ? null : response.get("usage");
    Api api = api(n, request, usage);
    String model = text(request, "model", "request.model");
    if (model == null) {
      throw error("request.model", "missing required field");
    }
    String provider = n.hasNonNull("provider") ? text(n, "provider", "provider")
        : api == Api.ANTHROPIC_MESSAGES ? "anthropic" : "openai";
    String status = n.hasNonNull("status") ? text(n, "status", "status") : statusFrom(n, response);

    ProviderBodies.Usage billed = null;
    if (usage != null && usage.isObject()) {
      billed = ProviderBodies.usage(usage, api, "usage", this::error);
    } else if (usage != null && !usage.isNull()) {
      throw error("usage", "expected an object");
    } else if ("ok".equals(status)) {
      throw error("response.usage", "missing: a successful request must carry the provider's usage");
    }
    BlockHasher.Hashed hashed;
    String session = n.hasNonNull("session_id") ? text(n, "session_id", "session_id") : null;
    int billedInput = billed == null ? -1 : billed.input();
    try {
      if (api == Api.OPENAI_RESPONSES) {
        Conversation c = conversations.turn(request, response);
        hashed = hasher.hash(PromptRenderer.responsesHead(request) + c.prompt(), billedInput);
        session = session != null ? session : c.root();
      } else {
        hashed = hasher.hash(PromptRenderer.render(request, api), billedInput);
      }
    } catch (PromptRenderer.ShapeException e) {
      throw error(e.field(), e.problem());
    }
    // A failed request without usage: its prompt is what its body counts (o200k), what a retry would send.
    ProviderBodies.Usage u = billed != null ? billed : new ProviderBodies.Usage(hashed.tokens(), 0, null, null);
    return new TraceRecord(arrival,
        n.hasNonNull("request_id") ? text(n, "request_id", "request_id")
            : response != null && response.hasNonNull("id") ? response.get("id").asText() : null,
        n.hasNonNull("tenant") ? text(n, "tenant", "tenant") : null,
        n.hasNonNull("model_path") ? text(n, "model_path", "model_path") : provider + "/" + model,
        model, provider,
        session, u.input(), u.output(), u.cached(), u.written(), hashed.blockHashes(),
        latency(n, "ttft_ms"), latency(n, "e2e_ms"), status,
        n.hasNonNull("slo_class") ? text(n, "slo_class", "slo_class") : null);
  }

  private long timestamp(JsonNode t) {
    if (t == null || t.isNull()) {
      throw error("timestamp", "missing required field");
    }
    if (t.isIntegralNumber()) {
      // Epoch milliseconds between 1970 and 2200: anything else is a unit mistake (s, µs) or garbage.
      if (!t.canConvertToLong() || t.asLong() < 0 || t.asLong() > MAX_EPOCH_MS) {
        throw error("timestamp", "epoch milliseconds out of range (1970..2200): " + t);
      }
      return t.asLong() * 1000L;
    }
    if (t.isTextual()) {
      try {
        return Timestamps.parseMicros(t.asText());
      } catch (IllegalArgumentException e) {
        throw error("timestamp", e.getMessage());
      }
    }
    throw error("timestamp", "expected an ISO-8601 time or epoch milliseconds, got "
        + t.getNodeType().name().toLowerCase(Locale.ROOT));
  }

  private Api api(JsonNode n, JsonNode request, JsonNode usage) {
    return n.hasNonNull("api") ? ProviderBodies.named(n.get("api").asText(), "api", this::error)
        : ProviderBodies.inferred(request, usage);
  }

  private String statusFrom(JsonNode n, JsonNode response) {
    if (n.hasNonNull("http_status")) {
      JsonNode h = n.get("http_status");
      if (!h.canConvertToInt() || h.asInt() < 100 || h.asInt() > 599) {
        throw error("http_status", "expected an HTTP status 100..599, got " + (h.isNumber() ? h.toString()
            : h.getNodeType().name().toLowerCase(Locale.ROOT)));
      }
      int code = h.asInt();
      return code == 429 ? "rate_limited" : code >= 200 && code < 300 ? "ok" : "error";
    }
    if (response != null && (response.hasNonNull("error") || "error".equals(response.path("type").asText()))) {
      return "error";
    }
    return "ok";
  }

  private String text(JsonNode parent, String key, String field) {
    JsonNode v = parent.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      // Name the type only: a misplaced value may be prompt text, which never reaches a message.
      throw error(field, "expected a string, got " + v.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return v.asText();
  }

  private Float latency(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw error(key, "expected a number of ms, got " + v.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return (float) v.asDouble();
  }

  /** A Responses turn: its conversation so far (what the server holds) and the id of its first response. */
  record Conversation(String prompt, String root) {}

  /**
   * OpenAI Responses conversations chained by {@code previous_response_id}: the server prompts a continued
   * response with the whole conversation so far — its predecessors' input and output items, then the new
   * input — so each response's conversation is kept (in memory only, never written; the most recent
   * {@value #KEPT} responses) to hash the prompt the server saw, and the chain's first response id names the
   * session. A predecessor missing from the log (or forgotten) starts the conversation at the new input.
   */
  static final class Conversations {
    static final int KEPT = 4096;
    private final java.util.LinkedHashMap<String, Conversation> byResponse =
        new java.util.LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(java.util.Map.Entry<String, Conversation> eldest) {
            return size() > KEPT;
          }
        };

    Conversation turn(JsonNode request, JsonNode response) {
      String model = request.path("model").isTextual() ? request.get("model").asText() : null;
      JsonNode prev = request.get("previous_response_id");
      Conversation before = prev != null && prev.isTextual() ? byResponse.get(prev.asText()) : null;
      String prompt = (before == null ? "" : before.prompt())
          + PromptRenderer.responsesItems(request.get("input"), "request.input", model);
      String id = response != null && response.path("id").isTextual() ? response.get("id").asText() : null;
      String root = before != null ? before.root() : prev != null && prev.isTextual() ? prev.asText() : id;
      if (id != null) {
        JsonNode output = response.get("output");
        String after = output != null && output.isArray() ? PromptRenderer.responsesItems(output, "response.output", model)
            : "";
        byResponse.put(id, new Conversation(prompt + after, root));
      }
      return new Conversation(prompt, root);
    }
  }
}
