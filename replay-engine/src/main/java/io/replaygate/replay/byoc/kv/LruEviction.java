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
}
