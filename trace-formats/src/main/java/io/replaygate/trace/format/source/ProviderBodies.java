package io.replaygate.trace.format.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.replaygate.trace.format.gateway.PromptRenderer.Api;
import java.util.Locale;

/**
 * What a provider's own request and response bodies say, read one way for every log that keeps them (gateway
 * logs, Helicone exports): which API dialect a body is, and the usage the provider billed.
 *
 * <p>Usage, per dialect (DESIGN §3): Anthropic Messages {@code input_tokens + cache_read_input_tokens +
 * cache_creation_input_tokens} prompt tokens, of which {@code cache_read_input_tokens} are cached and
 * {@code cache_creation_input_tokens} written; OpenAI Chat Completions (and compatible servers)
 * {@code prompt_tokens} with {@code prompt_tokens_details.cached_tokens} (or DeepSeek's
 * {@code prompt_cache_hit_tokens}); OpenAI Responses {@code input_tokens} with
 * {@code input_tokens_details.cached_tokens}. OpenAI reports no cache writes (they are free), so they stay unknown.
 */
final class ProviderBodies {
  private ProviderBodies() {}

  /** The billed usage of one call: prompt tokens (all of them), output tokens, and the cached and written parts. */
  record Usage(int input, int output, Integer cached, Integer written) {}

  /** The dialect a log names ({@code anthropic.messages}, {@code openai.chat_completions}, {@code openai.responses}). */
  static Api named(String name, String field, FieldErrors errors) {
    String a = name.toLowerCase(Locale.ROOT);
    return switch (a) {
      case "anthropic.messages", "anthropic" -> Api.ANTHROPIC_MESSAGES;
      case "openai.chat_completions", "openai", "openai.chat" -> Api.OPENAI_CHAT;
      case "openai.responses", "responses" -> Api.OPENAI_RESPONSES;
      default -> throw errors.at(field, "unknown api '" + a + "' (use anthropic.messages, openai.chat_completions or "
          + "openai.responses)");
    };
  }

  /**
   * The dialect of a request body, from its shape: {@code input} without {@code messages} is a Responses request;
   * {@code system}, {@code anthropic_version} or Anthropic-style usage ({@code input_tokens} without
   * {@code prompt_tokens}) is a Messages request; anything else is Chat Completions.
   */
  static Api inferred(JsonNode request, JsonNode usage) {
    if (request.has("input") && !request.has("messages")) {
      return Api.OPENAI_RESPONSES;
    }
    boolean anthropic = request.has("system") || request.has("anthropic_version")
        || (usage != null && usage.has("input_tokens") && !usage.has("prompt_tokens"));
    return anthropic ? Api.ANTHROPIC_MESSAGES : Api.OPENAI_CHAT;
  }

  /**
   * The usage object of a response, read by its dialect.
   *
   * @param where the usage object's name in the source, for errors ({@code usage}, {@code response_body.usage})
   */
  static Usage usage(JsonNode usage, Api api, String where, FieldErrors errors) {
    return switch (api) {
      case OPENAI_RESPONSES -> new Usage(count(usage, "input_tokens", true, where, errors),
          count(usage, "output_tokens", false, where, errors),
          usage.path("input_tokens_details").hasNonNull("cached_tokens")
              ? count(usage.get("input_tokens_details"), "cached_tokens", true, where + ".input_tokens_details", errors)
              : null, null);
      case ANTHROPIC_MESSAGES -> {
        int plain = count(usage, "input_tokens", true, where, errors);
        int cached = count(usage, "cache_read_input_tokens", false, where, errors);
        int written = count(usage, "cache_creation_input_tokens", false, where, errors);
        yield new Usage(plain + cached + written, count(usage, "output_tokens", true, where, errors), cached, written);
      }
      case OPENAI_CHAT -> {
        JsonNode details = usage.get("prompt_tokens_details");
        Integer cached = null;
        if (details != null && details.hasNonNull("cached_tokens")) {
          cached = count(details, "cached_tokens", true, where + ".prompt_tokens_details", errors);
        } else if (usage.hasNonNull("prompt_cache_hit_tokens")) {
          cached = count(usage, "prompt_cache_hit_tokens", true, where, errors);
        }
        yield new Usage(count(usage, "prompt_tokens", true, where, errors),
            count(usage, "completion_tokens", false, where, errors), cached, null);
      }
    };
  }

  private static int count(JsonNode usage, String key, boolean required, String where, FieldErrors errors) {
    JsonNode v = usage.get(key);
    if (v == null || v.isNull()) {
      if (required) {
        throw errors.at(where + "." + key, "missing required field");
      }
      return 0;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw errors.at(where + "." + key, "expected an integer, got " + (v.isNumber() ? v.toString()
          : v.getNodeType().name().toLowerCase(Locale.ROOT)));
    }
    return v.asInt();
  }
}
