package io.replaygate.replay.byoc.kv;

/**
 * A run of one replica's cached prefix: consecutive trace blocks along one path of the cache's tree that are in
 * the same state (pins, last use, uses, tiers) — an edge of a radix tree. Block {@code j} of the run has hash
 * {@code keys[offset + j]}, depth {@code depth + j} and id {@code firstId + j}; every block but the last owns the
 * engine blocks that start inside its token span at that depth (the standard share), the last owns
 * {@link #tailOwned} (a prompt's last block may be partial). Only the last block (the tail) has children (runs,
 * found by their first hash); a block inside a run has exactly one child, the next. A run is
 * split only where an operation's range starts or ends inside it, so a turn of a session is one run, not a
 * node per block.
 *
 * <p>The eviction policies order runs by their tail, the only block of a run a tier can evict (a leaf of that
 * tier): {@link #lastUseUs()}, {@link #uses()}, {@link #depth()} and {@link #id()} are the tail's.
 */
public final class KvRun extends RadixRun<KvRun> {
  /** Depth of the first block. */
  int depth;
  /** Id of the first block (ids count blocks created, in creation order). */
  long firstId;
  /** Engine blocks the last block owns. */
  int tailOwned;
  int pins;
  /** Children of the tail on the GPU, in host memory. */
  int gpuChildren;
  int hostChildren;
  boolean gpu;
  boolean host;
  long lastUseUs;
  long uses;
  /** Positions in the GPU and host tiers' {@link EvictionHeap}s, −1 while the run is not in one. */
  int gpuHeapPosition = -1;
  int hostHeapPosition = -1;
  /** Whether the cache's tree holds this run (one that left it may be followed by a new run for its prefix). */
  boolean attached;
  /**
   * On the GPU with a {@link PrefixIndex}: the index's handle on the run's tail block or one after it on its path
   * ({@link PrefixIndex#add}, set when the run last gained the GPU; moved to its tail when what followed it was
   * evicted), so its eviction is found without a walk.
   */
  PrefixIndex.Run indexed;

  /** Whether the GPU tier may evict the run's tail (it is in that tier's eviction heap). */
  boolean inGpuSet() {
    return gpuHeapPosition >= 0;
  }

  /** Whether the host tier may evict the run's tail. */
  boolean inHostSet() {
    return hostHeapPosition >= 0;
  }

  long key(int j) {
    return keys[offset + j];
  }

  long tailKey() {
    return keys[offset + len - 1];
  }

  /** Whether this run and {@code o} are in the same state (the same answer to every question about a block). */
  boolean sameState(KvRun o) {
    return pins == o.pins && gpu == o.gpu && host == o.host && lastUseUs == o.lastUseUs && uses == o.uses;
  }

  /** Last use of the tail (and of every block of the run). */
  public long lastUseUs() {
    return lastUseUs;
  }

  public long uses() {
    return uses;
  }

  /** Depth of the tail. */
  public int depth() {
    return depth + len - 1;
  }

  /** Id of the tail. */
  public long id() {
    return firstId + len - 1;
  }
}
