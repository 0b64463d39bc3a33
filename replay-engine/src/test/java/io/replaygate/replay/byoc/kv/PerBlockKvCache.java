package io.replaygate.replay.byoc.kv;

import io.replaygate.replay.core.LongObjectMap;
import java.util.List;
import java.util.TreeSet;

/**
 * The KV cache as it was specified block by block: one node per trace block, every operation applied to one block
 * at a time in prompt order. {@link KvCache} keeps runs of equal blocks instead; this is the model it must equal
 * answer for answer ({@code KvCacheRunsTest}), kept as the readable statement of the semantics:
 *
 * <p><b>Blocks.</b> Trace block {@code i} of a prompt covers tokens {@code [iT, min((i+1)T, input))} and owns the
 * engine blocks that start inside it. <b>Pins and eviction.</b> A running request pins the nodes of its prompt; a tier
 * evicts only nodes it holds that have no child in that tier, GPU eviction only unpinned ones, least first in the
 * policy's order. <b>Tiers.</b> A block leaving the GPU goes to host memory under {@code write_back} (under
 * write-through it is there already; selective write-through copies only blocks used often enough); one leaving the
 * last local tier goes to the shared pool under its {@code write_back}. A node in no tier leaves the tree.
 */
final class PerBlockKvCache {

  private final long gpuCapacity;
  private final int engineTokens;
  private final int traceTokens;
  private final KvCache.HostTier hostTier;
  private final SharedPool pool;
  /** The attached nodes of the first block, by hash (every other node hangs under its parent). */
  private final LongObjectMap<PerBlockNode> roots = new LongObjectMap<>();
  /** The node where the last {@link #extend} ended (for {@link #gpuPrefix}, its last GPU block), or {@code null}. */
  private PerBlockNode walkEnd;
  private final TreeSet<PerBlockNode> gpuEvictable;
  private final TreeSet<PerBlockNode> hostEvictable;
  private long gpuUsed;
  private long hostUsed;
  private long nextId;
  private long gpuEvictions;
  private long hostEvictions;
  private long hostWrites;

  PerBlockKvCache(long gpuBlocks, int engineBlockTokens, int traceBlockTokens, EvictionPolicies policy,
      KvCache.HostTier host,
      SharedPool pool) {
    if (gpuBlocks < 1 || engineBlockTokens < 1) {
      throw new IllegalArgumentException("a KV cache needs at least one block of at least one token");
    }
    this.gpuCapacity = gpuBlocks;
    this.engineTokens = engineBlockTokens;
    this.traceTokens = Math.max(1, traceBlockTokens);
    this.hostTier = host;
    this.pool = pool;
    this.gpuEvictable = new TreeSet<>(order(policy));
    this.hostEvictable = new TreeSet<>(order(policy));
  }

  // ---- geometry ----

  /** Engine blocks a prompt of {@code input} tokens occupies. */
  long promptBlocks(long input) {
    return ceilDiv(input, engineTokens);
  }

  /** Engine blocks trace block {@code i} of a prompt of {@code input} tokens owns. */
  int ownedBlocks(int i, long input) {
    long start = Math.min((long) i * traceTokens, input);
    long end = Math.min((long) (i + 1) * traceTokens, input);
    return (int) (ceilDiv(end, engineTokens) - ceilDiv(start, engineTokens));
  }

  /** Engine blocks owned by trace blocks {@code [from, to)}. */
  long ownedBlocks(int from, int to, long input) {
    long start = Math.min((long) from * traceTokens, input);
    long end = Math.min((long) to * traceTokens, input);
    return ceilDiv(end, engineTokens) - ceilDiv(start, engineTokens);
  }

  /**
   * Prompt tokens the first {@code traceBlocks} cached trace blocks save: whole engine blocks only, and
   * never the whole prompt (its last token is always computed).
   */
  long usableTokens(int traceBlocks, long input) {
    long t = Math.min((long) traceBlocks * traceTokens, input);
    t = t / engineTokens * engineTokens;
    return Math.max(0, Math.min(t, input - 1));
  }

  // ---- lookups (no side effects) ----

  /**
   * The attached node for {@code hash} after {@code before} (the node of the previous block, {@code null} for the
   * first): a walk follows the prompt down the tree, one pointer per block where a node has one child (a session's
   * turns), one probe of a small map where it has several (after a shared system prompt) — never a probe of an index
   * of every block, which at tens of millions of blocks was a cache miss per block and a third of a replica's memory.
   */
  private PerBlockNode child(PerBlockNode before, long hash) {
    return before == null ? roots.get(hash) : before.child(hash);
  }

  /**
   * Extends a walk at block {@code n} of {@code hashes} (after {@code before}, the node of block n − 1) over the
   * blocks on the GPU — or, {@code orHost}, on the GPU or in host memory — and returns where it stopped; its last node
   * is left in {@link #walkEnd}.
   */
  private int extend(long[] hashes, int n, PerBlockNode before, boolean orHost) {
    while (n < hashes.length) {
      PerBlockNode node = child(before, hashes[n]);
      if (node == null || !(node.gpu || orHost && node.host)) {
        break;
      }
      before = node;
      n++;
    }
    walkEnd = before;
    return n;
  }

  /** Leading trace blocks resident on the GPU. */
  int gpuPrefix(long[] hashes) {
    return extend(hashes, 0, null, false);
  }

  /** The policies' orders over nodes, as {@link LruEviction} and {@link LfuEviction} state them. */
  private static java.util.Comparator<PerBlockNode> order(EvictionPolicies policy) {
    return switch (policy) {
      case LRU -> (a, b) -> {
        int c = Long.compare(a.lastUseUs, b.lastUseUs);
        if (c == 0) {
          c = Integer.compare(b.depth, a.depth);
        }
        return c != 0 ? c : Long.compare(a.id, b.id);
      };
      case LFU -> (a, b) -> {
        int c = Long.compare(a.uses, b.uses);
        if (c == 0) {
          c = Long.compare(a.lastUseUs, b.lastUseUs);
        }
        return c != 0 ? c : Long.compare(a.id, b.id);
      };
    };
  }

  /** Where the prompt's leading blocks are, tier by tier. */
  KvCache.Lookup lookup(long[] hashes) {
    int g = gpuPrefix(hashes);
    int h = hostTier == null ? g : extend(hashes, g, walkEnd, true); // on from the GPU walk's last node
    int p = h;
    if (pool != null) {
      while (p < hashes.length && pool.contains(hashes[p])) {
        p++;
      }
    }
    return new KvCache.Lookup(g, h - g, p - h);
  }

  // ---- memory ----

  /** Reserves {@code blocks} private GPU blocks, evicting unpinned leaves as needed; false if it cannot. */
  boolean reserve(long blocks) {
    while (gpuUsed + blocks > gpuCapacity && !gpuEvictable.isEmpty()) {
      evictGpu(gpuEvictable.first());
    }
    if (gpuUsed + blocks > gpuCapacity) {
      return false;
    }
    gpuUsed += blocks;
    return true;
  }

  /** Returns private blocks. */
  void release(long blocks) {
    gpuUsed -= blocks;
    if (gpuUsed < 0) {
      throw new IllegalStateException("released more KV blocks than were reserved");
    }
  }

  // ---- requests ----

  /** Pins the first {@code n} trace blocks, which {@link #lookup} found on the GPU, and marks them used. */
  void pin(long[] hashes, int n, long nowUs, List<PerBlockNode> into) {
    PerBlockNode before = null;
    for (int i = 0; i < n; i++) {
      PerBlockNode node = child(before, hashes[i]);
      pinNode(node, nowUs);
      into.add(node);
      before = node;
    }
  }

  /**
   * Puts trace blocks {@code [from, to)} of a prompt on the GPU and pins them: blocks loaded from a lower
   * tier or just computed. Their owned blocks were reserved by the caller as private; a block another
   * request put there meanwhile is shared and the private copy released. {@code into} holds the nodes of blocks
   * {@code [0, from)}, in order, as {@link #pin} and earlier commits left it.
   */
  void commit(long[] hashes, int from, int to, long input, long nowUs, List<PerBlockNode> into) {
    PerBlockNode parent = from == 0 ? null : into.get(from - 1);
    for (int i = from; i < to; i++) {
      PerBlockNode node = child(parent, hashes[i]);
      int owned = ownedBlocks(i, input);
      if (node == null) {
        node = new PerBlockNode(hashes[i], parent, nextId++, owned, (int) (Math.min((long) (i + 1) * traceTokens, input)
            - Math.min((long) i * traceTokens, input)));
        if (parent == null) {
          roots.put(hashes[i], node);
        } else {
          parent.addChild(node);
        }
        node.attached = true;
      } else if (node.gpu) {
        gpuUsed -= owned; // computed twice: the copy already cached is used, ours is freed
      }
      if (!node.gpu) {
        node.gpu = true;
        if (node.parent != null) {
          node.parent.gpuChildren++;
          refresh(node.parent);
        }
      }
      pinNode(node, nowUs);
      into.add(node);
      if (pool != null && pool.write() != WritePolicy.WRITE_BACK) {
        pool.put(node.hash, node.blocks);
      }
      parent = node;
    }
  }

  /** A finished (or preempted) request lets go of its nodes. */
  void unpin(List<PerBlockNode> nodes) {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      PerBlockNode n = nodes.get(i);
      n.pins--;
      refresh(n);
    }
    nodes.clear();
  }

  /** Marks pool blocks {@code [from, to)} used (a load from the pool). */
  void touchPool(long[] hashes, int from, int to) {
    for (int i = from; i < to; i++) {
      pool.touch(hashes[i]);
    }
  }

  private void pinNode(PerBlockNode n, long nowUs) {
    boolean g = n.inGpuSet;
    boolean h = n.inHostSet;
    if (g) {
      gpuEvictable.remove(n);
      n.inGpuSet = false;
    }
    if (h) {
      hostEvictable.remove(n);
      n.inHostSet = false;
    }
    n.pins++;
    n.lastUseUs = Math.max(n.lastUseUs, nowUs);
    n.uses++;
    if (hostTier != null && !n.host && hostTier.write() != WritePolicy.WRITE_BACK
        && (hostTier.write() == WritePolicy.WRITE_THROUGH || n.uses >= hostTier.selectiveThreshold())) {
      writeHost(n);
    }
    refresh(n);
  }

  // ---- eviction ----

  private void evictGpu(PerBlockNode n) {
    gpuEvictable.remove(n);
    n.inGpuSet = false;
    n.gpu = false;
    gpuUsed -= n.blocks;
    gpuEvictions++;
    if (n.parent != null) {
      n.parent.gpuChildren--;
      refresh(n.parent);
    }
    if (hostTier != null && !n.host && hostTier.write() == WritePolicy.WRITE_BACK) {
      writeHost(n);
    }
    leaveLocal(n);
  }

  private void writeHost(PerBlockNode n) {
    if (n.blocks > hostTier.capacityBlocks()) {
      return;
    }
    while (hostUsed + n.blocks > hostTier.capacityBlocks() && !hostEvictable.isEmpty()) {
      evictHost(hostEvictable.first());
    }
    if (hostUsed + n.blocks > hostTier.capacityBlocks()) {
      return;
    }
    n.host = true;
    hostUsed += n.blocks;
    hostWrites++;
    if (n.parent != null) {
      n.parent.hostChildren++;
      refresh(n.parent);
    }
    refresh(n);
  }

  private void evictHost(PerBlockNode n) {
    hostEvictable.remove(n);
    n.inHostSet = false;
    n.host = false;
    hostUsed -= n.blocks;
    hostEvictions++;
    if (n.parent != null) {
      n.parent.hostChildren--;
      refresh(n.parent);
    }
    leaveLocal(n);
  }

  /** A node in neither local tier goes to the pool (write-back) and leaves the tree. */
  private void leaveLocal(PerBlockNode n) {
    if (n.gpu || n.host) {
      refresh(n);
      return;
    }
    if (pool != null && pool.write() == WritePolicy.WRITE_BACK) {
      pool.put(n.hash, n.blocks);
    }
    if (n.attached) {
      if (n.parent == null) {
        roots.remove(n.hash);
      } else {
        n.parent.removeChild(n);
      }
      n.attached = false;
    }
  }

  private void refresh(PerBlockNode n) {
    boolean g = n.gpu && n.pins == 0 && n.gpuChildren == 0;
    if (g != n.inGpuSet) {
      if (g) {
        gpuEvictable.add(n);
      } else {
        gpuEvictable.remove(n);
      }
      n.inGpuSet = g;
    }
    boolean h = n.host && n.hostChildren == 0;
    if (h != n.inHostSet) {
      if (h) {
        hostEvictable.add(n);
      } else {
        hostEvictable.remove(n);
      }
      n.inHostSet = h;
    }
  }

  // ---- figures ----

  long gpuCapacityBlocks() {
    return gpuCapacity;
  }

  long gpuUsedBlocks() {
    return gpuUsed;
  }

  long hostCapacityBlocks() {
    return hostTier == null ? 0 : hostTier.capacityBlocks();
  }

  long hostUsedBlocks() {
    return hostUsed;
  }

  long gpuEvictions() {
    return gpuEvictions;
  }

  long hostEvictions() {
    return hostEvictions;
  }

  long hostWrites() {
    return hostWrites;
  }

  SharedPool pool() {
    return pool;
  }

  boolean hasHost() {
    return hostTier != null;
  }

  int engineBlockTokens() {
    return engineTokens;
  }

  int traceBlockTokens() {
    return traceTokens;
  }

  /** Whether a node is pinned and on the GPU (for conservation checks). */
  static boolean pinnedOnGpu(PerBlockNode n) {
    return n.pins > 0 && n.gpu;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /** Engine blocks of the cached blocks on the GPU. */
  long cachedGpuBlocks() {
    long n = 0;
    java.util.ArrayDeque<PerBlockNode> todo = new java.util.ArrayDeque<>();
    roots.forEachValue(todo::push);
    while (!todo.isEmpty()) {
      PerBlockNode r = todo.pop();
      n += r.gpu ? r.blocks : 0;
      r.forEachChild(todo::push);
    }
    return n;
  }
}
