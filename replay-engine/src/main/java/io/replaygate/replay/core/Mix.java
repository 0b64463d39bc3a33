package io.replaygate.replay.core;

/** SplitMix64's finaliser (Stafford's mix 13): a bijection on 64-bit values whose every output bit depends on all. */
public final class Mix {
  private Mix() {}

  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A uniform draw in [0, 1) from a mixed value: its top 53 bits. */
  public static double unit(long mixed) {
    return (mixed >>> 11) * 0x1.0p-53;
  }
}
