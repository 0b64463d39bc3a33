package io.replaygate.replay.byoc.kv;

/** Least recently used first (SGLang's and vLLM's default); among equals the deeper node, then the older. */
public final class LruEviction implements EvictionPolicy {
  @Override
  public long firstKey(KvRun r) {
    return r.lastUseUs();
  }

  @Override
  public int compare(KvRun a, KvRun b) {
    int c = Long.compare(a.lastUseUs(), b.lastUseUs());
    if (c == 0) {
      c = Integer.compare(b.depth(), a.depth());
    }
    return c != 0 ? c : Long.compare(a.id(), b.id());
  }

  /**
   * The last use does not change as tails go: an earlier one keeps {@code r} first, a later one never was. On the same
   * last use {@code r} stays first while its tail is deeper, and at equal depth while its id is the smaller.
   */
  @Override
  public int tailsAhead(KvRun r, KvRun next) {
    if (r.lastUseUs() != next.lastUseUs()) {
      return r.lastUseUs() < next.lastUseUs() ? Integer.MAX_VALUE : 0;
    }
    int d = r.depth() - next.depth(); // shortened by i < d it is deeper; by d, as deep
    if (d <= 0) {
      return 0;
    }
    return r.id() - d < next.id() ? d : d - 1;
  }
}
