package io.replaygate.replay.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

/**
 * Sends one streamed request to a live endpoint and measures it (JDK HTTP client, server-sent events): the time of
 * every content chunk and the server's usage, retried on 429, 5xx (and Anthropic's 529) and on a lost connection
 * with exponential backoff and jitter, honouring {@code retry-after}. Dialects:
 * <ul>
 *   <li>OpenAI-compatible {@code /v1/completions} (the prompt as is) or {@code /v1/chat/completions} (one user
 *       message), {@code Authorization: Bearer}; usage {@code prompt_tokens} (all),
 *       {@code prompt_tokens_details.cached_tokens}, {@code completion_tokens}. The request asks for exactly the
 *       recorded output length: {@code max_tokens} with vLLM's and SGLang's {@code min_tokens} and
 *       {@code ignore_eos} (servers that do not know them ignore them; the measured {@code completion_tokens} shows
 *       where they did);</li>
 *   <li>OpenAI's Responses API {@code /v1/responses} (the prompt as {@code input}, {@code max_output_tokens}):
 *       chunk times from {@code response.output_text.delta}, usage from {@code response.completed}
 *       ({@code input_tokens} with {@code input_tokens_details.cached_tokens}, {@code output_tokens});</li>
 *   <li>Anthropic's {@code /v1/messages}, {@code x-api-key} and {@code anthropic-version: 2023-06-01}: the prompt as
 *       one text block per trace block, cache breakpoints ({@code cache_control: ephemeral}) on the last block and
 *       the one before (a conversation's next turn reads what the previous wrote); usage from {@code message_start}
 *       ({@code input_tokens}, {@code cache_read_input_tokens}, {@code cache_creation_input_tokens}: prompt tokens
 *       are their sum) and {@code message_delta} ({@code output_tokens}). Output ends at {@code max_tokens} or when
 *       the model stops: Anthropic has no way to force the length.</li>
 *   <li>Google's Gemini API, {@code /v1beta/models/MODEL:streamGenerateContent?alt=sse}, {@code x-goog-api-key}:
 *       the prompt as one user part, {@code generationConfig.maxOutputTokens}; usage from {@code usageMetadata}
 *       ({@code promptTokenCount}, {@code cachedContentTokenCount} — implicit caching — and
 *       {@code candidatesTokenCount}). Gemini streams several tokens per chunk: its gaps are per chunk.</li>
 * </ul>
 * Times are {@link System#nanoTime()} readings; the caller measures them from the request's intended send time.
 */
public final class LiveClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Which endpoint carries the prompt. */
  public enum Api { COMPLETIONS, CHAT, RESPONSES, MESSAGES, GEMINI }

  /**
   * What one request did.
   *
   * @param status        {@code ok}, {@code rate_limited} (429 after the last retry) or {@code error}
   * @param firstSendNs   when the first attempt went out
   * @param firstTokenNs  the first content chunk (0 if none)
   * @param endNs         the end of the stream or the last failure
   * @param tokenNs       every content chunk's arrival
   * @param promptTokens  the server's count, or −1 when it sent no usage
   * @param writtenTokens prompt tokens the provider billed as cache writes (Anthropic), else 0
   */
  public record Measured(String status, int httpStatus, long firstSendNs, long firstTokenNs, long endNs,
      long[] tokenNs, int promptTokens, int cachedTokens, int writtenTokens, int outputTokens, int retries) {}

  private final LiveTarget target;
  private final Api api;
  private final HttpClient http;
  private final int maxRetries;
  private final Duration requestTimeout;

  public LiveClient(LiveTarget target, Api api, int maxRetries, Duration connectTimeout,
      Duration requestTimeout) {
    this.target = target;
    this.api = api;
    this.maxRetries = maxRetries;
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  public LiveTarget target() {
    return target;
  }

  /**
   * One warm-up request before the clock starts — a two-token prompt asking for one token, streamed, its result
   * discarded — so the first timed request's latency is the server's, not the start-up of the client's HTTP,
   * streaming and JSON code (without it the first requests of a run can reach the server late and out of order).
   * Its prompt fills no cache block. A failure is left for the timed requests to meet.
   */
  public void warmUp() throws InterruptedException {
    send("warm up", 1, 0L);
  }

  /** Sends {@code prompt} asking for {@code outputTokens} tokens; {@code seed} draws the backoff jitter. */
  public Measured send(String prompt, int outputTokens, long seed) throws InterruptedException {
    return send(List.of(prompt), outputTokens, seed);
  }

  /**
   * Sends a prompt given as its parts (the trace's blocks: one text block each in Anthropic's dialect, concatenated
   * in the others).
   */
  public Measured send(List<String> parts, int outputTokens, long seed) throws InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("model", target.model());
    int out = Math.max(1, outputTokens);
    String prompt = String.join("", parts);
    switch (api) {
      case CHAT -> body.putArray("messages").addObject().put("role", "user").put("content", prompt);
      case COMPLETIONS -> body.put("prompt", prompt);
      case RESPONSES -> body.put("input", prompt);
      case GEMINI -> body.putArray("contents").addObject().put("role", "user").putArray("parts").addObject()
          .put("text", prompt);
      case MESSAGES -> {
        var content = body.putArray("messages").addObject().put("role", "user").putArray("content");
        for (int i = 0; i < parts.size(); i++) {
          ObjectNode block = content.addObject().put("type", "text").put("text", parts.get(i));
          if (i >= parts.size() - 2) {
            block.putObject("cache_control").put("type", "ephemeral");
          }
        }
      }
    }
    if (api == Api.GEMINI) {
      body.remove("model");
      body.putObject("generationConfig").put("maxOutputTokens", out);
    } else {
      body.put(api == Api.RESPONSES ? "max_output_tokens" : "max_tokens", out).put("stream", true);
    }
    if (api == Api.COMPLETIONS || api == Api.CHAT) {
      body.put("min_tokens", out).put("ignore_eos", true);
      body.putObject("stream_options").put("include_usage", true);
    }
    String path = switch (api) {
      case CHAT -> "/v1/chat/completions";
      case COMPLETIONS -> "/v1/completions";
      case RESPONSES -> "/v1/responses";
      case MESSAGES -> "/v1/messages";
      case GEMINI -> "/v1beta/models/" + target.model() + ":streamGenerateContent?alt=sse";
    };
    String base = target.baseUrl().toString().replaceAll("/+$", "");
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout)
        .header("Content-Type", "application/json").header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    authorize(rb, target);
    HttpRequest request = rb.build();
    SplittableRandom jitter = new SplittableRandom(seed);
    long firstSend = 0;
    int status = 0;
    for (int attempt = 0; ; attempt++) {
      long sent = System.nanoTime();
      if (attempt == 0) {
        firstSend = sent;
      }
      double waitSeconds;
      try {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        status = response.statusCode();
        if (status == 200) {
          return read(response.body(), firstSend, attempt);
        }
        response.body().close();
        if (status != 429 && status < 500) { // Anthropic's 529 "overloaded" is ≥ 500: retried
          return failed("error", status, firstSend, attempt);
        }
        waitSeconds = response.headers().firstValue("retry-after").map(LiveClient::seconds)
            .orElse(backoff(attempt, jitter));
      } catch (IOException e) {
        status = 0;
        waitSeconds = backoff(attempt, jitter);
      }
      if (attempt >= maxRetries) {
        return failed(status == 429 ? "rate_limited" : "error", status, firstSend, attempt);
      }
      Thread.sleep(Math.round(waitSeconds * 1000));
    }
  }

  /** 0.25 s × 2^attempt, times a jitter factor in [1, 2), at most 10 s. */
  static double backoff(int attempt, SplittableRandom jitter) {
    return Math.min(10, 0.25 * Math.pow(2, attempt) * (1 + jitter.nextDouble()));
  }

  private static double seconds(String retryAfter) {
    try {
      return Math.min(60, Math.max(0, Double.parseDouble(retryAfter.strip())));
    } catch (NumberFormatException e) {
      return 1; // an HTTP date: wait a second rather than parse clocks
    }
  }

  /** The target's key in its dialect's header ({@code x-api-key} and the API version for Anthropic), if any. */
  static void authorize(HttpRequest.Builder rb, LiveTarget target) {
    if (target.anthropic()) {
      rb.header("anthropic-version", "2023-06-01");
    }
    String key = target.apiKey();
    if (key != null) {
      switch (target.api()) {
        case "anthropic" -> rb.header("x-api-key", key);
        case "gemini" -> rb.header("x-goog-api-key", key);
        default -> rb.header("Authorization", "Bearer " + key);
      }
    }
  }

  private static Measured failed(String status, int http, long firstSend, int retries) {
    return new Measured(status, http, firstSend, 0, System.nanoTime(), new long[0], -1, 0, 0, 0, retries);
  }

  /** Reads the event stream: a {@code data:} line per event, {@code [DONE]} at the end. */
  private Measured read(InputStream body, long firstSend, int retries) {
    LongStream.Builder times = LongStream.builder(); // arrival of each chunk that carried text
    int prompt = -1;
    int cached = 0;
    int written = 0;
    int output = -1;
    boolean done = false;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.startsWith("data:")) {
          continue;
        }
        String data = line.substring(5).strip();
        if (data.equals("[DONE]")) {
          done = true;
          break;
        }
        long now = System.nanoTime();
        JsonNode event = JSON.readTree(data);
        if (api == Api.GEMINI) {
          for (JsonNode cand : event.path("candidates")) {
            boolean text = false;
            for (JsonNode part : cand.path("content").path("parts")) {
              text |= !part.path("text").asText("").isEmpty();
            }
            if (text) {
              times.add(now);
            }
            done |= cand.hasNonNull("finishReason");
          }
          JsonNode u = event.path("usageMetadata");
          if (u.isObject()) {
            prompt = u.path("promptTokenCount").asInt(-1);
            cached = u.path("cachedContentTokenCount").asInt(0);
            output = u.path("candidatesTokenCount").asInt(-1);
          }
          continue;
        }
        if (api == Api.RESPONSES) {
          switch (event.path("type").asText()) {
            case "response.output_text.delta" -> {
              if (!event.path("delta").asText("").isEmpty()) {
                times.add(now);
              }
            }
            case "response.completed" -> {
              JsonNode u = event.path("response").path("usage");
              prompt = u.path("input_tokens").asInt(-1);
              cached = u.path("input_tokens_details").path("cached_tokens").asInt(0);
              output = u.path("output_tokens").asInt(-1);
              done = true;
            }
            case "response.failed", "response.incomplete", "error" -> {
              done = false;
              break;
            }
            default -> { }
          }
          if (done || event.path("type").asText().equals("response.failed")) {
            break;
          }
          continue;
        }
        if (api == Api.MESSAGES) {
          switch (event.path("type").asText()) {
            case "message_start" -> {
              JsonNode u = event.path("message").path("usage");
              cached = u.path("cache_read_input_tokens").asInt(0);
              written = u.path("cache_creation_input_tokens").asInt(0);
              prompt = u.path("input_tokens").asInt(0) + cached + written;
            }
            case "content_block_delta" -> {
              if (!event.path("delta").path("text").asText("").isEmpty()) {
                times.add(now);
              }
            }
            case "message_delta" -> output = event.path("usage").path("output_tokens").asInt(-1);
            case "message_stop" -> done = true;
            default -> { }
          }
          if (done) {
            break;
          }
          continue;
        }
        for (JsonNode choice : event.path("choices")) {
          String text = api == Api.CHAT ? choice.path("delta").path("content").asText("") : choice.path("text").asText("");
          if (!text.isEmpty()) {
            times.add(now);
          }
        }
        JsonNode usage = event.path("usage");
        if (usage.isObject()) {
          prompt = usage.path("prompt_tokens").asInt(-1);
          output = usage.path("completion_tokens").asInt(-1);
          cached = usage.path("prompt_tokens_details").path("cached_tokens").asInt(0);
        }
      }
    } catch (IOException e) {
      done = false;
    }
    long end = System.nanoTime();
    long[] tokens = times.build().toArray();
    return new Measured(done ? "ok" : "error", 200, firstSend, tokens.length > 0 ? tokens[0] : 0, end, tokens, prompt,
        cached, written, output >= 0 ? output : tokens.length, retries);
  }
}
