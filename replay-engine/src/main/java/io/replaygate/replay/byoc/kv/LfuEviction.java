package io.replaygate.replay.byoc.kv;

/** Least frequently used first (SGLang's {@code lfu}); ties go least recently used, then by age. */
public final class LfuEviction implements EvictionPolicy {
  @Override
  public long firstKey(KvRun r) {
    return r.uses();
  }

  @Override
  public int compare(KvRun a, KvRun b) {
    int c = Long.compare(a.uses(), b.uses());
    if (c == 0) {
      c = Long.compare(a.lastUseUs(), b.lastUseUs());
    }
    return c != 0 ? c : Long.compare(a.id(), b.id());
  }
}
