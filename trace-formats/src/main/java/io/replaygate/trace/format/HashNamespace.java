package io.replaygate.trace.format;

/**
 * Moves block-hash ids that are only meaningful inside one file (Mooncake and Bailian counters, WEKA's
 * {@code hash_id_scope: local}) into a namespace of their own, so two files combined into one trace never
 * share an id by accident. Ids in {@code [0, 2^40)} map exactly to {@code (namespace << 40) | id}, which
 * cannot collide across namespaces; other ids are mixed with the namespace by a 64-bit finaliser
 * (collisions then need a 64-bit coincidence).
 */
public final class HashNamespace {
  private static final long LOW_BITS = 1L << 40;
  private final long namespace;

  /** @param namespace a small positive number, e.g. 1 + the file's index among the inputs */
  public HashNamespace(long namespace) {
    if (namespace <= 0 || namespace >= (1L << 23)) {
      throw new IllegalArgumentException("namespace out of range: " + namespace);
    }
    this.namespace = namespace;
  }

  public long apply(long id) {
    if (id >= 0 && id < LOW_BITS) {
      return (namespace << 40) | id;
    }
    return mix(id ^ (namespace * 0x9E3779B97F4A7C15L)) | Long.MIN_VALUE;
  }

  public long[] apply(long[] ids) {
    if (ids == null) {
      return null;
    }
    long[] out = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = apply(ids[i]);
    }
    return out;
  }

  /** SplitMix64's finaliser. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
