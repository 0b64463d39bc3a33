package io.replaygate.trace.format.gateway;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import java.util.Arrays;
import net.openhft.hashing.LongHashFunction;

/**
 * Tokenizes a rendered prompt in process (jtokkit, o200k_base) and cuts it into blocks of
 * {@code blockTokens} tokens, the last one possibly partial. Block i's hash is the salted 64-bit xxh3 of
 * (block i−1's hash, block i's token ids), so equal hashes mean equal prefixes up to the end of that
 * block, and without the salt the hashes cannot be matched against a guessed prompt.
 */
public final class BlockHasher {
  private static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);

  /** At most this many tokens for a prompt's documents together: twice the largest context window offered. */
  static final long MAX_DOCUMENT_TOKENS = 4_000_000;

  private final LongHashFunction hash;
  private final int blockTokens;
  private int[] scratch;

  public BlockHasher(long salt, int blockTokens) {
    if (blockTokens <= 0) {
      throw new IllegalArgumentException("block tokens must be positive");
    }
    this.hash = LongHashFunction.xx3(salt);
    this.blockTokens = blockTokens;
    this.scratch = new int[blockTokens + 2];
  }

  /** The result: the prompt's token count under o200k and its chained block hashes. */
  public record Hashed(int tokens, long[] blockHashes) {}

  /** The hasher a reader uses: the run's salt ({@code --hash-salt}), else a random one, never written out. */
  public static BlockHasher of(io.replaygate.trace.ReadOptions options) {
    long salt = options.hashSalt() != null ? options.hashSalt() : new java.security.SecureRandom().nextLong();
    return new BlockHasher(salt, options.blockTokens());
  }

  /** {@link #hash(String, int)} without a billed count: documents add no tokens beyond their marker. */
  public Hashed hash(String prompt) {
    return hash(prompt, -1);
  }

  /**
   * Tokenizes and hashes a rendered prompt. Text is o200k tokens; an attachment marker
   * ({@link PromptRenderer#ATTACHMENT_START}) becomes as many opaque tokens as it says — ids derived from its
   * identity, negative so they never equal a text token — and a document (whose size no rule gives) takes an equal
   * share of what the provider billed beyond the rest: {@code max(0, billed − other tokens) / documents}.
   *
   * @param billedTokens the provider's prompt token count, or −1 when unknown (documents then add nothing)
   */
  public Hashed hash(String prompt, int billedTokens) {
    int[] ids = prompt.indexOf(PromptRenderer.ATTACHMENT_START) < 0 ? O200K.encodeOrdinary(prompt).toArray()
        : withAttachments(prompt, billedTokens);
    int n = ids.length;
    long[] out = new long[(n + blockTokens - 1) / blockTokens];
    long previous = 0;
    for (int b = 0; b < out.length; b++) {
      int start = b * blockTokens;
      int len = Math.min(blockTokens, n - start);
      scratch[0] = (int) previous;
      scratch[1] = (int) (previous >>> 32);
      System.arraycopy(ids, start, scratch, 2, len);
      previous = hash.hashInts(scratch, 0, len + 2);
      out[b] = previous;
    }
    Arrays.fill(scratch, 0);
    return new Hashed(n, out);
  }

  /** The token ids of a prompt with attachment markers (see {@link #hash(String, int)}). */
  private static int[] withAttachments(String prompt, int billedTokens) {
    java.util.List<int[]> pieces = new java.util.ArrayList<>();
    java.util.List<Integer> documents = new java.util.ArrayList<>(); // indexes in pieces
    java.util.List<Long> documentIds = new java.util.ArrayList<>();
    long known = 0;
    int at = 0;
    while (at < prompt.length()) {
      int open = prompt.indexOf(PromptRenderer.ATTACHMENT_START, at);
      int close = open < 0 ? -1 : prompt.indexOf(PromptRenderer.ATTACHMENT_END, open);
      if (open < 0 || close < 0) {
        int[] text = O200K.encodeOrdinary(prompt.substring(at)).toArray();
        pieces.add(text);
        known += text.length;
        break;
      }
      if (open > at) {
        int[] text = O200K.encodeOrdinary(prompt.substring(at, open)).toArray();
        pieces.add(text);
        known += text.length;
      }
      String marker = prompt.substring(open + 2, close); // after the kind: hexId:tokens
      int colon = marker.indexOf(':');
      long id = Long.parseUnsignedLong(marker.substring(0, colon), 16);
      String count = marker.substring(colon + 1);
      if (count.equals("?")) {
        documents.add(pieces.size());
        documentIds.add(id);
        pieces.add(null);
      } else {
        int tokens = Integer.parseInt(count);
        pieces.add(opaque(id, tokens));
        known += tokens;
      }
      at = close + 1;
    }
    if (!documents.isEmpty()) {
      long residual = billedTokens < 0 ? 0 : Math.min(MAX_DOCUMENT_TOKENS, Math.max(0, billedTokens - known));
      for (int d = 0; d < documents.size(); d++) {
        long share = residual / documents.size() + (d < residual % documents.size() ? 1 : 0);
        pieces.set(documents.get(d), opaque(documentIds.get(d), (int) share));
      }
    }
    int total = 0;
    for (int[] p : pieces) {
      total += p.length;
    }
    int[] ids = new int[total];
    int k = 0;
    for (int[] p : pieces) {
      System.arraycopy(p, 0, ids, k, p.length);
      k += p.length;
    }
    return ids;
  }

  /** {@code tokens} opaque token ids of an attachment: a function of its identity and position, always negative. */
  private static int[] opaque(long id, int tokens) {
    int[] out = new int[tokens];
    for (int i = 0; i < tokens; i++) {
      long z = id + (i + 1) * 0x9E3779B97F4A7C15L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      out[i] = (int) (z ^ (z >>> 31)) | 0x80000000;
    }
    return out;
  }
}
