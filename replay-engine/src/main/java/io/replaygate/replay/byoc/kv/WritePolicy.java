package io.replaygate.replay.byoc.kv;

/**
 * When a block computed in a higher tier is copied to the tier below (SGLang HiCache's write policies).
 * {@code WRITE_THROUGH}: as soon as it is computed; {@code WRITE_THROUGH_SELECTIVE}: once it has been used
 * {@link KvTiers#selectiveThreshold} times (hot blocks only); {@code WRITE_BACK}: only when evicted from
 * the tier above.
 */
public enum WritePolicy {
  WRITE_THROUGH, WRITE_THROUGH_SELECTIVE, WRITE_BACK;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
