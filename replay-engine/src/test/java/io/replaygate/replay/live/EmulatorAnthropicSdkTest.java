package io.replaygate.replay.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.models.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's Anthropic Messages dialect, proved by the official Anthropic Java SDK as its client: messages and
 * their streamed events parse and validate, cache reads and writes follow the cache_control breakpoint, a 429 is the
 * SDK's own rate-limit error.
 */
class EmulatorAnthropicSdkTest {
  static final String MODEL = "claude-sonnet-4-5";
  private Emulator emulator;
  private AnthropicClient client;

  @BeforeEach
  void start() throws Exception {
    emulator = new Emulator(MODEL, new EmulatedReplica((p, a, d, c) -> 0.0005, 16, 100_000, 64, 1.0),
        Emulator.Faults.NONE, 1L, 0, "sk-ant-emulator");
    client = AnthropicOkHttpClient.builder().baseUrl(emulator.baseUrl()).apiKey("sk-ant-emulator").maxRetries(0)
        .build();
  }

  @AfterEach
  void stop() {
    client.close();
    emulator.close();
  }

  private static MessageCreateParams cached(String question) {
    return MessageCreateParams.builder().model(MODEL).maxTokens(4)
        .systemOfTextBlockParams(List.of(TextBlockParam.builder().text("You review code carefully. ".repeat(40))
            .cacheControl(CacheControlEphemeral.builder().build()).build()))
        .addUserMessage(question).build();
  }

  @Test
  void message_validates_andTheBreakpointWritesThenReads() {
    Message first = client.messages().create(cached("first")).validate();
    assertEquals("ok ok ok ok", first.content().get(0).asText().text());
    long written = first.usage().cacheCreationInputTokens().orElseThrow();
    assertTrue(written > 0, "the first request writes its full blocks: " + first.usage());
    assertEquals(0, first.usage().cacheReadInputTokens().orElseThrow());
    Message second = client.messages().create(cached("second")).validate();
    long read = second.usage().cacheReadInputTokens().orElseThrow();
    assertTrue(read > 0 && read % 16 == 0, "the shared system prompt is read: " + second.usage());
    Message plain = client.messages().create(MessageCreateParams.builder().model(MODEL).maxTokens(2)
        .addUserMessage("You review code carefully. ".repeat(40)).build()).validate();
    assertEquals(0, plain.usage().cacheReadInputTokens().orElseThrow(), "no breakpoint, no cache");
    assertEquals(0, plain.usage().cacheCreationInputTokens().orElseThrow());
  }

  @Test
  void stream_everyEventValidates() {
    List<RawMessageStreamEvent> events = new ArrayList<>();
    try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(cached("stream"))) {
      s.stream().forEach(e -> events.add(e.validate()));
    }
    assertTrue(events.get(0).isMessageStart());
    assertTrue(events.get(events.size() - 1).isMessageStop());
    StringBuilder text = new StringBuilder();
    events.stream().filter(RawMessageStreamEvent::isContentBlockDelta)
        .forEach(e -> e.asContentBlockDelta().delta().text().ifPresent(t -> text.append(t.text())));
    assertEquals("ok ok ok ok", text.toString());
    assertEquals(4, events.stream().filter(RawMessageStreamEvent::isMessageDelta).findFirst().orElseThrow()
        .asMessageDelta().usage().outputTokens());
  }

  @Test
  void models_andRateLimits_asTheSdkExpects() throws Exception {
    List<ModelInfo> models = new ArrayList<>();
    client.models().list().autoPager().forEach(m -> models.add(m.validate()));
    assertEquals(List.of(MODEL), models.stream().map(ModelInfo::id).toList());
    try (Emulator limited = new Emulator(MODEL, new EmulatedReplica((p, a, d, c) -> 0.0, 16, 1000, 4, 1.0),
        new Emulator.Faults(1.0, 3, 0, 0, 0, 0), 1L, 0)) {
      AnthropicClient c = AnthropicOkHttpClient.builder().baseUrl(limited.baseUrl()).apiKey("k").maxRetries(0).build();
      RateLimitException e = org.junit.jupiter.api.Assertions.assertThrows(RateLimitException.class,
          () -> c.messages().create(cached("x")));
      assertEquals(429, e.statusCode());
      c.close();
    }
  }
}
