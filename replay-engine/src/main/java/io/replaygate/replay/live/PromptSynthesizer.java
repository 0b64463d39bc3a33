package io.replaygate.replay.live;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import io.replaygate.replay.core.Request;
import java.util.ArrayList;
import java.util.List;

/**
 * Prompt text that reproduces a trace's sharing structure on a real server. Each block hash becomes
 * {@code blockTokens} words, each word chosen by a mix of the hash and its position from a vocabulary of
 * space-led English words that are one token each under o200k (and, being whole words after a space, one token
 * under the other byte-pair tokenizers that split on word boundaries the same way: cl100k, Llama 3, Qwen).
 * Block i's text depends on block i's hash alone — which already names the whole prefix — so equal hashes give
 * equal prefixes and the server's own prefix cache sees the trace's reuse; two different hashes give the same
 * block with probability {@code V^-blockTokens} (V = {@value #VOCABULARY} words), never in practice. A record
 * without hashes gets text unique to its request. The last block is cut to the prompt's token count.
 *
 * <p>Token-exact under o200k (tested); on another tokenizer the server's own {@code usage.prompt_tokens} says how
 * far it drifted, which the live report shows.
 */
public final class PromptSynthesizer {
  static final int VOCABULARY = 512;
  private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
  private static final String[] WORDS = vocabulary();

  private PromptSynthesizer() {}

  /** The prompt text of a request: its blocks' words, {@code inputTokens} words in all. */
  public static String prompt(Request r) {
    return String.join("", parts(r));
  }

  /** The prompt as its blocks' texts, in order (the rest of the prompt, beyond its hashes, last). */
  public static java.util.List<String> parts(Request r) {
    int tokens = r.inputTokens();
    java.util.List<String> out = new java.util.ArrayList<>();
    long[] blocks = r.blocks();
    int per = r.blockTokens();
    int written = 0;
    for (int b = 0; b < blocks.length && written < tokens; b++) {
      int n = Math.min(per, tokens - written);
      StringBuilder block = new StringBuilder(n * 7);
      words(blocks[b], n, block);
      out.add(block.toString());
      written += n;
    }
    if (written < tokens || out.isEmpty()) {
      // No hashes (or fewer than the prompt needs): text no other request shares.
      StringBuilder rest = new StringBuilder((tokens - written) * 7);
      words(0x5DEECE66DL ^ (r.index() * 0x9E3779B97F4A7C15L) ^ written, Math.max(1, tokens - written), rest);
      out.add(rest.toString());
    }
    return out;
  }

  private static void words(long hash, int n, StringBuilder out) {
    for (int i = 0; i < n; i++) {
      long z = hash + (i + 1) * 0x9E3779B97F4A7C15L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      out.append(WORDS[(int) Math.floorMod(z, (long) WORDS.length)]);
    }
  }

  /** o200k tokens of a text (for tests and the drift figure). */
  static int tokens(String text) {
    return O200K.countTokensOrdinary(text);
  }

  /**
   * {@value #VOCABULARY} space-led lower-case words of 3–8 letters, each one o200k token and each staying one token
   * after any other (checked pairwise on a sample when built): letter sequences from a fixed syllable table.
   */
  private static String[] vocabulary() {
    String[] onsets = {"b", "c", "d", "f", "g", "h", "l", "m", "n", "p", "r", "s", "t", "w", "st", "tr"};
    String[] rimes = {"and", "ate", "ell", "ill", "ing", "ine", "ight", "ock", "old", "one", "ore", "ound", "own",
        "ust", "ake", "ear", "eat", "ent", "ort", "ark"};
    List<String> out = new ArrayList<>();
    for (String o : onsets) {
      for (String r : rimes) {
        String w = " " + o + r;
        if (O200K.countTokensOrdinary(w) == 1) {
          out.add(w);
        }
      }
    }
    for (String o : onsets) {
      for (String r : rimes) {
        for (String s : new String[] {"s", "ed", "er"}) {
          String w = " " + o + r + s;
          if (out.size() < VOCABULARY && O200K.countTokensOrdinary(w) == 1) {
            out.add(w);
          }
        }
      }
    }
    if (out.size() < 256) {
      throw new IllegalStateException("too few single-token words: " + out.size());
    }
    return out.subList(0, Math.min(VOCABULARY, out.size())).toArray(String[]::new);
  }
}
