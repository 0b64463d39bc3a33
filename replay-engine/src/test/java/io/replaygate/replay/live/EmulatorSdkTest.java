package io.replaygate.replay.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.models.Model;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's protocol, proved by the official OpenAI Java SDK as its client: every response, streaming and not,
 * parses and passes the SDK's own validation, usage (cached tokens included) reads back, and an injected 429 is the
 * SDK's own rate-limit error.
 */
class EmulatorSdkTest {
  static final String MODEL = "llama-3.1-70b";
  private Emulator emulator;
  private OpenAIClient client;

  @BeforeEach
  void start() throws Exception {
    emulator = new Emulator(MODEL, new EmulatedReplica((p, a, d, c) -> 0.0005 + p * 1e-7, 16, 100_000, 64, 1.0),
        Emulator.Faults.NONE, 1L, 0);
    client = OpenAIOkHttpClient.builder().baseUrl(emulator.baseUrl() + "/v1").apiKey("sk-emulator-test")
        .maxRetries(0).build();
  }

  @AfterEach
  void stop() {
    client.close();
    emulator.close();
  }

  private static String longPrompt() {
    return "You are a careful reviewer. ".repeat(40);
  }

  @Test
  void chatCompletion_parsesAndValidates_withCachedTokensOnTheRepeat() {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(MODEL).addSystemMessage(longPrompt())
        .addUserMessage("first question").maxCompletionTokens(5).build();
    ChatCompletion first = client.chat().completions().create(params).validate();
    assertEquals(5, first.usage().orElseThrow().completionTokens());
    assertEquals(0, first.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens().orElseThrow());
    assertEquals("ok ok ok ok ok", first.choices().get(0).message().content().orElseThrow());
    ChatCompletion second = client.chat().completions().create(params.toBuilder()
        .messages(List.of()).addSystemMessage(longPrompt()).addUserMessage("second question").build()).validate();
    long prompt = second.usage().orElseThrow().promptTokens();
    long cached = second.usage().orElseThrow().promptTokensDetails().orElseThrow().cachedTokens().orElseThrow();
    assertTrue(cached > 0 && cached < prompt && cached % 16 == 0, "the shared system prompt's full blocks: " + cached
        + " of " + prompt);
  }

  @Test
  void chatStream_everyChunkValidates_andTheUsageChunkCloses() {
    ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("stream me")
        .maxCompletionTokens(4).streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
      s.stream().forEach(c -> chunks.add(c.validate()));
    }
    StringBuilder text = new StringBuilder();
    chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(text::append)));
    assertEquals("ok ok ok ok", text.toString());
    ChatCompletionChunk last = chunks.get(chunks.size() - 1);
    assertTrue(last.choices().isEmpty(), "the usage chunk has no choices");
    assertEquals(4, last.usage().orElseThrow().completionTokens());
    assertFalse(chunks.get(0).choices().get(0).delta().role().isEmpty(), "the first delta names the role");
  }

  @Test
  void completions_andModels_parse() {
    Completion c = client.completions().create(CompletionCreateParams.builder().model(MODEL).prompt("Once upon")
        .maxTokens(3).build()).validate();
    assertEquals("ok ok ok", c.choices().get(0).text());
    assertEquals(3, c.usage().orElseThrow().completionTokens());
    List<Model> models = new ArrayList<>();
    client.models().list().autoPager().forEach(models::add);
    assertEquals(List.of(MODEL), models.stream().map(Model::id).toList());
  }

  @Test
  void injected429_isTheSdksRateLimitError_withRetryAfter() throws Exception {
    try (Emulator limited = new Emulator(MODEL, new EmulatedReplica((p, a, d, c) -> 0.0, 16, 1000, 4, 1.0),
        new Emulator.Faults(1.0, 7, 0, 0, 0, 0), 1L, 0)) {
      OpenAIClient c = OpenAIOkHttpClient.builder().baseUrl(limited.baseUrl() + "/v1").apiKey("k").maxRetries(0)
          .build();
      RateLimitException e = org.junit.jupiter.api.Assertions.assertThrows(RateLimitException.class,
          () -> c.chat().completions().create(ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("x")
              .build()));
      assertEquals(429, e.statusCode());
      assertEquals(List.of("7"), e.headers().values("retry-after"));
      c.close();
    }
  }

  @Test
  void responses_andTheirStream_parseAndValidate_withCachedTokensOnTheRepeat() {
    ResponseCreateParams params = ResponseCreateParams.builder().model(MODEL).instructions(longPrompt())
        .input("first question").maxOutputTokens(3L).build();
    Response first = client.responses().create(params).validate();
    assertEquals("ok ok ok", first.output().get(0).asMessage().content().get(0).asOutputText().text());
    assertEquals(0, first.usage().orElseThrow().inputTokensDetails().cachedTokens());
    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(params.toBuilder()
        .input("second question").build())) {
      s.stream().forEach(e -> events.add(e.validate()));
    }
    assertTrue(events.get(0).isCreated());
    StringBuilder text = new StringBuilder();
    events.stream().filter(ResponseStreamEvent::isOutputTextDelta).forEach(e -> text.append(e.asOutputTextDelta().delta()));
    assertEquals("ok ok ok", text.toString());
    Response done = events.get(events.size() - 1).asCompleted().response();
    long cached = done.usage().orElseThrow().inputTokensDetails().cachedTokens();
    assertTrue(cached > 0 && cached % 16 == 0, "the shared instructions: " + done.usage());
  }
}
