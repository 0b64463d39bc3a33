package io.replaygate.trace.format.mapped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.replaygate.trace.TraceInputException;
import io.replaygate.trace.format.gateway.PromptRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How to read any JSON-lines log: a small YAML file (the {@code --map} option) naming, for each canonical field,
 * where each line holds it — a JSON pointer (RFC 6901, e.g. {@code /usage/prompt_tokens}) — or a constant
 * ({@code =openai}). The language, in full ({@link #EXAMPLE} is printed by {@code replaygate formats}):
 * <ul>
 *   <li>required: {@code time}, {@code model}, {@code input_tokens};</li>
 *   <li>optional: {@code output_tokens} [0], {@code cached_tokens}, {@code cache_write_tokens},
 *       {@code request_id}, {@code tenant}, {@code session_id}, {@code provider}, {@code model_path}
 *       [{@code provider/model}], {@code status}, {@code ttft}, {@code e2e}, {@code prompt} (a request body to
 *       hash — never stored);</li>
 *   <li>settings: {@code time_format} ({@code iso} [default], {@code epoch_s}, {@code epoch_ms},
 *       {@code epoch_us}, {@code epoch_ns}); {@code latency_unit} ({@code ms} [default] or {@code s});
 *       {@code prompt_api} ({@code openai.chat_completions} [default], {@code anthropic.messages},
 *       {@code openai.responses}); {@code ok_values} and {@code rate_limited_values} (what the {@code status}
 *       field holds for ok and rate-limited calls; any other value is an error; no status field: ok)
 *       [{@code [ok, success, 200]}, {@code [rate_limited, 429]}].</li>
 * </ul>
 * A key the language does not have is an error naming it.
 */
public record LogMapping(Map<String, String> fields, String timeFormat, String latencyUnit, PromptRenderer.Api promptApi,
    List<String> okValues, List<String> rateLimitedValues, Path source) {

  public static final List<String> REQUIRED = List.of("time", "model", "input_tokens");
  public static final List<String> OPTIONAL = List.of("output_tokens", "cached_tokens", "cache_write_tokens",
      "request_id", "tenant", "session_id", "provider", "model_path", "status", "ttft", "e2e", "prompt");
  static final Set<String> SETTINGS = Set.of("time_format", "latency_unit", "prompt_api", "ok_values",
      "rate_limited_values");
  static final Set<String> TIME_FORMATS = Set.of("iso", "epoch_s", "epoch_ms", "epoch_us", "epoch_ns");

  /** The mapping language by example, for {@code replaygate formats}. */
  public static final String EXAMPLE = """
      # replaygate log mapping (--map FILE): canonical field -> JSON pointer into each line, or =constant
      time: /ts                                  # required
      time_format: epoch_ms                      # iso | epoch_s | epoch_ms | epoch_us | epoch_ns  [iso]
      model: /req/model                          # required
      provider: =openai
      input_tokens: /resp/usage/prompt_tokens    # required
      output_tokens: /resp/usage/completion_tokens
      cached_tokens: /resp/usage/prompt_tokens_details/cached_tokens
      tenant: /team
      session_id: /conversation_id
      status: /http_status
      ok_values: [200]
      rate_limited_values: [429]
      ttft: /timing/first_token_ms
      e2e: /timing/total_ms                      # latency_unit: ms | s  [ms]
      prompt: /req                               # a request body: hashed, never stored
      prompt_api: openai.chat_completions        # | anthropic.messages | openai.responses
      """;

  /** Reads and checks a mapping file. */
  public static LogMapping load(Path file) {
    JsonNode root;
    try {
      if (Files.size(file) > 1L << 20) { // a mapping is a few dozen lines; a YAML parser is quadratic on long scalars
        throw new TraceInputException(file, null, null, "larger than 1 MiB: not a mapping file");
      }
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new TraceInputException(file, null, null, "not a readable YAML mapping");
    }
    if (root == null || !root.isObject()) {
      throw new TraceInputException(file, null, null, "expected a YAML mapping of canonical fields");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    for (var it = root.fields(); it.hasNext(); ) {
      var e = it.next();
      String key = e.getKey();
      if (SETTINGS.contains(key)) {
        continue;
      }
      if (!REQUIRED.contains(key) && !OPTIONAL.contains(key)) {
        throw new TraceInputException(file, null, key, "unknown mapping key (fields: " + String.join(", ", REQUIRED)
            + ", " + String.join(", ", OPTIONAL) + "; settings: " + String.join(", ", SETTINGS.stream().sorted()
            .toList()) + ")");
      }
      String where = e.getValue().asText();
      if (!where.startsWith("/") && !where.startsWith("=")) {
        throw new TraceInputException(file, null, key, "expected a JSON pointer (/a/b) or a constant (=value), got '"
            + where + "'");
      }
      fields.put(key, where);
    }
    for (String need : REQUIRED) {
      if (!fields.containsKey(need)) {
        throw new TraceInputException(file, null, need, "missing required mapping");
      }
    }
    String tf = root.path("time_format").asText("iso").toLowerCase(Locale.ROOT);
    if (!TIME_FORMATS.contains(tf)) {
      throw new TraceInputException(file, null, "time_format", "expected one of " + TIME_FORMATS.stream().sorted()
          .toList() + ", got '" + tf + "'");
    }
    String unit = root.path("latency_unit").asText("ms").toLowerCase(Locale.ROOT);
    if (!unit.equals("ms") && !unit.equals("s")) {
      throw new TraceInputException(file, null, "latency_unit", "expected ms or s, got '" + unit + "'");
    }
    PromptRenderer.Api api = switch (root.path("prompt_api").asText("openai.chat_completions")) {
      case "openai.chat_completions" -> PromptRenderer.Api.OPENAI_CHAT;
      case "anthropic.messages" -> PromptRenderer.Api.ANTHROPIC_MESSAGES;
      case "openai.responses" -> PromptRenderer.Api.OPENAI_RESPONSES;
      default -> throw new TraceInputException(file, null, "prompt_api", "expected openai.chat_completions, "
          + "anthropic.messages or openai.responses");
    };
    return new LogMapping(fields, tf, unit, api, values(root.get("ok_values"), List.of("ok", "success", "200")),
        values(root.get("rate_limited_values"), List.of("rate_limited", "429")), file);
  }

  private static List<String> values(JsonNode n, List<String> dflt) {
    if (n == null || n.isNull()) {
      return dflt;
    }
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(v -> out.add(v.asText()));
    } else {
      out.add(n.asText());
    }
    return out;
  }
}
