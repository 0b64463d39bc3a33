package io.replaygate.replay.byoc.kv;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A KV store shared by every replica of a deployment (Mooncake store, LMCache remote, a disaggregated
 * memory pool): prefixes by their block hash, least recently used evicted first when full. Each replica
 * reaches it over its own {@link TransferLink}.
 */
public final class SharedPool {
  private final long capacityBlocks;
  private final WritePolicy write;
  private final LinkedHashMap<Long, Integer> blocks = new LinkedHashMap<>(1024, 0.75f, true);
  private long used;
  private long writes;
  private long evictions;

  public SharedPool(long capacityBlocks, WritePolicy write) {
    if (capacityBlocks < 1) {
      throw new IllegalArgumentException("a shared pool holds at least one block");
    }
    this.capacityBlocks = capacityBlocks;
    this.write = write;
  }

  public WritePolicy write() {
    return write;
  }

  public boolean contains(long hash) {
    return blocks.containsKey(hash);
  }

  /** Marks a prefix block used (LRU order). */
  void touch(long hash) {
    blocks.get(hash);
  }

  /** Stores a block of {@code engineBlocks} engine blocks, evicting the least recently used to make room. */
  void put(long hash, int engineBlocks) {
    if (blocks.containsKey(hash) || engineBlocks > capacityBlocks) {
      return;
    }
    var it = blocks.entrySet().iterator();
    while (used + engineBlocks > capacityBlocks && it.hasNext()) {
      Map.Entry<Long, Integer> e = it.next();
      used -= e.getValue();
      it.remove();
      evictions++;
    }
    blocks.put(hash, engineBlocks);
    used += engineBlocks;
    writes++;
  }

  public long capacityBlocks() {
    return capacityBlocks;
  }

  public long usedBlocks() {
    return used;
  }

  public long writes() {
    return writes;
  }

  public long evictions() {
    return evictions;
  }
}
