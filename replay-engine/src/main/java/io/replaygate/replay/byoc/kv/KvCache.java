package io.replaygate.replay.byoc.kv;

import java.util.Arrays;

/**
 * One replica's prefix cache (DESIGN §4): a tree over the trace's blocks (a block's children found by hash, so
 * a block is known by its prefix, as the schema's chained hashes name it; no index of every block), with GPU
 * memory counted in the engine's blocks, an optional host-memory tier below it and an optional pool shared
 * with other replicas below that.
 *
 * <p><b>Blocks.</b> The engine's block size {@code E} is independent of the trace's {@code T}: trace block
 * {@code i} of a prompt covers tokens {@code [iT, min((i+1)T, input))} and owns the engine blocks that start
 * inside it ({@code ⌈end/E⌉ − ⌈start/E⌉}). A cached prefix is usable only in whole engine blocks, and at
 * least one prompt token is always computed (vLLM's rule).
 *
 * <p><b>Pins and eviction.</b> A running request pins the blocks of its prompt; a tier evicts only blocks it
 * holds that have no child in that tier, GPU eviction only unpinned ones, in the {@link EvictionPolicy}'s
 * order — so a prefix shared by many requests outlives every tail hung under it.
 *
 * <p><b>Tiers.</b> A block leaving the GPU goes to host memory under {@code write_back} (under write-through
 * it is there already; selective write-through copies only blocks used often enough); one leaving the last
 * local tier goes to the shared pool under its {@code write_back}. A block in no tier leaves the tree.
 *
 * <p>Memory on the GPU is the cached blocks' engine blocks plus the private blocks the engine
 * {@link #reserve reserves} for prompts being computed and for generated tokens.
 *
 * <p><b>Runs.</b> The semantics above are stated block by block (and kept so, as a test model,
 * {@code PerBlockKvCache}); the tree keeps {@link KvRun runs} of blocks in equal state instead. Every operation
 * applies one change to a range of a prompt's path (pin its first {@code n} blocks, commit {@code [from, to)}, unpin,
 * evict a tail), so blocks that were equal stay equal and a run is split only where a range ends inside it: a
 * replica holding ten thousand blocks of a few dozen prompts keeps a few dozen runs, and a walk is one
 * {@code Arrays.mismatch} per run. A change is applied to a whole run where applying it block by block, in prompt
 * order, could not interleave with anything else; where it could — a host-memory write that must first evict
 * (the evictions between one block's write and the next's depend on both) — the run is split and its blocks go
 * one at a time, exactly as the per-block statement orders them; runs split so are joined again once equal.
 * GPU eviction without a host tier takes a run's tail blocks in one go while the run stays the policy's least.
 */
public final class KvCache extends RadixTree<KvRun> {
  /** Host-memory tier: capacity in engine blocks and when blocks are copied down. */
  public record HostTier(long capacityBlocks, WritePolicy write, int selectiveThreshold) {}

  /** Where a prompt's leading trace blocks are: the first {@code gpu} on the GPU, then host, then pool. */
  public record Lookup(int gpu, int host, int pool) {}

  private final long gpuCapacity;
  private final int engineTokens;
  private final int traceTokens;
  private final HostTier hostTier;
  private final SharedPool pool;
  /** The attached runs that start at the first block, by hash (every other run hangs under its parent). */
  private final EvictionPolicy policy;
  private final EvictionHeap gpuEvictable;
  private final EvictionHeap hostEvictable;
  private long gpuUsed;
  private long hostUsed;
  private long nextId;
  private long gpuEvictions;
  private long hostEvictions;
  private long hostWrites;
  /** The deployment's index of GPU prefixes this cache reports its residency changes to, and its slot there. */
  private PrefixIndex index;
  private int slot = -1;
  /**
   * The engine block's size as a shift when it is a power of two (16, vLLM's default), else −1; and the engine blocks
   * every whole trace block owns when the trace block is a multiple of the engine block (64 over 16: 4), else −1. The
   * geometry is asked per block of every commit and per sequence of every decode step: a shift and a constant, not two
   * 64-bit divisions, where they give the same answers.
   */
  private final int engineShift;
  private final int evenShare;
  /** The last run {@link #addRuns} created (it ends the commit's range). */
  private KvRun lastAdded;

  public KvCache(long gpuBlocks, int engineBlockTokens, int traceBlockTokens, EvictionPolicy policy, HostTier host,
      SharedPool pool) {
    if (gpuBlocks < 1 || engineBlockTokens < 1) {
      throw new IllegalArgumentException("a KV cache needs at least one block of at least one token");
    }
    this.gpuCapacity = gpuBlocks;
    this.engineTokens = engineBlockTokens;
    this.traceTokens = Math.max(1, traceBlockTokens);
    this.engineShift = Integer.bitCount(engineBlockTokens) == 1 ? Integer.numberOfTrailingZeros(engineBlockTokens) : -1;
    this.evenShare = traceTokens % engineTokens == 0 ? traceTokens / engineTokens : -1;
    this.hostTier = host;
    this.pool = pool;
    this.policy = policy;
    this.gpuEvictable = new EvictionHeap(policy, true);
    this.hostEvictable = new EvictionHeap(policy, false);
  }

  // ---- geometry ----

  /** Engine blocks a prompt of {@code input} tokens occupies. */
  public long promptBlocks(long input) {
    return engineBlocks(input);
  }

  /** Engine blocks {@code tokens} (≥ 0) tokens fill: ⌈tokens ÷ engine block⌉. */
  private long engineBlocks(long tokens) {
    assert tokens >= 0 : tokens;
    return engineShift >= 0 ? (tokens + engineTokens - 1) >>> engineShift : ceilDiv(tokens, engineTokens);
  }

  /** Engine blocks trace block {@code i} of a prompt of {@code input} tokens owns. */
  public int ownedBlocks(int i, long input) {
    long start = Math.min((long) i * traceTokens, input);
    long end = Math.min((long) (i + 1) * traceTokens, input);
    return (int) (engineBlocks(end) - engineBlocks(start));
  }

  /** Engine blocks owned by trace blocks {@code [from, to)}. */
  public long ownedBlocks(int from, int to, long input) {
    long start = Math.min((long) from * traceTokens, input);
    long end = Math.min((long) to * traceTokens, input);
    return engineBlocks(end) - engineBlocks(start);
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

  /** Engine blocks trace block {@code i} owns when the prompt covers it whole. */
  private int standardOwned(int i) {
    if (evenShare >= 0) {
      return evenShare;
    }
    return (int) (engineBlocks((long) (i + 1) * traceTokens) - engineBlocks((long) i * traceTokens));
  }

  /** Engine blocks block {@code j} of run {@code r} owns. */
  private int owned(KvRun r, int j) {
    return j == r.len - 1 ? r.tailOwned : standardOwned(r.depth + j);
  }

  /** Engine blocks the whole run owns (the standard shares telescope). */
  private long owned(KvRun r) {
    long t = traceTokens;
    return engineBlocks((r.depth + r.len - 1L) * t) - engineBlocks(r.depth * t) + r.tailOwned;
  }

  // ---- lookups (no side effects) ----

  /** Leading trace blocks resident on the GPU. */
  public int gpuPrefix(long[] hashes) {
    return walk(hashes, false);
  }

  /**
   * The leading blocks of {@code hashes} on the GPU or, {@code orHost}, the GPU's and then host memory's (GPU
   * residency is closed under parents, so host blocks can only follow the GPU's).
   */
  private int walk(long[] hashes, boolean orHost) {
    int n = 0;
    KvRun r = hashes.length == 0 ? null : roots.get(hashes[0]);
    while (r != null && (r.gpu || orHost && r.host)) {
      int m = r.matched(hashes, n);
      n += m;
      if (m < r.len || n == hashes.length) {
        break;
      }
      r = r.child(hashes[n]);
    }
    return n;
  }

  /**
   * Leading trace blocks resident on the GPU, as a router asks it: from the deployment's {@link PrefixIndex} when
   * the cache reports to one (one walk answers every replica), else the cache's own walk — the same answer.
   */
  public int routedGpuPrefix(long[] hashes) {
    if (index == null) {
      return gpuPrefix(hashes);
    }
    int p = index.prefix(slot, hashes);
    assert p == gpuPrefix(hashes) : "the GPU prefix index disagrees with the cache";
    return p;
  }

  /** Reports GPU residency changes to {@code ix} from now on (the cache must hold nothing on the GPU yet). */
  public void joinIndex(PrefixIndex ix) {
    if (index != null || roots.size() > 0) {
      throw new IllegalStateException("a cache joins an index once, empty");
    }
    index = ix;
    slot = ix.acquire();
  }

  /** Stops reporting (the replica is gone): its slot is cleared from the index. */
  public void leaveIndex() {
    if (index != null) {
      index.release(slot);
      index = null;
      slot = -1;
    }
  }

  /** Where the prompt's leading blocks are, tier by tier. */
  public Lookup lookup(long[] hashes) {
    int g = gpuPrefix(hashes);
    int h = hostTier == null ? g : walk(hashes, true);
    int p = h;
    if (pool != null) {
      while (p < hashes.length && pool.contains(hashes[p])) {
        p++;
      }
    }
    return new Lookup(g, h - g, p - h);
  }

  /** Whether the first {@code n} blocks of {@code hashes} are all cached on the GPU and pinned (conservation tests). */
  public boolean pinnedOnGpu(long[] hashes, int n) {
    int i = 0;
    KvRun r = null;
    while (i < n) {
      r = child(r, hashes[i]);
      if (r == null || !r.gpu || r.pins == 0 || r.matched(hashes, i) < Math.min(r.len, n - i)) {
        return false;
      }
      i += r.len;
    }
    return true;
  }

  // ---- memory ----

  /** Reserves {@code blocks} private GPU blocks, evicting unpinned leaves as needed; false if it cannot. */
  public boolean reserve(long blocks) {
    while (gpuUsed + blocks > gpuCapacity && !gpuEvictable.isEmpty()) {
      if (hostTier == null) {
        evictGpuTails(gpuEvictable.first(), blocks);
      } else {
        evictGpu(gpuEvictable.first());
      }
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

  /** The run whose tail is block {@code n - 1} of the cached path {@code hashes} (split there if need be). */
  private KvRun runEndingAt(long[] hashes, int n) {
    KvRun r = null;
    for (int i = 0; i < n; i += r.len) {
      r = heldRunAt(r, hashes, i, n);
    }
    return r;
  }

  /** Pins the first {@code n} trace blocks, which {@link #lookup} found on the GPU, and marks them used. */
  public void pin(long[] hashes, int n, long nowUs) {
    KvRun r = null;
    fragmented = false;
    for (int i = 0; i < n; i += r.len) {
      r = heldRunAt(r, hashes, i, n);
      if (slowHostWrite(r, r.uses + 1)) {
        r = splitFirst(r);
      }
      pinRun(r, nowUs);
    }
    if (fragmented) {
      joinAlong(hashes, n);
    }
  }

  /**
   * Puts trace blocks {@code [from, to)} of a prompt on the GPU and pins them: blocks loaded from a lower tier or
   * just computed. Their owned blocks were reserved by the caller as private; a block another request put there
   * meanwhile is shared and the private copy released. Blocks {@code [0, from)} are pinned by the caller.
   */
  public void commit(long[] hashes, int from, int to, long input, long nowUs) {
    fragmented = false;
    KvRun before = from == 0 ? null : runEndingAt(hashes, from);
    int i = from;
    int gained = to; // GPU residency is closed under parents: the blocks it gains are one tail [gained, to)
    long[] added = null; // the new runs' keys, when they are all the blocks gained
    while (i < to) {
      KvRun r = runAt(before, hashes, i, to);
      if (r == null) {
        long[] keys = addRuns(hashes, i, to, input, before, nowUs);
        if (gained == to) {
          gained = i;
          added = keys;
        }
        break;
      }
      if (slowHostWrite(r, r.uses + 1)) {
        r = splitFirst(r);
      }
      if (r.gpu) {
        assert gained == to : "a GPU block below one that is not";
        gpuUsed -= ownedBlocks(i, i + r.len, input); // computed twice: the copy already cached is used, ours is freed
      } else {
        gained = Math.min(gained, i);
        r.gpu = true;
        if (r.parent != null) {
          r.parent.gpuChildren++;
          refresh(r.parent);
        }
      }
      pinRun(r, nowUs);
      writeThroughPool(r);
      i += r.len;
      before = r;
    }
    KvRun last = lastAdded != null ? lastAdded : before; // ends at `to`; a join keeps it (a child takes its parent)
    lastAdded = null;
    if (fragmented) {
      joinAlong(hashes, to);
    }
    if (index != null && gained < to) {
      PrefixIndex.Run handle = added != null ? index.add(slot, hashes, gained, to, added, 0)
          : index.add(slot, hashes, gained, to);
      for (KvRun x = last; x != null && x.depth + x.len > gained; x = x.parent) { // the runs that gained the GPU
        x.indexed = handle;
      }
    }
  }

  /**
   * New blocks {@code [from, to)} under {@code before}: runs that end only where a block owns a partial share. Returns
   * their keys (one array, never changed).
   */
  private long[] addRuns(long[] hashes, int from, int to, long input, KvRun before, long nowUs) {
    long[] keys = Arrays.copyOfRange(hashes, from, to); // a copy: no request's array is held
    int start = from;
    for (int i = from; i < to; i++) {
      int owned = ownedBlocks(i, input);
      if (i < to - 1 && owned == standardOwned(i)) {
        continue;
      }
      KvRun r = new KvRun();
      r.keys = keys;
      r.offset = start - from;
      r.len = i + 1 - start;
      r.depth = start;
      r.firstId = nextId;
      nextId += r.len;
      r.tailOwned = owned;
      r.parent = before;
      r.attached = true;
      r.gpu = true;
      if (before == null) {
        roots.put(r.firstKey(), r);
      } else {
        before.addChild(r);
        before.gpuChildren++;
        refresh(before);
      }
      // Pinned whole, or — when its host write must evict — a block at a time from the head: the blocks not yet
      // reached are no eviction's candidate (in neither eviction set until pinned, not in host memory), so only the
      // order of the writes matters, as where the per-block statement creates them one by one.
      KvRun rest = r;
      while (slowHostWrite(rest, rest.uses + 1)) {
        KvRun one = splitFirst(rest);
        pinRun(one, nowUs);
        writeThroughPool(one);
      }
      pinRun(rest, nowUs);
      writeThroughPool(rest);
      start = i + 1;
      before = r;
    }
    lastAdded = before;
    return keys;
  }

  /** A finished (or preempted) request lets go of the first {@code n} blocks of its prompt, which it pinned. */
  public void unpin(long[] hashes, int n) {
    KvRun r = null;
    for (int i = 0; i < n; i += r.len) {
      r = heldRunAt(r, hashes, i, n);
      r.pins--;
      refresh(r);
    }
  }

  /** Marks pool blocks {@code [from, to)} used (a load from the pool). */
  public void touchPool(long[] hashes, int from, int to) {
    for (int i = from; i < to; i++) {
      pool.touch(hashes[i]);
    }
  }

  private void writeThroughPool(KvRun r) {
    if (pool != null && pool.write() != WritePolicy.WRITE_BACK) {
      for (int j = 0; j < r.len; j++) {
        pool.put(r.key(j), owned(r, j));
      }
    }
  }

  /** Whether pinning run {@code r} (to {@code usesAfter} uses) writes it to host memory. */
  private boolean writesHost(KvRun r, long usesAfter) {
    return hostTier != null && !r.host && hostTier.write() != WritePolicy.WRITE_BACK
        && (hostTier.write() == WritePolicy.WRITE_THROUGH || usesAfter >= hostTier.selectiveThreshold());
  }

  /** Whether run {@code r}'s host write cannot be made whole: it must evict (or skip) between its blocks. */
  private boolean slowHostWrite(KvRun r, long usesAfter) {
    if (r.len == 1 || !writesHost(r, usesAfter)) {
      return false;
    }
    long cap = hostTier.capacityBlocks();
    boolean eachFits = ceilDiv(traceTokens, engineTokens) + 1 <= cap && r.tailOwned <= cap;
    return !eachFits || hostUsed + owned(r) > cap;
  }

  /** Set when an operation split runs a block at a time: it joins them again along the prompt's path. */
  private boolean fragmented;

  /** Splits off the first block of {@code r} to go alone (see {@link #slowHostWrite}) and returns it. */
  private KvRun splitFirst(KvRun r) {
    fragmented = true;
    return split(r, 1);
  }

  private void pinRun(KvRun r, long nowUs) {
    unlist(r);
    r.pins++;
    r.lastUseUs = Math.max(r.lastUseUs, nowUs);
    r.uses++;
    if (writesHost(r, r.uses)) {
      writeHost(r);
    }
    refresh(r);
  }

  // ---- runs ----

  /**
   * Splits {@code r} before its block {@code k} (0 < k < len) and returns the new head {@code [0, k)}; {@code r}
   * keeps the tail and with it its children and its place (and key) in the eviction sets, which split never changes.
   */
  @Override
  KvRun split(KvRun r, int k) {
    KvRun h = new KvRun();
    h.depth = r.depth;
    h.firstId = r.firstId;
    h.tailOwned = standardOwned(r.depth + k - 1);
    h.attached = r.attached;
    h.pins = r.pins;
    h.gpu = r.gpu;
    h.host = r.host;
    h.lastUseUs = r.lastUseUs;
    h.uses = r.uses;
    h.gpuChildren = r.gpu ? 1 : 0;
    h.hostChildren = r.host ? 1 : 0;
    h.indexed = r.indexed; // a handle on a block after the head's tail serves it too
    splitInto(r, k, h);
    r.depth += k;
    r.firstId += k;
    r.attached = true;
    return h;
  }

  /** Joins {@code p} into its sole child when the two are one split run again in one state; returns the child. */
  private KvRun join(KvRun p) {
    KvRun c = p.soleChild();
    if (c == null || c.keys != p.keys || c.offset != p.offset + p.len || c.firstId != p.firstId + p.len
        || p.tailOwned != standardOwned(p.depth()) || !p.sameState(c) || p.inGpuSet() || p.inHostSet()) {
      return c;
    }
    c.depth = p.depth;
    c.firstId = p.firstId;
    c.attached = p.attached;
    joinInto(p, c);
    return c;
  }

  /** Only where {@code was} is attached: a detached run hangs nowhere. */
  @Override
  void replaceInParent(KvRun was, KvRun now) {
    if (was.attached) {
      super.replaceInParent(was, now);
    }
  }

  /** Joins what a block-at-a-time operation split along the first {@code n} blocks of a prompt's path. */
  private void joinAlong(long[] hashes, int n) {
    KvRun r = hashes.length == 0 || n == 0 ? null : roots.get(hashes[0]);
    int i = 0;
    while (r != null) {
      int m = r.matched(hashes, i);
      if (m < r.len || i + m >= n) {
        return;
      }
      KvRun next = r.child(hashes[i + m]);
      KvRun c = join(r);
      if (c == next && c != null && c.firstId == r.firstId) {
        r = c; // r joined into c: look on from c's (new, longer) start
      } else {
        i += m;
        r = next;
      }
    }
  }

  /**
   * Gives a run that eviction has shortened to under a quarter of its key array an array of its own: a commit's keys
   * stay referenced while any of its blocks is cached, and a replica that keeps the first blocks of many long prompts
   * would otherwise hold all of their keys (copies cost at most a third of what was allocated). The pieces of a split
   * share an array until then, and only pieces of one array are ever joined, so a trimmed run joins no more.
   */
  private static void trim(KvRun r) {
    if (r.len * 4L < r.keys.length) {
      r.keys = Arrays.copyOfRange(r.keys, r.offset, r.offset + r.len);
      r.offset = 0;
    }
  }

  /** Takes a run out of both eviction sets (its key is about to change). */
  private void unlist(KvRun r) {
    if (r.inGpuSet()) {
      gpuEvictable.remove(r);
    }
    if (r.inHostSet()) {
      hostEvictable.remove(r);
    }
  }

  // ---- eviction ----

  /**
   * GPU eviction without a host tier: the tail blocks of {@code r}, the policy's least, leave every tier one after
   * another while they are needed and {@code r}'s next tail is still the least (no set operation between them). Where
   * every block owns the same engine blocks and none is written back to a pool, how many go is counted, not walked
   * ({@link #dropTails}); the blocks, the counts and the state after are the same.
   */
  private void evictGpuTails(KvRun r, long blocks) {
    int end = r.depth + r.len;
    if (evenShare > 0 && !writesBackToPool() && r.len > 1 && dropTails(r, blocks)) {
      unindexTails(r, end);
      gpuEvictable.reorder(r); // still a GPU leaf no one pins: it stays in the set, its tail's keys changed
      return;
    }
    unlist(r);
    while (true) {
      gpuUsed -= r.tailOwned;
      gpuEvictions++;
      if (r.len == 1) {
        writeBackToPool(r);
        r.gpu = false;
        if (r.parent != null) {
          r.parent.gpuChildren--;
          refresh(r.parent);
        }
        unindex(r, end);
        detach(r);
        return;
      }
      dropTail(r);
      if (gpuUsed + blocks <= gpuCapacity || !gpuEvictable.isEmpty() && policy.compare(r, gpuEvictable.first()) > 0) {
        break;
      }
    }
    unindexTails(r, end);
    refresh(r);
  }

  /**
   * {@link #evictGpuTails}'s block-by-block loop in one step, for a run of two or more blocks that each own
   * {@link #evenShare} engine blocks but the tail ({@code tailOwned}): after {@code t} tails went, {@code tailOwned +
   * (t − 1) · evenShare} engine blocks are free, and the loop stops at the first {@code t} where that is enough or
   * {@code r} is no longer before the next run ({@link EvictionPolicy#tailsAhead}). Returns true when it stopped so,
   * with a block or more of {@code r} left; false when every block but the first went and the first is to go too
   * (the loop's last step, left to it). The key array is trimmed once, at the end, not after each block: the same
   * keys, in an array no longer than the last of the block-by-block copies. {@code r} is still in the GPU set, first:
   * the next run is the set's second.
   */
  private boolean dropTails(KvRun r, long blocks) {
    long wanted = gpuUsed - r.tailOwned + blocks - gpuCapacity; // engine blocks still wanted once the tail is gone
    long byNeed = wanted <= 0 ? 1 : 1 + Math.ceilDiv(wanted, evenShare);
    KvRun next = gpuEvictable.second(); // r is the first
    long byOrder = next == null ? Long.MAX_VALUE : policy.tailsAhead(r, next) + 1L;
    long stop = Math.min(byNeed, byOrder);
    int k = (int) Math.min(stop, r.len - 1);
    gpuUsed -= r.tailOwned + (long) (k - 1) * evenShare;
    gpuEvictions += k;
    r.len -= k;
    r.tailOwned = evenShare;
    if (k < stop) {
      return false;
    }
    trim(r);
    return true;
  }

  private boolean writesBackToPool() {
    return pool != null && pool.write() == WritePolicy.WRITE_BACK;
  }

  /**
   * The index forgets the slot's blocks from {@code r}'s head to {@code end} ({@code r} leaves the GPU whole, with
   * what followed it there): its handle goes, and the parent keeps the one the removal returns, on its tail.
   */
  private void unindex(KvRun r, int end) {
    if (index != null) {
      PrefixIndex.Run before = index.remove(slot, r.indexed, r.depth, end);
      r.indexed = null;
      if (r.parent != null) {
        r.parent.indexed = before;
      }
    }
  }

  /**
   * The index forgets the slot's blocks from {@code r}'s new end to {@code end}, where it ended before its tails left
   * the GPU: its handle moves to the block that is now its tail.
   */
  private void unindexTails(KvRun r, int end) {
    if (index != null) {
      r.indexed = index.remove(slot, r.indexed, r.depth + r.len, end);
    }
  }

  /** GPU eviction of {@code r}'s tail block, block by block (a host tier below takes or keeps it). */
  private void evictGpu(KvRun r) {
    unlist(r);
    if (r.len > 1) {
      split(r, r.len - 1);
    }
    unindex(r, r.depth + r.len);
    r.gpu = false;
    gpuUsed -= r.tailOwned;
    gpuEvictions++;
    if (r.parent != null) {
      r.parent.gpuChildren--;
      refresh(r.parent);
    }
    if (hostTier != null && !r.host && hostTier.write() == WritePolicy.WRITE_BACK) {
      writeHost(r);
    }
    leaveLocal(r);
    if (r.attached && r.host) {
      join(r); // into the host-only tail below it, evicted before it
    }
  }

  /** Writes a run to host memory: whole when it fits, else (a single block) after evicting what it must. */
  private void writeHost(KvRun r) {
    long b = owned(r);
    if (b > hostTier.capacityBlocks()) {
      return;
    }
    while (hostUsed + b > hostTier.capacityBlocks() && !hostEvictable.isEmpty()) {
      evictHost(hostEvictable.first());
    }
    if (hostUsed + b > hostTier.capacityBlocks()) {
      return;
    }
    r.host = true;
    hostUsed += b;
    hostWrites += r.len;
    if (r.parent != null) {
      r.parent.hostChildren++;
      refresh(r.parent);
    }
    refresh(r);
  }

  /** Host eviction of {@code r}'s tail block. */
  private void evictHost(KvRun r) {
    unlist(r);
    if (r.len > 1 && r.gpu) {
      split(r, r.len - 1); // the tail stays on the GPU alone
    }
    if (r.len > 1) { // in host memory only: the tail leaves every tier, the run is one block shorter
      hostUsed -= r.tailOwned;
      hostEvictions++;
      dropTail(r);
      refresh(r);
      return;
    }
    r.host = false;
    hostUsed -= r.tailOwned;
    hostEvictions++;
    if (r.parent != null) {
      r.parent.hostChildren--;
      refresh(r.parent);
    }
    leaveLocal(r);
  }

  /** A single-block run in neither local tier goes to the pool (write-back) and leaves the tree. */
  private void leaveLocal(KvRun r) {
    if (r.gpu || r.host) {
      refresh(r);
      return;
    }
    writeBackToPool(r);
    detach(r);
  }

  /** The tail block of {@code r} leaves every tier: to the pool under its write-back, and out of the run. */
  private void dropTail(KvRun r) {
    writeBackToPool(r);
    r.len--;
    r.tailOwned = standardOwned(r.depth());
    trim(r);
  }

  /** A tail block leaving the last local tier goes to the shared pool, if its policy is write-back. */
  private void writeBackToPool(KvRun r) {
    if (writesBackToPool()) {
      pool.put(r.tailKey(), r.tailOwned);
    }
  }

  @Override
  void detach(KvRun r) {
    if (r.attached) {
      super.detach(r);
      r.attached = false;
    }
  }

  private void refresh(KvRun n) {
    boolean g = n.gpu && n.pins == 0 && n.gpuChildren == 0;
    if (g != n.inGpuSet()) {
      if (g) {
        gpuEvictable.add(n);
      } else {
        gpuEvictable.remove(n);
      }
    }
    boolean h = n.host && n.hostChildren == 0;
    if (h != n.inHostSet()) {
      if (h) {
        hostEvictable.add(n);
      } else {
        hostEvictable.remove(n);
      }
    }
  }

  /** Runs the tree holds (tests: a session's turns are one run each). */
  int runs() {
    long[] n = {0};
    forEachRun(r -> n[0]++);
    return (int) n[0];
  }

  /** Engine blocks of the cached blocks on the GPU (tests: with the private blocks reserved, the memory used). */
  long cachedGpuBlocks() {
    long[] n = {0};
    forEachRun(r -> n[0] += r.gpu ? owned(r) : 0);
    return n[0];
  }

  private void forEachRun(java.util.function.Consumer<KvRun> action) {
    java.util.ArrayDeque<KvRun> todo = new java.util.ArrayDeque<>();
    roots.forEachValue(todo::push);
    while (!todo.isEmpty()) {
      KvRun r = todo.pop();
      action.accept(r);
      r.forEachChild(todo::push);
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

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
