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
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Langfuse observations exports: what its public API's observations endpoints return ({@code {"data": [...],
 * "meta": {...}}} pages of v1 {@code ObservationsView} or v2 {@code ObservationV2} objects, one per line or one
 * document) or one observation per line. Only {@code GENERATION} observations are model calls; spans, events,
 * agents, tools and the other types are passed over. An export lists newest first, so a file is read whole and
 * served by start ({@link GatheredExportReader}). Per generation:
 * <ul>
 *   <li>{@code startTime} → arrival; TTFT {@code completionStartTime − startTime} (else {@code timeToFirstToken},
 *       s); e2e {@code endTime − startTime} (else {@code latency}, s);</li>
 *   <li>{@code id} → request id; model {@code model}, else {@code providedModelName} (Langfuse records no
 *       provider: the model path is the model); session {@code sessionId} (v2), else the {@code traceId} (one
 *       trace is one run of the application); tenant {@code userId} (v2);</li>
 *   <li>status: {@code level} {@code ERROR} is an error, rate_limited when {@code statusMessage} names a 429 or a
 *       rate limit;</li>
 *   <li>usage, by Langfuse's own rule for {@code usageDetails} (its keys are disjoint usage types, and every key
 *       containing {@code input} is an input type): prompt tokens = the sum of the {@code input} keys, output =
 *       the sum of the {@code output} keys; cached = the input keys naming a cache read ({@code cache_read},
 *       {@code cached}: {@code input_cached_tokens}, {@code cache_read_input_tokens}, {@code input_cache_read}),
 *       written = those naming a cache write ({@code cache_creation}, {@code cache_write}). Without
 *       {@code usageDetails}: the deprecated {@code usage} ({@code input}, {@code output}, unit {@code TOKENS}),
 *       then {@code promptTokens}/{@code completionTokens};</li>
 *   <li>the prompt: {@code input} when Langfuse captured it — a message list, a {@code {messages, tools, system}}
 *       object as the integrations log it, or a string (one user message); any other value counts as one user
 *       message of its canonical JSON — rendered as a chat request and hashed like the gateway's, never kept.
 *       Without it the record has no block hashes.</li>
 * </ul>
 * A failed generation without usage counts its input's o200k tokens. Fields outside Langfuse's documented
 * observation are counted ({@code --strict}: an error).
 */
public final class LangfuseObservationsReader extends GatheredExportReader<TraceRecord> {
  /** Every field of Langfuse's documented observation objects (v1, its view, and v2), read or not. */
  static final Set<String> KNOWN = Set.of("id", "traceId", "type", "name", "startTime", "endTime",
      "completionStartTime", "model", "modelParameters", "input", "version", "metadata", "output", "usage", "level",
      "statusMessage", "parentObservationId", "promptId", "usageDetails", "costDetails", "environment", "promptName",
      "promptVersion", "modelId", "inputPrice", "outputPrice", "totalPrice", "calculatedInputCost",
      "calculatedOutputCost", "calculatedTotalCost", "latency", "timeToFirstToken", "projectId", "bookmarked",
      "public", "userId", "sessionId", "createdAt", "updatedAt", "providedModelName", "internalModelId", "totalCost",
      "usagePricingTierName", "traceName", "tags", "release", "unit", "promptTokens",
      "completionTokens", "totalTokens");

  private final BlockHasher hasher;
  private final TraceMetadata metadata;

  public LangfuseObservationsReader(Path file, ReadOptions options) {
    super(file, options);
    this.hasher = BlockHasher.of(options);
    gather("a Langfuse observations export");
    this.metadata = TraceMetadata.promptHashed("langfuse", options.blockTokens(), observed(items()));
  }

  @Override
  public TraceMetadata metadata() {
    return metadata;
  }

  @Override
  protected TraceRecord map(Item<TraceRecord> item) {
    return item.value();
  }

  @Override
  protected void collect(JsonNode doc, int line) {
    rows(doc, line, "type", (row, path) -> observation(row, line, path));
  }

  private void observation(JsonNode o, int line, String path) {
    FieldErrors errors = (f, problem) -> at(line, path.isEmpty() ? f : path + "." + f, problem);
    if (!o.isObject()) {
      throw errors.at("type", "expected a Langfuse observation object");
    }
    o.fieldNames().forEachRemaining(k -> {
      if (!KNOWN.contains(k)) {
        ignoreField(k);
      }
    });
    String type = errors.text(o, "type");
    if (type == null) {
      throw errors.at("type", "missing required field");
    }
    if (!type.equals("GENERATION")) {
      return;
    }
    long start = micros(o, "startTime", errors);
    String model = errors.text(o, "model");
    if (model == null || model.isBlank()) {
      model = errors.text(o, "providedModelName");
    }
    if (model == null || model.isBlank()) {
      throw errors.at("model", "missing required field");
    }
    String level = errors.text(o, "level");
    String message = errors.text(o, "statusMessage");
    String status = !"ERROR".equals(level) ? "ok" : message != null && rateLimited(message) ? "rate_limited"
        : "error";

    BlockHasher.Hashed hashed = null;
    ObjectNode request = prompt(o.get("input"));
    if (request != null) {
      try {
        hashed = hasher.hash(PromptRenderer.render(request, PromptRenderer.Api.OPENAI_CHAT));
      } catch (PromptRenderer.ShapeException e) {
        throw errors.at("input (" + e.field().replaceFirst("^request\\.", "") + ")", e.problem());
      }
    }
    int[] usage = usage(o, errors);
    int input;
    int output;
    Integer cached = null;
    Integer written = null;
    if (usage != null) {
      input = usage[0];
      output = usage[1];
      cached = usage[2] < 0 ? null : usage[2];
      written = usage[3] < 0 ? null : usage[3];
    } else if ("ok".equals(status)) {
      throw errors.at("usageDetails", "missing: a successful generation must carry its usage");
    } else {
      input = hashed != null ? hashed.tokens() : 0;
      output = 0;
    }
    Long end = o.hasNonNull("endTime") ? micros(o, "endTime", errors) : null;
    Long first = o.hasNonNull("completionStartTime") ? micros(o, "completionStartTime", errors) : null;
    Float ttft = first != null && first >= start ? Float.valueOf((first - start) / 1000f) : seconds(o, "timeToFirstToken", errors);
    Float e2e = end != null && end >= start ? Float.valueOf((end - start) / 1000f) : seconds(o, "latency", errors);
    String session = errors.text(o, "sessionId");
    add(start, line, path, new TraceRecord(start, errors.text(o, "id"), errors.text(o, "userId"), model, model, null,
        session != null ? session : errors.text(o, "traceId"), input, output, cached, written,
        hashed == null ? null : hashed.blockHashes(), "ok".equals(status) ? ttft : null, e2e, status, null));
  }

  private static boolean rateLimited(String message) {
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("429") || m.contains("rate limit") || m.contains("rate_limit") || m.contains("ratelimit");
  }

  /**
   * {prompt, output, cached or −1, written or −1} from {@code usageDetails}, the deprecated {@code usage}, or the
   * view's token fields; null when the observation has none.
   */
  private static int[] usage(JsonNode o, FieldErrors errors) {
    JsonNode details = o.get("usageDetails");
    if (details != null && details.isObject() && !details.isEmpty()) {
      long input = 0;
      long output = 0;
      long cached = -1;
      long written = -1;
      boolean anyInput = false;
      for (Iterator<Map.Entry<String, JsonNode>> it = details.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String k = e.getKey();
        if (k.equals("total")) {
          continue;
        }
        long v = count(e.getValue(), "usageDetails." + k, errors);
        if (k.contains("input")) {
          anyInput = true;
          input += v;
          if (k.contains("cache_read") || k.contains("cached")) {
            cached = Math.max(cached, 0) + v;
          } else if (k.contains("cache_creation") || k.contains("cache_write")) {
            written = Math.max(written, 0) + v;
          }
        } else if (k.contains("output")) {
          output += v;
        }
      }
      if (!anyInput) {
        throw errors.at("usageDetails", "no input usage type (keys containing 'input')");
      }
      if (input > Integer.MAX_VALUE || output > Integer.MAX_VALUE) {
        throw errors.at("usageDetails", "absurd token counts");
      }
      return new int[] {(int) input, (int) output, (int) cached, (int) written};
    }
    JsonNode usage = o.get("usage");
    if (usage != null && usage.isObject() && usage.hasNonNull("input")) {
      String unit = usage.path("unit").asText("TOKENS");
      if (!unit.equals("TOKENS")) {
        throw errors.at("usage.unit", "usage in " + unit + ", not TOKENS: no token counts to replay");
      }
      return new int[] {(int) count(usage.get("input"), "usage.input", errors),
          usage.hasNonNull("output") ? (int) count(usage.get("output"), "usage.output", errors) : 0, -1, -1};
    }
    if (o.hasNonNull("promptTokens")) {
      return new int[] {(int) count(o.get("promptTokens"), "promptTokens", errors),
          o.hasNonNull("completionTokens") ? (int) count(o.get("completionTokens"), "completionTokens", errors) : 0,
          -1, -1};
    }
    return null;
  }

  /** The captured input as a chat request, or null when there is none. */
  private static ObjectNode prompt(JsonNode input) {
    if (input == null || input.isNull() || (input.isTextual() && input.asText().isEmpty())) {
      return null;
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode request = f.objectNode();
    ArrayNode messages = f.arrayNode();
    if (input.isArray() && !input.isEmpty() && input.get(0).isObject() && input.get(0).has("role")) {
      messages.addAll((ArrayNode) input);
    } else if (input.isObject() && input.path("messages").isArray()) {
      JsonNode system = input.get("system");
      if (system != null && !system.isNull()) {
        messages.addObject().put("role", "system").set("content", system);
      }
      messages.addAll((ArrayNode) input.get("messages"));
      if (input.path("tools").isArray()) {
        request.set("tools", input.get("tools"));
      }
    } else if (input.isTextual()) {
      messages.addObject().put("role", "user").put("content", input.asText());
    } else {
      messages.addObject().put("role", "user").set("content", f.arrayNode().add(input));
    }
    request.set("messages", messages);
    return request;
  }

  private static long micros(JsonNode o, String key, FieldErrors errors) {
    JsonNode t = o.get(key);
    if (t == null || t.isNull()) {
      throw errors.at(key, "missing required field");
    }
    if (!t.isTextual()) {
      throw errors.at(key, "expected an ISO-8601 time, got " + FieldErrors.type(t));
    }
    long us;
    try {
      us = Timestamps.parseMicros(t.asText());
    } catch (IllegalArgumentException e) {
      throw errors.at(key, e.getMessage());
    }
    if (us < RecordRules.MIN_EPOCH_US || us > RecordRules.MAX_EPOCH_US) {
      throw errors.at(key, "time out of range (1990..2200)");
    }
    return us;
  }

  private static Float seconds(JsonNode o, String key, FieldErrors errors) {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber() || v.asDouble() < 0) {
      throw errors.at(key, "expected a non-negative number of seconds, got "
          + FieldErrors.describe(v));
    }
    return (float) (v.asDouble() * 1000d);
  }


  private static long count(JsonNode v, String field, FieldErrors errors) {
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
      throw errors.at(field, "expected a non-negative integer, got " + (v == null ? "nothing"
          : FieldErrors.describe(v)));
    }
    return v.asLong();
  }
}
