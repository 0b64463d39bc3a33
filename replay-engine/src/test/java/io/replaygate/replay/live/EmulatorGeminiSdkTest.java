package io.replaygate.replay.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.ListModelsConfig;
import com.google.genai.types.Model;
import com.google.genai.types.Part;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The emulator's Gemini dialect, proved by Google's official GenAI Java SDK as its client: generateContent and its
 * stream parse, text and usage (implicit-cache tokens included) read back, and the model listing pages.
 */
class EmulatorGeminiSdkTest {
  static final String MODEL = "gemini-2.5-flash";
  private Emulator emulator;
  private Client client;

  @BeforeEach
  void start() throws Exception {
    emulator = new Emulator(MODEL, new EmulatedReplica((p, a, d, c) -> 0.0005, 16, 100_000, 64, 1.0),
        Emulator.Faults.NONE, 1L, 0, "gemini-emulator-key");
    client = Client.builder().apiKey("gemini-emulator-key")
        .httpOptions(HttpOptions.builder().baseUrl(emulator.baseUrl()).build()).build();
  }

  @AfterEach
  void stop() {
    emulator.close();
  }

  private static GenerateContentConfig config(int tokens) {
    return GenerateContentConfig.builder().maxOutputTokens(tokens)
        .systemInstruction(Content.fromParts(Part.fromText("You review code carefully. ".repeat(40)))).build();
  }

  @Test
  void generateContent_parses_withImplicitCacheTokensOnTheRepeat() {
    GenerateContentResponse first = client.models.generateContent(MODEL, "first question", config(3));
    assertEquals("ok ok ok", first.text());
    assertEquals(3, first.usageMetadata().orElseThrow().candidatesTokenCount().orElseThrow());
    assertTrue(first.usageMetadata().orElseThrow().cachedContentTokenCount().isEmpty(), "cold: none cached");
    GenerateContentResponse second = client.models.generateContent(MODEL, "second question", config(3));
    int cached = second.usageMetadata().orElseThrow().cachedContentTokenCount().orElseThrow();
    int prompt = second.usageMetadata().orElseThrow().promptTokenCount().orElseThrow();
    assertTrue(cached > 0 && cached < prompt && cached % 16 == 0, cached + " of " + prompt);
  }

  @Test
  void stream_parses_chunkByChunk() {
    StringBuilder text = new StringBuilder();
    List<GenerateContentResponse> chunks = new ArrayList<>();
    try (ResponseStream<GenerateContentResponse> s = client.models.generateContentStream(MODEL, "stream me",
        config(4))) {
      for (GenerateContentResponse r : s) {
        chunks.add(r);
        text.append(r.text());
      }
    }
    assertEquals("ok ok ok ok", text.toString());
    assertEquals(4, chunks.size());
    assertEquals(4, chunks.get(3).usageMetadata().orElseThrow().candidatesTokenCount().orElseThrow());
  }

  @Test
  void models_list() {
    List<String> names = new ArrayList<>();
    for (Model m : client.models.list(ListModelsConfig.builder().build())) {
      names.add(m.name().orElseThrow());
    }
    assertEquals(List.of("models/" + MODEL), names);
  }
}
