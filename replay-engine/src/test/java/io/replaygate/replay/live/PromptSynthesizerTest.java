package io.replaygate.replay.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.replay.core.Request;
import io.replaygate.trace.TraceRecord;
import org.junit.jupiter.api.Test;

/** Synthesized prompts: token-exact, equal hashes give equal prefixes, different hashes differ. */
class PromptSynthesizerTest {
  private static Request request(long index, int tokens, long... hashes) {
    TraceRecord r = new TraceRecord(index, null, null, "m", "m", null, null, tokens, 1, null, null, hashes, null, null,
        "ok", null);
    return new Request(index, r, 16);
  }

  @Test
  void prompt_isExactlyItsTokenCount_underO200k() {
    for (int tokens : new int[] {1, 15, 16, 17, 100, 1000}) {
      int blocks = (tokens + 15) / 16;
      long[] h = new long[blocks];
      for (int i = 0; i < blocks; i++) {
        h[i] = 1000 + i;
      }
      assertEquals(tokens, PromptSynthesizer.tokens(PromptSynthesizer.prompt(request(0, tokens, h))), "" + tokens);
    }
    assertEquals(300, PromptSynthesizer.tokens(PromptSynthesizer.prompt(request(3, 300))), "no hashes");
  }

  @Test
  void sharedBlocks_shareText_andDivergeAfter() {
    String a = PromptSynthesizer.prompt(request(0, 48, 11, 12, 13));
    String b = PromptSynthesizer.prompt(request(1, 48, 11, 12, 99));
    String a2 = PromptSynthesizer.prompt(request(5, 48, 11, 12, 13));
    assertEquals(a, a2, "equal hashes, equal text, whatever the request");
    String[] wa = a.split(" ");
    String[] wb = b.split(" ");
    int common = 0;
    while (common < wa.length && wa[common].equals(wb[common])) {
      common++;
    }
    assertEquals(1 + 32, common, "two blocks of words in common (after the empty first split), not three");
    assertNotEquals(PromptSynthesizer.prompt(request(0, 300)), PromptSynthesizer.prompt(request(1, 300)),
        "requests without hashes share nothing");
    assertTrue(PromptSynthesizer.VOCABULARY >= 256);
  }
}
