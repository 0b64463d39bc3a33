package io.replaygate.replay.byoc.kv;

import io.replaygate.replay.core.PrefixTree;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Which holders hold which prompt prefixes, for a router that asks every replica about every request: one radix tree
 * over the union of the holders' paths, each run carrying the set of holders (their slots) that hold all of it, fed by
 * the holders' changes. Two kinds of holder feed one: the replicas' GPU caches, as NVIDIA Dynamo's KV-event indexer
 * sees them ({@link KvCache} reports a commit's gained range and a GPU eviction's lost tail), and what the llm-d
 * endpoint picker remembers sending to each replica (its per-replica {@code PrefixTree}s report blocks added and
 * forgotten). A router's question — how many leading blocks of this prompt does each replica hold? — is one walk of
 * the prompt for every slot, instead of one walk per replica.
 *
 * <p><b>Exact.</b> A slot's answer is the depth at which its bit first fails along the prompt's path — what the
 * holder's own walk answers ({@link KvCache#routedGpuPrefix} and the picker assert it; surefire runs with assertions
 * on). Runs split where a change's range ends inside them and join again when a run and its sole child are held by
 * the same slots and continue one key array; a run no slot holds stays while it has children (a path) and leaves the
 * tree when it has none.
 *
 * <p>One walk answers for every slot at once and is kept until the next change ({@link #prefix}): the router asks
 * every candidate about one request between two changes.
 *
 * <p><b>Handles.</b> A holder's removals are found from the tail, not the root: {@link #add} returns the run holding
 * the range's last block, and {@link #remove(int, Run, int, int)} climbs from such a handle to the blocks it removes
 * (each run knows its depth; a split leaves the tail in the old run, under the new head; a joined run forwards to the
 * child that took its blocks), then returns a handle on the block before them. A GPU cache keeps one on each run, the
 * picker's memory on each of its tree's runs. An eviction ends a path of thousands of blocks: walking down to it
 * rebuilt the path and looked up every run on the way, about a tenth of the week's CPU.
 */
public final class PrefixIndex extends RadixTree<PrefixIndex.Run> {
  private static final long[] NO_BITS = new long[0];

  /**
   * A run of the union tree, held (all of it) by the slots in {@code bits}. Its blocks are at depths
   * {@code [depth, depth + len)} of their path. A run joined into its child forwards to it ({@code joinedInto}), so a
   * holder's handle on a run ({@link #add} returns one) still leads to the blocks after the tree changed.
   */
  static final class Run extends RadixRun<Run> {
    long[] bits = NO_BITS;
    int depth;
    Run joinedInto;
  }

  private final BitSet slots = new BitSet();
  /** Changes so far: an answer computed at one version holds until the next. */
  private long version;
  private long[] memoKey;
  private long memoVersion = -1;
  private int[] memo = new int[64];

  /** A slot for a new replica (whose cache is empty). */
  public int acquire() {
    int s = slots.nextClearBit(0);
    slots.set(s);
    if (s >= memo.length) {
      memo = Arrays.copyOf(memo, Math.max(memo.length * 2, s + 1));
    }
    version++;
    return s;
  }

  /** A replica leaves: its slot is cleared from every run (runs no one holds and without children go) and freed. */
  public void release(int slot) {
    List<Run> all = new ArrayList<>();
    ArrayDeque<Run> todo = new ArrayDeque<>();
    roots.forEachValue(todo::push);
    while (!todo.isEmpty()) {
      Run r = todo.pop();
      all.add(r);
      clear(r, slot);
      r.forEachChild(todo::push);
    }
    for (int i = all.size() - 1; i >= 0; i--) { // descendants before their ancestors
      Run r = all.get(i);
      if (empty(r.bits) && !r.hasChildren()) {
        detach(r);
      }
    }
    slots.clear(slot);
    version++;
  }

  /**
   * Slot {@code slot} now holds blocks {@code [from, to)} of {@code path}. Returns a handle on block {@code to − 1}
   * ({@code null} for an empty range): {@link #remove(int, Run, int, int)} finds from it the blocks before it that the
   * slot has held since, without walking the path from the root.
   */
  public Run add(int slot, long[] path, int from, int to) {
    return add(slot, path, from, to, null, 0);
  }

  /**
   * As {@link #add(int, long[], int, int)}, where {@code own[ownAt + j] == path[from + j]} over the range: the holder's
   * own array, never changed, which runs the index creates for the range share rather than copy.
   */
  public Run add(int slot, long[] path, int from, int to, long[] own, int ownAt) {
    if (from >= to) {
      return null;
    }
    version++;
    Run first = null;
    Run before = null;
    long[] fresh = null;
    int freshAt = 0;
    int i = 0;
    while (i < to) {
      int end = i < from ? from : to;
      // what lies before the range is held: no key past a run's first is compared
      Run r = i >= from ? runAt(before, path, i, end) : heldRunAt(before, path, i, end);
      if (r == null) {
        if (fresh == null && own != null && i >= from) { // what is missing is missing to the end: one array
          fresh = own;
          freshAt = from - ownAt;
        } else if (fresh == null) { // a copy: no request's array is held
          fresh = Arrays.copyOfRange(path, i, to);
          freshAt = i;
        }
        r = new Run();
        r.keys = fresh;
        r.offset = i - freshAt;
        r.len = end - i;
        r.depth = i;
        r.parent = before;
        if (before == null) {
          roots.put(r.firstKey(), r);
        } else {
          before.addChild(r);
        }
      }
      if (i >= from) {
        set(r, slot);
      }
      i += r.len;
      before = r;
      if (i == from) {
        first = r;
      }
    }
    joinAlong(first != null ? first : roots.get(path[from]), to);
    return before;
  }

  /**
   * Slot {@code slot} no longer holds blocks {@code [from, to)} of its path, found from {@code handle}: what
   * {@link #add} returned when the slot gained block {@code to − 1} or one after it on the path, the blocks from there
   * back to {@code from} held by the slot ever since. It walks up from block {@code to − 1}, not down from the root: a
   * GPU eviction's blocks end a long path, and a forgotten route's are in it. Returns a handle on block
   * {@code from − 1} ({@code null} at the root): the holder's next removal along the path starts there, not again
   * from the old handle.
   */
  public Run remove(int slot, Run handle, int from, int to) {
    if (from >= to) {
      return handle;
    }
    version++;
    assert handle != null : "no handle on the slot's blocks";
    Run x = locate(handle, to - 1);
    if (x.depth + x.len > to) {
      x = split(x, to - x.depth); // the head, [x.depth, to)
    }
    assert has(x, slot) : "the slot does not hold the blocks the handle leads to";
    Run deepest = x;
    while (true) {
      if (x.depth < from) {
        split(x, from - x.depth); // x keeps [from, ...)
      }
      clear(x, slot);
      if (x.depth == from) {
        break;
      }
      x = x.parent;
    }
    Run first = x.parent;
    prune(deepest);
    joinAlong(first != null ? first : roots.get(x.firstKey()), to); // at a root: x, unless pruned
    return first;
  }

  /** The run holding the block at {@code depth} on the path through {@code r} (which holds it or one below it). */
  private static Run locate(Run r, int depth) {
    Run x = r;
    while (true) {
      while (x.joinedInto != null) {
        x = x.joinedInto;
      }
      if (x.depth <= depth) {
        return x;
      }
      x = x.parent;
    }
  }

  private static boolean has(Run r, int slot) {
    return (word(r.bits, slot >>> 6) & 1L << slot) != 0;
  }

  /** Detaches {@code r} and each parent it leaves a leaf while no slot holds them; gives the new end its own keys. */
  private void prune(Run r) {
    while (r != null && empty(r.bits) && !r.hasChildren()) {
      detach(r);
      r = r.parent;
    }
    if (r != null && r.len * 4L < r.keys.length && !r.hasChildren()) {
      // the new end of a path pruned short: its own array, so the one it shared (perhaps a holder's) can go
      r.keys = Arrays.copyOfRange(r.keys, r.offset, r.offset + r.len);
      r.offset = 0;
    }
  }

  /** What feeds slot {@code slot} from a {@link PrefixTree} (its blocks gaining and losing entries). */
  public PrefixTree.Listener listener(int slot) {
    return new PrefixTree.Listener() {
      @Override
      public Object added(long[] path, int from, int to, long[] own, int ownAt) {
        return add(slot, path, from, to, own, ownAt);
      }

      @Override
      public Object removed(Object handle, int from, int to) {
        return remove(slot, (Run) handle, from, to);
      }
    };
  }

  /**
   * Leading blocks of {@code hashes} slot {@code slot} holds. The walk answers for every slot and is
   * kept until the next change.
   */
  public int prefix(int slot, long[] hashes) {
    if (hashes != memoKey || version != memoVersion) {
      walk(hashes);
      memoKey = hashes;
      memoVersion = version;
    }
    return memo[slot];
  }

  /** Fills {@link #memo}: each slot's depth where its bit first fails along {@code h}'s path. */
  private void walk(long[] h) {
    Arrays.fill(memo, 0);
    int n = 0;
    long[] alive = null; // the slots holding every block so far
    Run r = h.length == 0 ? null : roots.get(h[0]);
    while (r != null) {
      if (alive == null) {
        alive = scratch(r.bits.length);
        System.arraycopy(r.bits, 0, alive, 0, r.bits.length);
      } else if (!keep(alive, r.bits, n)) {
        return;
      }
      int m = r.matched(h, n);
      n += m;
      if (m < r.len || n == h.length) {
        break;
      }
      r = r.child(h[n]);
    }
    if (alive != null) {
      keep(alive, NO_BITS, n);
    }
  }

  /** Slots alive but not in {@code next} hold exactly the first {@code n} blocks; the rest stay. False if none do. */
  private boolean keep(long[] alive, long[] next, int n) {
    boolean any = false;
    for (int w = 0; w < alive.length; w++) {
      long a = alive[w];
      long k = a & word(next, w);
      long d = a & ~k;
      while (d != 0) {
        memo[(w << 6) + Long.numberOfTrailingZeros(d)] = n;
        d &= d - 1;
      }
      alive[w] = k;
      any |= k != 0;
    }
    return any;
  }

  private long[] aliveScratch = new long[1];

  /** A zeroed array of at least {@code words} words for the walk. */
  private long[] scratch(int words) {
    if (aliveScratch.length < words) {
      aliveScratch = new long[words];
    }
    Arrays.fill(aliveScratch, 0);
    return aliveScratch;
  }

  // ---- tree ----

  /** Splits {@code r} before its block {@code k}: the head holds the same slots. */
  @Override
  Run split(Run r, int k) {
    Run h = new Run();
    h.bits = r.bits.clone();
    h.depth = r.depth;
    r.depth += k;
    return splitInto(r, k, h);
  }

  /**
   * Joins, along the runs a change touched (from {@code p}, the one ending before it or, at a root, the first, down to
   * the child after block {@code to − 1}), each run into its sole child where the two continue one key array and are
   * held by the same slots.
   */
  private void joinAlong(Run p, int to) {
    while (p != null && p.depth < to) {
      Run c = p.soleChild();
      if (c == null) {
        return;
      }
      if (c.keys == p.keys && c.offset == p.offset + p.len && sameSlots(p.bits, c.bits)) {
        c.depth = p.depth;
        joinInto(p, c);
        p.joinedInto = c;
      }
      p = c;
    }
  }

  // ---- slot sets ----

  private static long word(long[] bits, int w) {
    return w < bits.length ? bits[w] : 0;
  }

  private static boolean empty(long[] bits) {
    for (long b : bits) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether two sets hold the same slots (of any widths: missing words are empty). */
  private static boolean sameSlots(long[] a, long[] b) {
    for (int w = 0, n = Math.max(a.length, b.length); w < n; w++) {
      if (word(a, w) != word(b, w)) {
        return false;
      }
    }
    return true;
  }

  private static void set(Run r, int slot) {
    int w = slot >>> 6;
    if (w >= r.bits.length) {
      r.bits = Arrays.copyOf(r.bits, w + 1);
    }
    r.bits[w] |= 1L << slot;
  }

  private static void clear(Run r, int slot) {
    int w = slot >>> 6;
    if (w < r.bits.length) {
      r.bits[w] &= ~(1L << slot);
    }
  }

  // ---- tests ----

  /** Runs in the tree. */
  int runs() {
    int[] n = {0};
    ArrayDeque<Run> todo = new ArrayDeque<>();
    roots.forEachValue(todo::push);
    while (!todo.isEmpty()) {
      Run r = todo.pop();
      n[0]++;
      r.forEachChild(todo::push);
    }
    return n[0];
  }

  /**
   * No run without holders and children, each run at the depth where its parent ends and none joined still in the tree;
   * with {@code closed}, every run's set within its parent's (tests).
   */
  void checkInvariants(boolean closed) {
    ArrayDeque<Run> todo = new ArrayDeque<>();
    roots.forEachValue(todo::push);
    while (!todo.isEmpty()) {
      Run r = todo.pop();
      if (r.len < 1) {
        throw new AssertionError("empty run");
      }
      if (empty(r.bits) && !r.hasChildren()) {
        throw new AssertionError("a run no slot holds is a leaf");
      }
      if (r.depth != (r.parent == null ? 0 : r.parent.depth + r.parent.len) || r.joinedInto != null) {
        throw new AssertionError("a run's depth is not where its parent ends, or it was joined and is still there");
      }
      r.forEachChild(todo::push);
    }
    if (closed && !closedUnderParents()) {
      throw new AssertionError("a run held by a slot its parent is not");
    }
  }

  /** Whether every run's set is within its parent's (tests). */
  boolean closedUnderParents() {
    ArrayDeque<Run> todo = new ArrayDeque<>();
    roots.forEachValue(todo::push);
    while (!todo.isEmpty()) {
      Run r = todo.pop();
      if (r.parent != null) {
        for (int w = 0; w < r.bits.length; w++) {
          if ((r.bits[w] & ~word(r.parent.bits, w)) != 0) {
            return false;
          }
        }
      }
      r.forEachChild(todo::push);
    }
    return true;
  }
}
