package io.replaygate.replay.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.replaygate.trace.format.gateway.BlockHasher;
import io.replaygate.trace.format.gateway.PromptRenderer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OpenAI-compatible inference server backed by an {@link EmulatedCluster} (one {@link EmulatedReplica}, or a
 * deployment's replicas behind one of the project's routers): what {@code replaygate emulate}
 * runs, for the live adapters' tests and for users' own pipelines. It also answers Anthropic's Messages API
 * ({@code POST /v1/messages}, streaming events and not, {@code x-api-key}; a prompt without a {@code cache_control}
 * breakpoint neither reads nor writes the cache, as Anthropic's). Endpoints, as vLLM serves them:
 * <ul>
 *   <li>{@code POST /v1/chat/completions} and {@code POST /v1/completions}, streaming (server-sent events, a last
 *       usage chunk when {@code stream_options.include_usage}) and not, with {@code usage.prompt_tokens},
 *       {@code completion_tokens} and {@code prompt_tokens_details.cached_tokens};</li>
 *   <li>{@code GET /v1/models}, {@code GET /health}, and {@code GET /metrics} in the Prometheus text format with
 *       vLLM's names ({@code vllm:prefix_cache_queries_total}, {@code vllm:prefix_cache_hits_total},
 *       {@code vllm:num_requests_running}, {@code vllm:num_requests_waiting}, {@code vllm:kv_cache_usage_perc},
 *       {@code vllm:prompt_tokens_total}, {@code vllm:generation_tokens_total},
 *       {@code vllm:request_success_total}).</li>
 * </ul>
 * A chat prompt is rendered as the gateway reader renders it and tokenised with o200k; its engine blocks' chained
 * hashes are what the prefix cache sees, so equal prompt prefixes hit. Output is {@code max_completion_tokens}
 * (else {@code max_tokens}, else 16) tokens. {@link Faults} inject 429s with {@code retry-after}, 5xx, stalls
 * before the first token and dropped streams, each drawn per request from a seeded generator. It binds to
 * loopback.
 */
public final class Emulator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Injected faults, as probabilities per request.
   *
   * @param rate429           answer 429 with {@code retry-after: retryAfterSeconds}
   * @param rate5xx           answer 503
   * @param stallRate         stall {@code stallMs} (real time, unscaled) before the first token
   * @param dropRate          close a stream after its first token, without finishing it
   */
  public record Faults(double rate429, int retryAfterSeconds, double rate5xx, double stallRate, long stallMs,
      double dropRate) {
    public static final Faults NONE = new Faults(0, 1, 0, 0, 0, 0);
  }

  private final String model;
  private final EmulatedCluster cluster;
  private final Faults faults;
  private final long seed;
  /** Hashers per thread: a hasher keeps a scratch buffer and requests are served concurrently. */
  private final ThreadLocal<BlockHasher> hasher;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong requests = new AtomicLong();
  private final String apiKey;

  /** Starts serving on loopback, open to any client; {@code port} 0 picks a free port ({@link #port()}). */
  public Emulator(String model, EmulatedReplica replica, Faults faults, long seed, int port) throws IOException {
    this(model, replica, faults, seed, port, null);
  }

  /**
   * As {@link #Emulator(String, EmulatedReplica, Faults, long, int)}, answering 401 to a request whose
   * {@code Authorization: Bearer} is not {@code apiKey} (null: no key needed). The key is never echoed.
   */
  public Emulator(String model, EmulatedReplica replica, Faults faults, long seed, int port, String apiKey)
      throws IOException {
    this(model, EmulatedCluster.of(replica), faults, seed, port, apiKey);
  }

  /**
   * As {@link #Emulator(String, EmulatedReplica, Faults, long, int, String)}, serving from {@code cluster}: its
   * router picks the replica of each request; {@code /metrics} sums the replicas' counters, running and waiting,
   * and gives their mean KV usage, as one endpoint in front of them.
   */
  public Emulator(String model, EmulatedCluster cluster, Faults faults, long seed, int port, String apiKey)
      throws IOException {
    this.apiKey = apiKey;
    this.model = model;
    this.cluster = cluster;
    this.faults = faults;
    this.seed = seed;
    this.hasher = ThreadLocal.withInitial(() -> new BlockHasher(0L, cluster.blockTokens()));
    hasher.get().hash("warm up the tokenizer before the first request"); // its vocabulary loads on first use
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (apiKey != null && !path.equals("/health") && !path.equals("/metrics")
          && !("Bearer " + apiKey).equals(ex.getRequestHeaders().getFirst("Authorization"))
          && !apiKey.equals(ex.getRequestHeaders().getFirst("x-api-key"))
          && !apiKey.equals(ex.getRequestHeaders().getFirst("x-goog-api-key"))) {
        fail(ex, path.endsWith("/messages"), 401, "Incorrect API key provided.", anthropicAuth(path),
            "invalid_api_key");
        return;
      }
      if (path.startsWith("/v1beta/models") || (path.startsWith("/v1/models/") && path.contains(":"))) {
        gemini(ex, path);
        return;
      }
      switch (path) {
        case "/health" -> send(ex, 200, "text/plain", "");
        case "/v1/models" -> send(ex, 200, "application/json", models());
        case "/metrics" -> send(ex, 200, "text/plain; version=0.0.4", metrics());
        case "/v1/chat/completions", "/v1/completions", "/v1/messages", "/v1/responses" -> {
          Dialect d = path.endsWith("chat/completions") ? Dialect.CHAT : path.endsWith("messages") ? Dialect.MESSAGES
              : path.endsWith("responses") ? Dialect.RESPONSES : Dialect.COMPLETIONS;
          if (!method.equals("POST")) {
            fail(ex, d == Dialect.MESSAGES, 405, "method not allowed", "invalid_request_error", null);
          } else {
            complete(ex, d);
          }
        }
        default -> error(ex, 404, "no such endpoint: " + path, "invalid_request_error", null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      // The client went away mid-stream, or the stream was dropped on purpose: nothing left to answer.
    }
  }

  /** The request dialects served: OpenAI chat, completions and responses, Anthropic Messages. */
  private enum Dialect { CHAT, COMPLETIONS, RESPONSES, MESSAGES }

  private void complete(HttpExchange ex, Dialect dialect) throws IOException, InterruptedException {
    boolean anthropic = dialect == Dialect.MESSAGES;
    JsonNode body;
    try {
      body = JSON.readTree(ex.getRequestBody());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.isObject()) {
      fail(ex, anthropic, 400, "the body is not a JSON object", "invalid_request_error", null);
      return;
    }
    String asked = body.path("model").asText("");
    if (!asked.equals(model)) {
      fail(ex, anthropic, 404, "The model `" + asked + "` does not exist.", anthropic ? "not_found_error"
          : "NotFoundError", "model_not_found");
      return;
    }
    BlockHasher.Hashed prompt;
    try {
      BlockHasher h = hasher.get();
      prompt = switch (dialect) {
        case CHAT -> h.hash(PromptRenderer.render(body, PromptRenderer.Api.OPENAI_CHAT));
        case COMPLETIONS -> h.hash(body.path("prompt").asText(""));
        case MESSAGES -> h.hash(PromptRenderer.render(body, PromptRenderer.Api.ANTHROPIC_MESSAGES));
        case RESPONSES -> h.hash(PromptRenderer.render(body, PromptRenderer.Api.OPENAI_RESPONSES));
      };
    } catch (PromptRenderer.ShapeException e) {
      fail(ex, anthropic, 400, e.getMessage(), "invalid_request_error", null);
      return;
    }
    // Anthropic caches only what a cache_control breakpoint marks; without one the request neither reads nor writes.
    long[] blocks = anthropic && !body.toString().contains("\"cache_control\"") ? new long[0] : prompt.blockHashes();
    int maxTokens = anthropic ? body.path("max_tokens").asInt(0) : dialect == Dialect.RESPONSES
        ? body.path("max_output_tokens").asInt(16)
        : body.path("max_completion_tokens").asInt(body.path("max_tokens").asInt(16));
    if (maxTokens < 1) {
      fail(ex, anthropic, 400, "max_tokens: a number of at least 1 is required", "invalid_request_error", null);
      return;
    }
    long n = requests.incrementAndGet();
    SplittableRandom rng = new SplittableRandom(seed ^ (n * 0x9E3779B97F4A7C15L));
    if (rng.nextDouble() < faults.rate429()) {
      ex.getResponseHeaders().add("retry-after", Integer.toString(faults.retryAfterSeconds()));
      fail(ex, anthropic, 429, "rate limited (injected)", "rate_limit_error", "rate_limit_exceeded");
      return;
    }
    if (rng.nextDouble() < faults.rate5xx()) {
      fail(ex, anthropic, anthropic ? 529 : 503, "overloaded (injected)", anthropic ? "overloaded_error"
          : "server_error", null);
      return;
    }
    boolean stall = rng.nextDouble() < faults.stallRate();
    boolean drop = rng.nextDouble() < faults.dropRate();
    String id = switch (dialect) {
      case CHAT -> "chatcmpl-emu" + n;
      case COMPLETIONS -> "cmpl-emu" + n;
      case MESSAGES -> "msg_emu" + n;
      case RESPONSES -> "resp_emu" + n;
    };
    long created = Instant.now().getEpochSecond();
    boolean stream = body.path("stream").asBoolean(false);
    if (!stream) {
      StringBuilder text = new StringBuilder();
      EmulatedReplica.Served served = cluster.serve(prompt.tokens(), blocks, maxTokens, (i, cached, written) -> {
        if (i == 0 && stall) {
          Thread.sleep(faults.stallMs());
        }
        text.append(word(i));
        return true;
      });
      send(ex, 200, "application/json", JSON.writeValueAsString(switch (dialect) {
        case MESSAGES -> message(id, text.toString(), served);
        case RESPONSES -> response(id, created, "completed", text.toString(), served);
        default -> completion(id, created, dialect == Dialect.CHAT, text.toString(), served);
      }));
      return;
    }
    if (dialect == Dialect.RESPONSES) {
      streamResponse(ex, id, created, prompt, blocks, maxTokens, stall, drop);
      return;
    }
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.getResponseHeaders().add("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    boolean chat = dialect == Dialect.CHAT;
    EmulatedReplica.Served served = cluster.serve(prompt.tokens(), blocks, maxTokens, (i, cached, written) -> {
      if (i == 0 && stall) {
        Thread.sleep(faults.stallMs());
      }
      if (i == 1 && drop) {
        throw new IOException("stream dropped (injected)");
      }
      if (anthropic) {
        if (i == 0) {
          ObjectNode start = JSON.createObjectNode().put("type", "message_start");
          ObjectNode m = message(id, "", new EmulatedReplica.Served(prompt.tokens(), cached, written, 1));
          m.putArray("content");
          m.putNull("stop_reason");
          start.set("message", m);
          named(out, "message_start", start);
          ObjectNode block = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
          block.putObject("content_block").put("type", "text").put("text", "");
          named(out, "content_block_start", block);
          named(out, "ping", JSON.createObjectNode().put("type", "ping"));
        }
        ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
        delta.putObject("delta").put("type", "text_delta").put("text", word(i));
        named(out, "content_block_delta", delta);
        return true;
      }
      ObjectNode chunk = chunk(id, created, chat);
      ObjectNode choice = ((ArrayNode) chunk.get("choices")).addObject().put("index", 0);
      if (chat) {
        ObjectNode delta = choice.putObject("delta");
        if (i == 0) {
          delta.put("role", "assistant");
        }
        delta.put("content", word(i));
      } else {
        choice.put("text", word(i));
      }
      choice.putNull("finish_reason");
      event(out, chunk);
      return true;
    });
    if (anthropic) {
      named(out, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
      ObjectNode end = JSON.createObjectNode().put("type", "message_delta");
      end.putObject("delta").put("stop_reason", "max_tokens").putNull("stop_sequence");
      end.putObject("usage").put("output_tokens", served.outputTokens());
      named(out, "message_delta", end);
      named(out, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
      return;
    }
    ObjectNode last = chunk(id, created, chat);
    ObjectNode choice = ((ArrayNode) last.get("choices")).addObject().put("index", 0);
    if (chat) {
      choice.putObject("delta");
    } else {
      choice.put("text", "");
    }
    choice.put("finish_reason", "length");
    event(out, last);
    if (body.path("stream_options").path("include_usage").asBoolean(false)) {
      ObjectNode usage = chunk(id, created, chat);
      usage.set("usage", usage(served));
      event(out, usage);
    }
    out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * A Responses API stream: {@code response.created}, the message item and its text part opened, one
   * {@code response.output_text.delta} per token, the part and item closed, {@code response.completed} with usage;
   * every event numbered ({@code sequence_number}).
   */
  private void streamResponse(HttpExchange ex, String id, long created, BlockHasher.Hashed prompt, long[] blocks,
      int maxTokens, boolean stall, boolean drop) throws IOException, InterruptedException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.getResponseHeaders().add("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    int[] seq = {0};
    String item = "msg_" + id;
    StringBuilder text = new StringBuilder();
    EmulatedReplica.Served served = cluster.serve(prompt.tokens(), blocks, maxTokens, (i, cached, written) -> {
      if (i == 0 && stall) {
        Thread.sleep(faults.stallMs());
      }
      if (i == 1 && drop) {
        throw new IOException("stream dropped (injected)");
      }
      if (i == 0) {
        ObjectNode createdEvent = JSON.createObjectNode().put("type", "response.created");
        createdEvent.set("response", response(id, created, "in_progress", null, null));
        numbered(out, createdEvent, seq);
        ObjectNode added = JSON.createObjectNode().put("type", "response.output_item.added").put("output_index", 0);
        added.set("item", outputMessage(item, "in_progress", null));
        numbered(out, added, seq);
        ObjectNode part = JSON.createObjectNode().put("type", "response.content_part.added").put("item_id", item)
            .put("output_index", 0).put("content_index", 0);
        part.set("part", outputText(""));
        numbered(out, part, seq);
      }
      text.append(word(i));
      ObjectNode delta = JSON.createObjectNode().put("type", "response.output_text.delta").put("item_id", item)
          .put("output_index", 0).put("content_index", 0).put("delta", word(i));
      delta.putArray("logprobs");
      numbered(out, delta, seq);
      return true;
    });
    ObjectNode textDone = JSON.createObjectNode().put("type", "response.output_text.done").put("item_id", item)
        .put("output_index", 0).put("content_index", 0).put("text", text.toString());
    textDone.putArray("logprobs");
    numbered(out, textDone, seq);
    ObjectNode partDone = JSON.createObjectNode().put("type", "response.content_part.done").put("item_id", item)
        .put("output_index", 0).put("content_index", 0);
    partDone.set("part", outputText(text.toString()));
    numbered(out, partDone, seq);
    ObjectNode itemDone = JSON.createObjectNode().put("type", "response.output_item.done").put("output_index", 0);
    itemDone.set("item", outputMessage(item, "completed", text.toString()));
    numbered(out, itemDone, seq);
    ObjectNode completed = JSON.createObjectNode().put("type", "response.completed");
    completed.set("response", response(id, created, "completed", text.toString(), served));
    numbered(out, completed, seq);
  }

  private static void numbered(OutputStream out, ObjectNode event, int[] seq) throws IOException {
    event.put("sequence_number", seq[0]++);
    named(out, event.get("type").asText(), event);
  }

  /** A Responses API response object; {@code text} and {@code served} null while in progress. */
  private ObjectNode response(String id, long created, String status, String text, EmulatedReplica.Served served) {
    ObjectNode r = JSON.createObjectNode().put("id", id).put("object", "response").put("created_at", created)
        .put("status", status).put("model", model);
    r.putNull("error");
    r.putNull("incomplete_details");
    r.putNull("instructions");
    r.putObject("metadata");
    var output = r.putArray("output");
    if (text != null) {
      output.add(outputMessage("msg_" + id, "completed", text));
    }
    r.put("parallel_tool_calls", true);
    r.put("temperature", 1.0);
    r.put("tool_choice", "auto");
    r.putArray("tools");
    r.put("top_p", 1.0);
    if (served != null) {
      ObjectNode u = r.putObject("usage").put("input_tokens", served.promptTokens());
      u.putObject("input_tokens_details").put("cached_tokens", served.cachedTokens());
      u.put("output_tokens", served.outputTokens());
      u.putObject("output_tokens_details").put("reasoning_tokens", 0);
      u.put("total_tokens", served.promptTokens() + served.outputTokens());
    }
    return r;
  }

  private static ObjectNode outputMessage(String id, String status, String text) {
    ObjectNode m = JSON.createObjectNode().put("id", id).put("type", "message").put("status", status)
        .put("role", "assistant");
    var content = m.putArray("content");
    if (text != null) {
      content.add(outputText(text));
    }
    return m;
  }

  private static ObjectNode outputText(String text) {
    ObjectNode t = JSON.createObjectNode().put("type", "output_text").put("text", text);
    t.putArray("annotations");
    t.putArray("logprobs");
    return t;
  }

  private ObjectNode completion(String id, long created, boolean chat, String text, EmulatedReplica.Served served) {
    ObjectNode r = JSON.createObjectNode().put("id", id).put("object", chat ? "chat.completion" : "text_completion")
        .put("created", created).put("model", model);
    ObjectNode choice = r.putArray("choices").addObject().put("index", 0);
    if (chat) {
      choice.putObject("message").put("role", "assistant").put("content", text);
    } else {
      choice.put("text", text);
      choice.putNull("logprobs");
    }
    choice.put("finish_reason", "length");
    r.set("usage", usage(served));
    return r;
  }

  /**
   * An Anthropic message: {@code usage.input_tokens} is what was neither read from nor written to the cache, as the
   * Messages API counts it.
   */
  private ObjectNode message(String id, String text, EmulatedReplica.Served s) {
    ObjectNode m = JSON.createObjectNode().put("id", id).put("type", "message").put("role", "assistant")
        .put("model", model);
    m.putArray("content").addObject().put("type", "text").put("text", text);
    m.put("stop_reason", "max_tokens").putNull("stop_sequence");
    m.putObject("usage").put("input_tokens", s.promptTokens() - s.cachedTokens() - s.writtenTokens())
        .put("cache_creation_input_tokens", s.writtenTokens()).put("cache_read_input_tokens", s.cachedTokens())
        .put("output_tokens", s.outputTokens());
    return m;
  }

  private static void named(OutputStream out, String event, ObjectNode data) throws IOException {
    out.write(("event: " + event + "\ndata: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** An error in the dialect's own shape: OpenAI's {@code {"error": {...}}} or Anthropic's {@code {"type": "error"}}. */
  private static void fail(HttpExchange ex, boolean anthropic, int code, String message, String type, String errorCode)
      throws IOException {
    if (!anthropic) {
      error(ex, code, message, type, errorCode);
      return;
    }
    ObjectNode r = JSON.createObjectNode().put("type", "error");
    r.putObject("error").put("type", type).put("message", message);
    send(ex, code, "application/json", JSON.writeValueAsString(r));
  }

  /**
   * Google's Gemini API ({@code v1beta}, or {@code v1} as the SDK asks with a custom base URL): {@code GET
   * /v1beta/models}, {@code POST /v1beta/models/MODEL:generateContent} and {@code :streamGenerateContent?alt=sse}, with implicit caching (the
   * prefix cache) reported as {@code usageMetadata.cachedContentTokenCount}. The prompt is the system instruction's
   * and the contents' texts, in order, with their roles.
   */
  private void gemini(HttpExchange ex, String path) throws IOException, InterruptedException {
    if (path.equals("/v1beta/models") || path.equals("/v1beta/models/")) {
      ObjectNode r = JSON.createObjectNode();
      r.putArray("models").addObject().put("name", "models/" + model).put("displayName", model)
          .put("inputTokenLimit", 1_048_576).put("outputTokenLimit", 65_536);
      send(ex, 200, "application/json", JSON.writeValueAsString(r));
      return;
    }
    int colon = path.lastIndexOf(':');
    String asked = colon < 0 ? "" : path.substring(path.indexOf("/models/") + "/models/".length(), colon);
    String method = colon < 0 ? "" : path.substring(colon + 1);
    if (!method.equals("generateContent") && !method.equals("streamGenerateContent")) {
      googleError(ex, 404, "NOT_FOUND", "no such method: " + method);
      return;
    }
    if (!asked.equals(model)) {
      googleError(ex, 404, "NOT_FOUND", "models/" + asked + " is not found");
      return;
    }
    JsonNode body;
    try {
      body = JSON.readTree(ex.getRequestBody());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !body.path("contents").isArray()) {
      googleError(ex, 400, "INVALID_ARGUMENT", "contents is required");
      return;
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : body.path("systemInstruction").path("parts")) {
      text.append("<|system|>\n").append(part.path("text").asText("")).append('\n');
    }
    for (JsonNode c : body.path("contents")) {
      text.append("<|").append(c.path("role").asText("user")).append("|>\n");
      for (JsonNode part : c.path("parts")) {
        text.append(part.path("text").asText("")).append('\n');
      }
    }
    BlockHasher.Hashed prompt = hasher.get().hash(text.toString());
    int maxTokens = body.path("generationConfig").path("maxOutputTokens").asInt(16);
    long n = requests.incrementAndGet();
    SplittableRandom rng = new SplittableRandom(seed ^ (n * 0x9E3779B97F4A7C15L));
    if (rng.nextDouble() < faults.rate429()) {
      ex.getResponseHeaders().add("retry-after", Integer.toString(faults.retryAfterSeconds()));
      googleError(ex, 429, "RESOURCE_EXHAUSTED", "rate limited (injected)");
      return;
    }
    if (rng.nextDouble() < faults.rate5xx()) {
      googleError(ex, 503, "UNAVAILABLE", "overloaded (injected)");
      return;
    }
    boolean stall = rng.nextDouble() < faults.stallRate();
    String id = "gem-emu" + n;
    if (method.equals("generateContent")) {
      StringBuilder out = new StringBuilder();
      EmulatedReplica.Served served = cluster.serve(prompt.tokens(), prompt.blockHashes(), maxTokens,
          (i, cached, written) -> {
            if (i == 0 && stall) {
              Thread.sleep(faults.stallMs());
            }
            out.append(word(i));
            return true;
          });
      send(ex, 200, "application/json", JSON.writeValueAsString(geminiChunk(id, out.toString(), "MAX_TOKENS", served)));
      return;
    }
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    int[] cachedSeen = {0};
    EmulatedReplica.Served served = cluster.serve(prompt.tokens(), prompt.blockHashes(), maxTokens,
        (i, cached, written) -> {
          if (i == 0 && stall) {
            Thread.sleep(faults.stallMs());
          }
          cachedSeen[0] = cached;
          if (i < maxTokens - 1) {
            event(out, geminiChunk(id, word(i), null, new EmulatedReplica.Served(prompt.tokens(), cached, written,
                i + 1)));
          } else {
            event(out, geminiChunk(id, word(i), "MAX_TOKENS", new EmulatedReplica.Served(prompt.tokens(), cached,
                written, i + 1)));
          }
          return true;
        });
    out.flush();
  }

  /** A {@code GenerateContentResponse}: one candidate's text, and usage so far (cumulative, as Gemini streams it). */
  private ObjectNode geminiChunk(String id, String text, String finish, EmulatedReplica.Served s) {
    ObjectNode r = JSON.createObjectNode();
    ObjectNode cand = r.putArray("candidates").addObject();
    ObjectNode content = cand.putObject("content");
    content.putArray("parts").addObject().put("text", text);
    content.put("role", "model");
    if (finish != null) {
      cand.put("finishReason", finish);
    }
    cand.put("index", 0);
    ObjectNode u = r.putObject("usageMetadata").put("promptTokenCount", s.promptTokens())
        .put("candidatesTokenCount", s.outputTokens()).put("totalTokenCount", s.promptTokens() + s.outputTokens());
    if (s.cachedTokens() > 0) {
      u.put("cachedContentTokenCount", s.cachedTokens());
    }
    r.put("modelVersion", model).put("responseId", id);
    return r;
  }

  private static void googleError(HttpExchange ex, int code, String status, String message) throws IOException {
    ObjectNode r = JSON.createObjectNode();
    r.putObject("error").put("code", code).put("message", message).put("status", status);
    send(ex, code, "application/json", JSON.writeValueAsString(r));
  }

  private static String anthropicAuth(String path) {
    return path.endsWith("/messages") ? "authentication_error" : "invalid_request_error";
  }

  private ObjectNode chunk(String id, long created, boolean chat) {
    ObjectNode c = JSON.createObjectNode().put("id", id).put("object", chat ? "chat.completion.chunk" : "text_completion")
        .put("created", created).put("model", model);
    c.putArray("choices");
    return c;
  }

  private static ObjectNode usage(EmulatedReplica.Served s) {
    ObjectNode u = JSON.createObjectNode().put("prompt_tokens", s.promptTokens())
        .put("completion_tokens", s.outputTokens()).put("total_tokens", s.promptTokens() + s.outputTokens());
    u.putObject("prompt_tokens_details").put("cached_tokens", s.cachedTokens());
    return u;
  }

  /** The {@code i}th output token's text: one o200k token each. */
  static String word(int i) {
    return i == 0 ? "ok" : " ok";
  }

  private static void event(OutputStream out, ObjectNode data) throws IOException {
    out.write(("data: " + JSON.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private String models() throws IOException {
    // One listing every SDK reads: OpenAI's (object, created, owned_by) and Anthropic's (type, display_name,
    // created_at, lifecycle, has_more, first_id, last_id) fields side by side.
    ObjectNode r = JSON.createObjectNode().put("object", "list");
    r.putArray("data").addObject().put("id", model).put("object", "model").put("created", 0)
        .put("owned_by", "replaygate").put("type", "model").put("display_name", model)
        .put("created_at", "2026-01-01T00:00:00Z").put("lifecycle", "active");
    r.put("has_more", false).put("first_id", model).put("last_id", model);
    // and Google's (models[].name) for the Gemini SDK, which lists /v1/models too.
    r.putArray("models").addObject().put("name", "models/" + model).put("displayName", model);
    return JSON.writeValueAsString(r);
  }

  private String metrics() {
    StringBuilder b = new StringBuilder();
    String label = "{model_name=\"" + model.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    metric(b, "vllm:num_requests_running", "gauge", "Requests in model execution batches.", label, cluster.running());
    metric(b, "vllm:num_requests_waiting", "gauge", "Requests waiting to be processed.", label, cluster.waiting());
    metric(b, "vllm:kv_cache_usage_perc", "gauge", "KV-cache usage, 1 is 100 percent.", label, cluster.cacheUsage());
    metric(b, "vllm:prefix_cache_queries_total", "counter", "Prefix cache queries, in tokens.", label,
        cluster.queriedTokens());
    metric(b, "vllm:prefix_cache_hits_total", "counter", "Prefix cache hits, in tokens.", label,
        cluster.hitTokens());
    metric(b, "vllm:prompt_tokens_total", "counter", "Prefill tokens processed.", label, cluster.promptTokens());
    metric(b, "vllm:generation_tokens_total", "counter", "Generation tokens processed.", label,
        cluster.generatedTokens());
    metric(b, "vllm:request_success_total", "counter", "Successfully processed requests.", label,
        cluster.succeeded());
    return b.toString();
  }

  private static void metric(StringBuilder b, String name, String type, String help, String label, double value) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    b.append(name).append(label).append(' ').append(String.format(Locale.US, "%s", value)).append('\n');
  }

  private static void error(HttpExchange ex, int code, String message, String type, String errorCode)
      throws IOException {
    ObjectNode r = JSON.createObjectNode();
    ObjectNode e = r.putObject("error").put("message", message).put("type", type);
    e.putNull("param");
    if (errorCode == null) {
      e.putNull("code");
    } else {
      e.put("code", errorCode);
    }
    send(ex, code, "application/json", JSON.writeValueAsString(r));
  }

  private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      ex.getResponseBody().write(bytes);
    }
  }
}
