package io.replaygate.replay.core;

import java.nio.charset.StandardCharsets;
import net.openhft.hashing.LongHashFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Seeded randomness, one independent stream per path (and per use within a path): the stream is seeded
 * from the run's seed and the stream's name, so adding a path or a draw in one path never changes another
 * path's draws.
 */
public final class PathRandom {
  private PathRandom() {}

  /** The stream {@code name} of a run seeded with {@code seed}. */
  public static UniformRandomProvider stream(long seed, String name) {
    long h = LongHashFunction.xx3(seed).hashBytes(name.getBytes(StandardCharsets.UTF_8));
    return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {seed ^ 0x9E3779B97F4A7C15L, h});
  }
}
