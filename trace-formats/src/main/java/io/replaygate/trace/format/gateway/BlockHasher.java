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

  public Hashed hash(String prompt) {
    IntArrayList tokens = O200K.encodeOrdinary(prompt);
    int n = tokens.size();
    long[] out = new long[(n + blockTokens - 1) / blockTokens];
    long previous = 0;
    for (int b = 0; b < out.length; b++) {
      int start = b * blockTokens;
      int len = Math.min(blockTokens, n - start);
      scratch[0] = (int) previous;
      scratch[1] = (int) (previous >>> 32);
      for (int k = 0; k < len; k++) {
        scratch[2 + k] = tokens.get(start + k);
      }
      previous = hash.hashInts(scratch, 0, len + 2);
      out[b] = previous;
    }
    Arrays.fill(scratch, 0);
    return new Hashed(n, out);
  }
}
