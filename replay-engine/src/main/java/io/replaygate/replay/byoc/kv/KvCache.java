package io.replaygate.replay.byoc.kv;

import io.replaygate.replay.core.LongObjectMap;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * One replica's prefix cache (DESIGN §4): a tree over the trace's blocks (a node's children found by hash, so
 * a block is known by its prefix, as the schema's chained hashes name it; no index of every block), with GPU
 * memory counted in the engine's blocks, an optional host-memory tier below it and an optional pool shared
 * with other replicas below that.
 *
 * <p><b>Blocks.</b> The engine's block size {@code E} is independent of the trace's {@code T}: trace block
 * {@code i} of a prompt covers tokens {@code [iT, min((i+1)T, input))} and owns the engine blocks that start
 * inside it ({@code ⌈end/E⌉ − ⌈start/E⌉}). A cached prefix is usable only in whole engine blocks, and at
 * least one prompt token is always computed (vLLM's rule).
 *
 * <p><b>Pins and eviction.</b> A running request pins the nodes of its prompt; a tier evicts only nodes it
 * holds that have no child in that tier, GPU eviction only unpinned ones, in the {@link EvictionPolicy}'s
 * order — so a prefix shared by many requests outlives every tail hung under it.
 *
 * <p><b>Tiers.</b> A block leaving the GPU goes to host memory under {@code write_back} (under write-through
 * it is there already; selective write-through copies only blocks used often enough); one leaving the last
 * local tier goes to the shared pool under its {@code write_back}. A node in no tier leaves the tree.
 *
 * <p>Memory on the GPU is node blocks plus the private blocks the engine {@link #reserve reserves} for
 * prompts being computed and for generated tokens.
 */
public final class KvCache {
  /** Host-memory tier: capacity in engine blocks and when blocks are copied down. */
  public record HostTier(long capacityBlocks, WritePolicy write, int selectiveThreshold) {}

  /** Where a prompt's leading trace blocks are: the first {@code gpu} on the GPU, then host, then pool. */
  public record Lookup(int gpu, int host, int pool) {}

  private final long gpuCapacity;
  private final int engineTokens;
  private final int traceTokens;
  private final HostTier hostTier;
  private final SharedPool pool;
  /** The attached nodes of the first block, by hash (every other node hangs under its parent). */
  private final LongObjectMap<KvNode> roots = new LongObjectMap<>();
  /** The node where the last {@link #extend} ended (for {@link #gpuPrefix}, its last GPU block), or {@code null}. */
  private KvNode walkEnd;
  private final TreeSet<KvNode> gpuEvictable;
  private final TreeSet<KvNode> hostEvictable;
  private long gpuUsed;
  private long hostUsed;
  private long nextId;
  private long gpuEvictions;
  private long hostEvictions;
  private long hostWrites;

  public KvCache(long gpuBlocks, int engineBlockTokens, int traceBlockTokens, EvictionPolicy policy, HostTier host,
      SharedPool pool) {
    if (gpuBlocks < 1 || engineBlockTokens < 1) {
      throw new IllegalArgumentException("a KV cache needs at least one block of at least one token");
    }
    this.gpuCapacity = gpuBlocks;
    this.engineTokens = engineBlockTokens;
    this.traceTokens = Math.max(1, traceBlockTokens);
    this.hostTier = host;
    this.pool = pool;
    this.gpuEvictable = new TreeSet<>(policy);
    this.hostEvictable = new TreeSet<>(policy);
  }

  // ---- geometry ----

  /** Engine blocks a prompt of {@code input} tokens occupies. */
  public long promptBlocks(long input) {
    return ceilDiv(input, engineTokens);
  }

  /** Engine blocks trace block {@code i} of a prompt of {@code input} tokens owns. */
  public int ownedBlocks(int i, long input) {
    long start = Math.min((long) i * traceTokens, input);
    long end = Math.min((long) (i + 1) * traceTokens, input);
    return (int) (ceilDiv(end, engineTokens) - ceilDiv(start, engineTokens));
  }

  /** Engine blocks owned by trace blocks {@code [from, to)}. */
  public long ownedBlocks(int from, int to, long input) {
    long start = Math.min((long) from * traceTokens, input);
    long end = Math.min((long) to * traceTokens, input);
    return ceilDiv(end, engineTokens) - ceilDiv(start, engineTokens);
  }

  /**
   * Prompt tokens the first {@code traceBlocks} cached trace blocks save: whole engine blocks only, and
   * never the whole prompt (its last token is always computed).
   */
  public long usableTokens(int traceBlocks, long input) {
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
  private KvNode child(KvNode before, long hash) {
    return before == null ? roots.get(hash) : before.child(hash);
  }

  /** The node of block {@code k - 1} of {@code hashes} on the kept walk ending at {@code last}, block {@code n - 1}. */
  private KvNode along(long[] hashes, int k, KvNode last, int n) {
    KvNode at;
    if (n - k <= k) {
      at = last;
      for (int j = n; j > k; j--) {
        at = at.parent;
      }
    } else {
      at = null;
      for (int j = 0; j < k; j++) {
        at = child(at, hashes[j]);
      }
    }
    return at;
  }

  /**
   * Extends a walk at block {@code n} of {@code hashes} (after {@code before}, the node of block n − 1) over the blocks
   * on the GPU — or, {@code orHost}, on the GPU or in host memory — and returns where it stopped; its last node is left
   * in {@link #walkEnd}.
   */
  private int extend(long[] hashes, int n, KvNode before, boolean orHost) {
    while (n < hashes.length) {
      KvNode node = child(before, hashes[n]);
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
  public int gpuPrefix(long[] hashes) {
    walkEnd = null;
    if (hashes.length == 0) {
      return 0;
    }
    // Resume from the last walk that began with the same block, as far as this prompt agrees with it.
    Walk w = walks.get(hashes[0]);
    int n = 0;
    KvNode before = null;
    if (w != null && w.last().gpu) {
      int agree = Arrays.mismatch(hashes, w.keys());
      int k = Math.min(agree < 0 ? hashes.length : agree, w.prefix());
      if (k > 0) {
        before = along(hashes, k, w.last(), w.prefix()); // on the GPU: its descendant w.last() is
        n = k;
      }
    }
    int resumed = n;
    n = extend(hashes, n, before, false);
    if (w == null || n != w.prefix() || resumed != n) { // else the walk kept is this one
      remember(hashes, n, walkEnd);
    }
    return n;
  }

  /**
   * A walk's end, kept per first block, so that the router's walk of a shared prefix on every replica for every
   * request (a system prompt on dozens of replicas) becomes a comparison of the prompt with the last one walked.
   * Exact: a walk is used only while its deepest node is on the GPU — GPU residency is closed under parents
   * (eviction takes only nodes with no child on the GPU), so every node of the kept prefix is still there, and a
   * prompt that agrees with the kept one on its first {@code k} blocks names those same nodes.
   */
  private record Walk(long[] keys, int prefix, KvNode last) {}

  /** Walks kept at most (by first block; a week of the default mix starts its prompts with 20); beyond, all go. */
  static final int MAX_WALKS = 64;

  private final LongObjectMap<Walk> walks = new LongObjectMap<>();

  private void remember(long[] hashes, int n, KvNode last) {
    if (n == 0) {
      walks.remove(hashes[0]);
      return;
    }
    if (walks.size() >= MAX_WALKS && walks.get(hashes[0]) == null) {
      walks.clear();
    }
    walks.put(hashes[0], new Walk(Arrays.copyOf(hashes, n), n, last)); // a copy: no request's array is held
  }

  /** {@link #gpuPrefix} by a walk from the root, block by block, no walk resumed (tests hold the two equal). */
  int gpuPrefixByWalk(long[] hashes) {
    return extend(hashes, 0, null, false);
  }

  /** Where the prompt's leading blocks are, tier by tier. */
  public Lookup lookup(long[] hashes) {
    int g = gpuPrefix(hashes);
    int h = hostTier == null ? g : extend(hashes, g, walkEnd, true); // on from the GPU walk's last node
    int p = h;
    if (pool != null) {
      while (p < hashes.length && pool.contains(hashes[p])) {
        p++;
      }
    }
    return new Lookup(g, h - g, p - h);
  }

  // ---- memory ----

  /** Reserves {@code blocks} private GPU blocks, evicting unpinned leaves as needed; false if it cannot. */
  public boolean reserve(long blocks) {
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
  public void release(long blocks) {
    gpuUsed -= blocks;
    if (gpuUsed < 0) {
      throw new IllegalStateException("released more KV blocks than were reserved");
    }
  }

  // ---- requests ----

  /** Pins the first {@code n} trace blocks, which {@link #lookup} found on the GPU, and marks them used. */
  public void pin(long[] hashes, int n, long nowUs, List<KvNode> into) {
    KvNode before = null;
    for (int i = 0; i < n; i++) {
      KvNode node = child(before, hashes[i]);
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
  public void commit(long[] hashes, int from, int to, long input, long nowUs, List<KvNode> into) {
    KvNode parent = from == 0 ? null : into.get(from - 1);
    for (int i = from; i < to; i++) {
      KvNode node = child(parent, hashes[i]);
      int owned = ownedBlocks(i, input);
      if (node == null) {
        node = new KvNode(hashes[i], parent, nextId++, owned, (int) (Math.min((long) (i + 1) * traceTokens, input)
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
  public void unpin(List<KvNode> nodes) {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      KvNode n = nodes.get(i);
      n.pins--;
      refresh(n);
    }
    nodes.clear();
  }

  /** Marks pool blocks {@code [from, to)} used (a load from the pool). */
  public void touchPool(long[] hashes, int from, int to) {
    for (int i = from; i < to; i++) {
      pool.touch(hashes[i]);
    }
  }

  private void pinNode(KvNode n, long nowUs) {
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

  private void evictGpu(KvNode n) {
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

  private void writeHost(KvNode n) {
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

  private void evictHost(KvNode n) {
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
  private void leaveLocal(KvNode n) {
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

  private void refresh(KvNode n) {
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

  public long gpuCapacityBlocks() {
    return gpuCapacity;
  }

  public long gpuUsedBlocks() {
    return gpuUsed;
  }

  public long hostCapacityBlocks() {
    return hostTier == null ? 0 : hostTier.capacityBlocks();
  }

  public long hostUsedBlocks() {
    return hostUsed;
  }

  public long gpuEvictions() {
    return gpuEvictions;
  }

  public long hostEvictions() {
    return hostEvictions;
  }

  public long hostWrites() {
    return hostWrites;
  }

  public SharedPool pool() {
    return pool;
  }

  public boolean hasHost() {
    return hostTier != null;
  }

  public int engineBlockTokens() {
    return engineTokens;
  }

  public int traceBlockTokens() {
    return traceTokens;
  }

  /** Whether a node is pinned and on the GPU (for conservation checks). */
  public static boolean pinnedOnGpu(KvNode n) {
    return n.pins > 0 && n.gpu;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
