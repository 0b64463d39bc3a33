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

  /** Uses and last use do not change as tails go; the id only falls, so a run first after one shortening stays so. */
  @Override
  public int tailsAhead(KvRun r, KvRun next) {
    if (r.uses() != next.uses()) {
      return r.uses() < next.uses() ? Integer.MAX_VALUE : 0;
    }
    if (r.lastUseUs() != next.lastUseUs()) {
      return r.lastUseUs() < next.lastUseUs() ? Integer.MAX_VALUE : 0;
    }
    return r.id() - 1 < next.id() ? Integer.MAX_VALUE : 0;
  }
}
