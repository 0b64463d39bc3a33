package io.replaygate.trace.format.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replaygate.trace.format.gateway.PromptRenderer.Api;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Images count as the providers bill them: each rule against the providers' own worked examples, image sizes read
 * from real encoded headers, and the block hashes of a prompt with an image.
 */
class AttachmentTokensTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} {1}x{2} {3} = {4}")
  @CsvSource({
      // OpenAI's examples: a 1024x1024 square in high detail is 4 tiles; 2048x4096 scales to 768x1536, 6 tiles;
      // low detail is the base whatever the size.
      "gpt-4o, 1024, 1024, high, 765",
      "gpt-4o, 2048, 4096, high, 1105",
      "gpt-4o, 4096, 8192, low, 85",
      "gpt-4o-2024-08-06, 1024, 1024, auto, 765",
      "gpt-4o-mini, 1024, 1024, high, 25501",
      "gpt-5, 1024, 1024, high, 630",
      // Patches: 1024x1024 is 32x32 = 1024 patches; 1800x2400 is scaled to 33x44 = 1452 patches.
      "gpt-4.1-mini, 1024, 1024, high, 1659",
      "gpt-4.1-mini, 1800, 2400, high, 2352",
      "o4-mini, 1800, 2400, low, 2497",
  })
  void openAi_matchesTheDocumentedExamples(String model, int w, int h, String detail, int tokens) {
    assertEquals(tokens, AttachmentTokens.image(Api.OPENAI_CHAT, model, w, h, detail));
  }

  @ParameterizedTest(name = "{0}x{1} = {2}")
  @CsvSource({
      "200, 200, 54", // Anthropic's example: about 54 tokens
      "1000, 1000, 1334",
      "1092, 1092, 1590", // the largest 1:1 image under the ~1,600-token cap
      "4000, 3000, 1600", // scaled down: at most 1,600
  })
  void anthropic_isPixelsOver750_capped(int w, int h, int tokens) {
    assertEquals(tokens, AttachmentTokens.image(Api.ANTHROPIC_MESSAGES, "claude-sonnet-4-5", w, h, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"png", "jpeg", "gif", "bmp"})
  void dimensions_readFromRealEncodedImages(String format) throws IOException {
    int[] size = AttachmentTokens.dimensions(base64(format, 640, 360));
    if (format.equals("bmp")) {
      assertNull(size, "not a format the providers take: unknown");
    } else {
      assertArrayEquals(new int[] {640, 360}, size);
    }
  }

  @Test
  void dimensions_webpHeaders() {
    byte[] vp8x = new byte[30];
    System.arraycopy("RIFF\0\0\0\0WEBPVP8X".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, vp8x, 0, 16);
    vp8x[24] = (byte) 0x7f; // width - 1 = 639 (0x27f)
    vp8x[25] = 0x02;
    vp8x[27] = 0x67; // height - 1 = 359 (0x167)
    vp8x[28] = 0x01;
    assertArrayEquals(new int[] {640, 360}, AttachmentTokens.dimensions(vp8x));
    assertNull(AttachmentTokens.dimensions("not base64 at all!"));
    assertNull(AttachmentTokens.dimensions(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xFF, (byte) 0xD8,
        (byte) 0xFF, (byte) 0xE0, 0, 1})), "a truncated JPEG: unknown, not an error");
  }

  @Test
  void imageInAPrompt_coversTheTokensTheProviderBills_andIsIdentifiedByItsBytes() throws IOException {
    BlockHasher hasher = new BlockHasher(7L, 16);
    String text = "describe this picture";
    String square = base64("png", 1024, 1024);
    String prompt = PromptRenderer.render(chat(text, square), Api.OPENAI_CHAT);
    BlockHasher.Hashed one = hasher.hash(prompt);
    String before = prompt.substring(0, prompt.indexOf('\uE000'));
    String after = prompt.substring(prompt.indexOf('\uE001') + 1);
    assertEquals(hasher.hash(before).tokens() + 765 + hasher.hash(after).tokens(), one.tokens(),
        "the text around the image in tokens, and the image's 765");
    BlockHasher.Hashed same = hasher.hash(PromptRenderer.render(chat(text, square), Api.OPENAI_CHAT));
    assertArrayEquals(one.blockHashes(), same.blockHashes());
    BlockHasher.Hashed other = hasher.hash(PromptRenderer.render(chat(text, base64("png", 1024, 1023)),
        Api.OPENAI_CHAT));
    assertEquals(one.tokens(), other.tokens(), "same size, same tokens");
    assertNotEquals(one.blockHashes()[3], other.blockHashes()[3], "other bytes, other blocks");
  }

  @Test
  void document_takesWhatTheProviderBilledBeyondTheRest() throws IOException {
    BlockHasher hasher = new BlockHasher(7L, 16);
    JsonNode body = JSON.readTree("{\"model\": \"claude-sonnet-4-5\", \"messages\": [{\"role\": \"user\", \"content\": ["
        + "{\"type\": \"document\", \"source\": {\"type\": \"base64\", \"media_type\": \"application/pdf\","
        + " \"data\": \"JVBERi0xLjQK\"}}, {\"type\": \"text\", \"text\": \"summarise\"}]}]}");
    String prompt = PromptRenderer.render(body, Api.ANTHROPIC_MESSAGES);
    int rest = hasher.hash(prompt).tokens();
    assertEquals(3000, hasher.hash(prompt, 3000).tokens(), "billed 3,000: the document takes the residual");
    assertEquals(rest, hasher.hash(prompt, 1).tokens(), "billed less than the text: the document adds nothing");
  }

  @Test
  void promptText_cannotForgeAnAttachment() throws IOException {
    BlockHasher hasher = new BlockHasher(7L, 16);
    String forged = "\uE000i00ff:100000\uE001";
    BlockHasher.Hashed h = hasher.hash(PromptRenderer.render(chat(forged, null), Api.OPENAI_CHAT));
    assertEquals(true, h.tokens() < 50, "the marker characters are replaced: " + h.tokens());
  }

  private static JsonNode chat(String text, String pngBase64) throws IOException {
    String image = pngBase64 == null ? "" : ", {\"type\": \"image_url\", \"image_url\": {\"url\": "
        + "\"data:image/png;base64," + pngBase64 + "\", \"detail\": \"high\"}}";
    return JSON.readTree("{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": "
        + "\"text\", \"text\": " + JSON.writeValueAsString(text) + "}" + image + "]}]}");
  }

  private static String base64(String format, int w, int h) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    img.setRGB(w - 1, h - 1, 0x123456 ^ w);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return Base64.getEncoder().encodeToString(out.toByteArray());
  }
}
