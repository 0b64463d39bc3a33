package io.replaygate.replay.core;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Cached prompt prefixes as a radix tree of runs: the store behind every prefix-matching family. Its answers are,
 * block for block, those of a store with one entry per block hash (tests hold it to such a model): an
 * entry is readable from {@code readableUs} until it expires, {@code ttlUs} after its last use and never after
 * {@code createdUs + capUs}; with a capacity the least recently used blocks go first; an expired block is removed when
 * a walk meets it or when the store is purged.
 *
 * <p><b>Runs.</b> A run is a stretch of consecutive blocks of one prefix whose entries have equal state (times, TTL,
 * uses) and, in a bounded store, are consecutive in recency order, least recent first. Every operation applies the
 * same change to a range of a prompt's blocks, so blocks that were equal stay equal, and a run is split only where a
 * range starts or ends inside it. A prompt written turn after turn is one run per turn: its state is one object, its
 * blocks 8 bytes each (the keys), and a walk costs a comparison of key arrays per run — not a probe, an entry and a
 * list move per block, which is what a store of per-block entries pays (about 100 bytes and a cache miss per block at
 * tens of millions of blocks).
 *
 * <p><b>Keys.</b> A child is found by its first key under its parent, so a block is known by its whole prefix; the
 * trace schema makes that the same as its hash alone ({@code block_hashes[i]} names the prefix up to block i: equal
 * values, equal prefixes).
 *
 * <p><b>Dead runs.</b> A run whose entries were removed (expired, evicted) or never written (the path to a block
 * written alone) stays only while a live run hangs below it; a dead leaf is pruned at once.
 */
public final class PrefixTree {
  /** No expiry. */
  public static final long FOREVER = Long.MAX_VALUE / 4;

  /** Told which blocks gain entries and which lose them: blocks {@code [from, to)} of the path {@code path}. */
  public interface Listener {
    /**
     * Blocks {@code [from, to)} of {@code path} gain entries; {@code path[0, to)} are the keys from the root (the
     * written prompt's own array, which may run on past {@code to}: read it, never keep it). {@code own[ownAt ..]}
     * holds the same keys: an array the tree keeps (other caches may too), never changed. Returns a handle the listener
     * is given back when any of these blocks loses its entry: a handle on block {@code to − 1}, or one after it,
     * serves for the blocks before it on the path that kept their entries since.
     */
    Object added(long[] path, int from, int to, long[] own, int ownAt);

    /**
     * Blocks {@code [from, to)} (depths) lose their entries: a handle {@link #added} returned for them, or after.
     * Returns a handle on block {@code from − 1} (any, while that block keeps its entry).
     */
    Object removed(Object handle, int from, int to);
  }

  /** A run of blocks with one state: an edge of the tree, and (when live) an element of the recency list. */
  private static class Run extends CacheEntryState<Run> {
    /**
     * The run's keys are {@code keys[from, to)}; the pieces of a split share the array until one of them leaves the
     * tree ({@link #prune}).
     */
    private long[] keys;
    private int from;
    private int to;
    private Run parent;
    /** The only child, when there is exactly one. */
    private Run only;
    /** The children by first key, once there were two. */
    private LongObjectMap<Run> many;

    private Run(long[] keys, int from, int to) {
      this.keys = keys;
      this.from = from;
      this.to = to;
    }

    /**
     * Holds no entries: removed, or a path only. A live run was written at least once, so no flag is kept: a run is
     * dead while {@code uses} is 0 (a new run's, and what {@link #kill} sets), which keeps it at 80 bytes, not 88.
     */
    boolean dead() {
      return uses == 0;
    }

    int length() {
      return to - from;
    }

    private long firstKey() {
      return keys[from];
    }

    private Run child(long key) {
      if (many != null) {
        return many.get(key);
      }
      return only != null && only.keys[only.from] == key ? only : null;
    }

    private void addChild(Run c) {
      c.parent = this;
      if (many != null) {
        many.put(c.firstKey(), c);
      } else if (only == null) {
        only = c;
      } else {
        many = new LongObjectMap<>(2);
        many.put(only.firstKey(), only);
        many.put(c.firstKey(), c);
        only = null;
      }
    }

    /** {@code c} takes the place of the child with its first key. */
    private void replaceChild(Run c) {
      c.parent = this;
      if (many != null) {
        many.put(c.firstKey(), c);
      } else {
        only = c;
      }
    }

    private void removeChild(Run c) {
      if (many != null) {
        many.remove(c.firstKey());
      } else {
        only = null;
      }
      c.parent = null;
    }

    private boolean leaf() {
      return only == null && (many == null || many.size() == 0);
    }

  }

  /**
   * A run of a listened tree: also its first block's depth, and the listener's handle on its last block or one after
   * it (what a removal is reported with, without rebuilding the path from the root). Only listened trees pay for the
   * two fields.
   */
  private static final class ListenedRun extends Run {
    private int depth;
    private Object handle;

    private ListenedRun(long[] keys, int from, int to, int depth) {
      super(keys, from, to);
      this.depth = depth;
    }
  }

  private final Run root = new Run(new long[0], 0, 0);
  private final boolean accessOrder;
  private final long capacity;
  /** Live runs: by access when bounded (least recent first), else by creation. */
  private final RecencyList<Run> order = new RecencyList<>();
  private long size;
  private long runs;
  /**
   * The fewest blocks, live and expired, at which a tree looks for expired runs to drop ({@link #nextPurgeAt}). A
   * floor of 65,536 let each of the many small provider caches (one per machine, per path) keep up to that many
   * expired blocks. The cache package's {@code BlockStore} purges on the same schedule (both are held to one model).
   */
  public static final long PURGE_FLOOR = 1 << 12;
  private long purgeAt = PURGE_FLOOR;

  /**
   * The size, live and expired blocks, at which a store whose last look for expired entries left {@code left} looks
   * again: each look's walk is paid for by the blocks added since.
   * <ul>
   *   <li><b>Unbounded</b> (every provider's TTL cache): at an eighth more than the look left, so expired blocks are
   *       at most about a ninth of what the store holds. When to drop them changes no answer — an expired block is
   *       gone to every lookup whether dropped or not — only memory: at twice, a 24-hour cache could carry up to a
   *       day of expired blocks beside its live day, and such a sawtooth set a 10-million-request week's peak heap
   *       (README).</li>
   *   <li><b>Bounded</b>: at twice. Here the look is part of the semantics: an expired block counts against the
   *       capacity until it is dropped, so when it is dropped decides which live blocks the LRU evicts.</li>
   * </ul>
   * Never below {@link #PURGE_FLOOR}.
   */
  public static long nextPurgeAt(long left, boolean bounded) {
    return Math.max(PURGE_FLOOR, bounded ? 2L * left : left + left / 8);
  }

  /** @param capacityBlocks at most this many live blocks (least recently used beyond), or {@code Long.MAX_VALUE} */
  public PrefixTree(long capacityBlocks) {
    this.capacity = capacityBlocks;
    this.accessOrder = capacityBlocks != Long.MAX_VALUE;
  }

  public static PrefixTree unbounded() {
    return new PrefixTree(Long.MAX_VALUE);
  }

  /** Live blocks (expired ones not yet removed included), as a store of per-block entries counts them. */
  public long size() {
    return size;
  }

  /** Runs in the tree, live or dead (its memory: one object each, beside 8 bytes per block). */
  public long runs() {
    return runs;
  }

  /**
   * How many leading blocks of {@code keys} (at most {@code max}) are cached and readable at {@code nowUs}: the
   * longest cached prefix.
   */
  public int matchPrefix(long[] keys, int max, long nowUs) {
    return leading(keys, Math.min(max, keys.length), nowUs, Integer.MIN_VALUE);
  }

  /**
   * How many leading blocks of {@code keys} are live at {@code nowUs} (readable or not) with at least
   * {@code minUses} uses each.
   */
  public int usedPrefix(long[] keys, int minUses, long nowUs) {
    return leading(keys, keys.length, nowUs, minUses);
  }

  /**
   * The leading live blocks that are readable ({@code minUses} = {@code Integer.MIN_VALUE}) or have {@code minUses}
   * uses. As a per-block store: each block found is used (moved to the tail when bounded), including the one that
   * ends the prefix; the first expired block met is removed.
   */
  private int leading(long[] keys, int n, long nowUs, int minUses) {
    Run at = root;
    int i = 0;
    while (i < n) {
      Run r = at.child(keys[i]);
      if (r == null || r.dead()) {
        break;
      }
      if (r.expiresUs() <= nowUs) {
        Run first = head(r, 1);
        kill(first);
        prune(first);
        break;
      }
      boolean ends = minUses == Integer.MIN_VALUE ? r.readableUs > nowUs : r.uses < minUses;
      if (ends) {
        if (accessOrder) {
          order.moveToTail(head(r, 1));
        }
        break;
      }
      int m = agree(r, keys, i, n);
      boolean whole = m == r.length();
      if (accessOrder) {
        order.moveToTail(whole ? r : head(r, m));
      }
      i += m;
      if (!whole) {
        break;
      }
      at = r;
    }
    return i;
  }

  /**
   * How many leading blocks of {@code keys} are held, expired or not, without using them: with {@link #addAll}, the
   * tree is a set of prompt prefixes, the least recently added dropped first beyond its capacity (what an
   * access-ordered {@code LinkedHashMap} of block hashes does, a run at a time).
   */
  public int held(long[] keys) {
    Run at = root;
    int i = 0;
    while (i < keys.length) {
      Run r = at.child(keys[i]);
      if (r == null || r.dead()) {
        break;
      }
      int m = agree(r, keys, i, keys.length);
      i += m;
      if (m < r.length()) {
        break;
      }
      at = r;
    }
    return i;
  }

  /** Adds every block of {@code keys} as the most recent, in order, none ever expiring (see {@link #held}). */
  public void addAll(long[] keys) {
    addAll(keys, KeyCopies.PRIVATE);
  }

  /** As {@link #addAll(long[])}, a new run's keys from {@code copies}. */
  public void addAll(long[] keys, KeyCopies copies) {
    write(keys, 0, keys.length, 0, 0, FOREVER, FOREVER, copies);
  }

  /** Marks the first {@code n} blocks used at {@code nowUs} (TTL refreshed), those that are there. */
  public void touch(long[] keys, int n, long nowUs) {
    Run at = root;
    int i = 0;
    while (i < n) {
      Run r = at.child(keys[i]);
      if (r == null) {
        break;
      }
      int m = agree(r, keys, i, n);
      boolean whole = m == r.length();
      if (!r.dead() && (accessOrder || r.lastUseUs < nowUs)) {
        Run piece = whole ? r : head(r, m);
        piece.lastUseUs = Math.max(piece.lastUseUs, nowUs);
        if (accessOrder) {
          order.moveToTail(piece);
        }
      }
      i += m;
      if (!whole) {
        break;
      }
      at = r;
    }
  }

  /**
   * Writes blocks {@code [from, to)} of {@code keys}: new entries become readable at {@code readableUs}; an entry
   * already there keeps its earlier readable time and takes the longer TTL.
   */
  public void write(long[] keys, int from, int to, long nowUs, long readableUs, long ttlUs, long capUs) {
    write(keys, from, to, nowUs, readableUs, ttlUs, capUs, KeyCopies.PRIVATE);
  }

  /**
   * As {@link #write(long[], int, int, long, long, long, long)}, a new run's keys from {@code copies} (a request's
   * {@link Request#keyCopies()}: the same range of the same request is then one array in every cache that keeps it).
   */
  public void write(long[] keys, int from, int to, long nowUs, long readableUs, long ttlUs, long capUs,
      KeyCopies copies) {
    Run at = root;
    int i = 0;
    while (i < to) {
      Run r = at.child(keys[i]);
      if (r == null) {
        break;
      }
      int m = agree(r, keys, i, to);
      boolean whole = m == r.length();
      Run followed = whole ? r : head(r, m); // this prompt's blocks [i, i + m); r keeps the rest
      if (i + m > from) {
        if (i < from) {
          head(followed, from - i); // followed keeps [from, i + m)
        }
        put(followed, nowUs, readableUs, ttlUs, capUs, keys, i + m);
      }
      i += m;
      at = followed;
      if (!whole) {
        break;
      }
    }
    if (i < to) {
      if (i < from) {
        at = attach(at, copies.copy(keys, i, from)); // the path to the written blocks, holding no entries
        i = from;
      }
      Run fresh = attach(at, copies.copy(keys, i, to));
      create(fresh, nowUs, readableUs, ttlUs, capUs, keys, to);
    }
    trim(nowUs);
  }

  /**
   * One write's change to a run of existing blocks, or their creation where they are gone or expired; the run ends at
   * block {@code end} of the written prompt {@code keys}.
   */
  private void put(Run r, long nowUs, long readableUs, long ttlUs, long capUs, long[] keys, int end) {
    if (!r.dead() && r.expiresUs() <= nowUs) {
      kill(r);
    }
    if (r.dead()) {
      create(r, nowUs, readableUs, ttlUs, capUs, keys, end);
      return;
    }
    r.rewrite(nowUs, readableUs, ttlUs);
    if (accessOrder) {
      order.moveToTail(r);
    }
  }

  /**
   * Gives a dead run new entries. It ends at block {@code end} of the prompt being written, {@code keys}: the keys from
   * the root to its end are {@code keys[0, end)}, the path the listener is told (a write only creates runs along it).
   */
  private void create(Run r, long nowUs, long readableUs, long ttlUs, long capUs, long[] keys, int end) {
    r.create(nowUs, readableUs, ttlUs, capUs);
    order.append(r);
    size += r.length();
    if (listener != null) {
      ((ListenedRun) r).handle = listener.added(keys, end - r.length(), end, r.keys, r.from);
    }
  }

  /** A new dead run of {@code keys} (the tree's to keep, never changed) under {@code parent}. */
  private Run attach(Run parent, long[] keys) {
    Run r = listener == null ? new Run(keys, 0, keys.length) // dead: never written
        : new ListenedRun(keys, 0, keys.length, parent == root ? 0 : ((ListenedRun) parent).depth + parent.length());
    parent.addChild(r);
    runs++;
    return r;
  }

  /** Removes a live run's entries; the run stays in the tree (see {@link #prune}). */
  private void kill(Run r) {
    r.uses = 0; // dead
    order.unlink(r);
    size -= r.length();
    if (listener != null) {
      ListenedRun l = (ListenedRun) r;
      Object before = listener.removed(l.handle, l.depth, l.depth + r.length());
      l.handle = null;
      if (r.parent instanceof ListenedRun p && !p.dead()) {
        p.handle = before; // on its last block, which keeps its entry
      }
    }
  }

  /** Reports every change of which blocks hold entries to {@code l} from now on (the tree must be empty). */
  public void listen(Listener l) {
    if (listener != null || runs > 0) {
      throw new IllegalStateException("a tree is listened to once, empty");
    }
    listener = l;
  }

  private Listener listener;
  /**
   * Drops a dead leaf, and each dead parent it leaves a leaf; then the pieces of the last dropped run's key array that
   * stay (the split pieces above it) move to an array of their own, so the dropped keys go with the run. Without that
   * a run cut by an eviction or an expiry kept its whole array: on a million requests of the 10M week about 5% of
   * the provider caches' key bytes.
   */
  private void prune(Run r) {
    long[] dropped = null;
    while (r != root && r.dead() && r.leaf()) {
      Run p = r.parent;
      p.removeChild(r);
      runs--;
      dropped = r.keys;
      r = p;
    }
    if (dropped != null && r.keys == dropped) {
      ownKeys(r);
    }
  }

  /**
   * Moves {@code last} and the pieces above it that share its key array (a split's pieces hang one under the other)
   * to one new array holding just their keys; the old array, which a listener or another cache may keep, is not changed.
   */
  private void ownKeys(Run last) {
    long[] shared = last.keys;
    Run top = last;
    while (top.parent != root && top.parent.keys == shared) {
      top = top.parent;
    }
    int lo = top.from;
    long[] own = Arrays.copyOfRange(shared, lo, last.to);
    for (Run x = last; ; x = x.parent) {
      x.keys = own;
      x.from -= lo;
      x.to -= lo;
      if (x == top) {
        break;
      }
    }
  }

  /** The key arrays the tree's runs hold, each once, the root's empty one aside (tests: which arrays trees share). */
  Set<long[]> keyArrays() {
    Set<long[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
    forEachRun(r -> {
      if (r != root) {
        arrays.add(r.keys);
      }
    });
    return arrays;
  }

  /**
   * Bytes of the tree's key arrays that no run reads: the arrays' lengths, each array once, less the runs' blocks
   * (live runs and dead paths). Zero once {@link #prune} gives what stays of a dropped run's array its own.
   */
  long unreadKeyBytes() {
    long[] blocks = {0};
    forEachRun(r -> blocks[0] += r.length());
    return 8 * (keyArrays().stream().mapToLong(a -> a.length).sum() - blocks[0]);
  }

  /** Every run, the root's placeholder included. */
  private void forEachRun(java.util.function.Consumer<Run> action) {
    ArrayDeque<Run> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      Run r = todo.pop();
      action.accept(r);
      if (r.only != null) {
        todo.push(r.only);
      } else if (r.many != null) {
        r.many.forEachValue(todo::push);
      }
    }
  }

  /**
   * Splits off the first {@code k} blocks of {@code r} (0 &lt; k &lt; its length) as a run of their own, in
   * {@code r}'s place, and returns it; {@code r} keeps the rest, with its children, under the new run.
   */
  private Run head(Run r, int k) {
    if (k == r.length()) {
      return r;
    }
    Run h;
    if (r instanceof ListenedRun l) { // the head's blocks come first; the tail's handle serves them
      h = new ListenedRun(r.keys, r.from, r.from + k, l.depth);
      ((ListenedRun) h).handle = l.handle;
      l.depth += k;
    } else {
      h = new Run(r.keys, r.from, r.from + k);
    }
    h.copyState(r);
    r.from += k;
    r.parent.replaceChild(h);
    h.only = r;
    r.parent = h;
    if (!r.dead()) {
      order.insertBefore(h, r);
    }
    runs++;
    return h;
  }

  /** How many of {@code r}'s leading blocks equal {@code keys[i, n)} (at least one: its first key was looked up). */
  private static int agree(Run r, long[] keys, int i, int n) {
    int len = Math.min(r.length(), n - i);
    int m = Arrays.mismatch(r.keys, r.from, r.from + len, keys, i, i + len);
    return m < 0 ? len : m;
  }

  private void trim(long nowUs) {
    while (size > capacity) {
      Run h = order.head();
      Run piece = head(h, (int) Math.min(size - capacity, h.length()));
      kill(piece);
      prune(piece);
    }
    if (size >= purgeAt) {
      for (Run r = order.head(); r != null; ) {
        Run next = r.next();
        if (r.expiresUs() <= nowUs) {
          kill(r);
          prune(r);
        }
        r = next;
      }
      purgeAt = nextPurgeAt(size, accessOrder);
    }
  }
}
