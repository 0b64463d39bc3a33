package io.replaygate.replay.byoc.kv;

import io.replaygate.replay.core.LongObjectMap;

/**
 * A radix tree of {@link RadixRun}s over trace-block paths, its roots found by their first hash: the walk to the run
 * starting at a block, and the structure of a split, a join and a removal, which a replica's {@link KvCache} and the
 * deployment's {@link PrefixIndex} share; each adds its runs' own state.
 */
abstract class RadixTree<R extends RadixRun<R>> {
  final LongObjectMap<R> roots = new LongObjectMap<>();

  /** The run that starts with {@code hash} after {@code before} ({@code null}: a root), or {@code null}. */
  final R child(R before, long hash) {
    return before == null ? roots.get(hash) : before.child(hash);
  }

  /**
   * The run starting at block {@code i} of {@code path} under {@code before}, cut to end by block {@code end - 1}
   * (split when it runs on), or {@code null} when no run starts there.
   */
  final R runAt(R before, long[] path, int i, int end) {
    R r = child(before, path[i]);
    if (r == null) {
      return null;
    }
    int m = Math.min(r.matched(path, i), end - i);
    return m < r.len ? split(r, m) : r;
  }

  /**
   * As {@link #runAt}, for blocks {@code [i, end)} of {@code path} that the tree holds (pinned, found by a lookup, or
   * being removed): a run is found by its first block and agrees with the path from there (a radix tree has one child
   * per first block), so no other key is compared: a long context's path costs a lookup per run, not a comparison per
   * block.
   */
  final R heldRunAt(R before, long[] path, int i, int end) {
    R r = child(before, path[i]);
    if (r == null) {
      return null;
    }
    int m = Math.min(r.len, end - i);
    assert r.matched(path, i) >= m : "a walk over blocks the tree does not hold";
    return m < r.len ? split(r, m) : r;
  }

  /** Splits {@code r} before its block {@code k} (0 &lt; k &lt; len); returns the new head, in {@code r}'s place. */
  abstract R split(R r, int k);

  /**
   * The structure of {@link #split}: {@code h}, its own state already set, takes blocks {@code [0, k)} of {@code r}
   * and {@code r}'s place; {@code r} keeps the tail, its children, and hangs under {@code h}.
   */
  final R splitInto(R r, int k, R h) {
    h.keys = r.keys;
    h.offset = r.offset;
    h.len = k;
    h.parent = r.parent;
    replaceInParent(r, h);
    r.offset += k;
    r.len -= k;
    r.parent = h;
    h.addChild(r);
    return h;
  }

  /** Joins {@code p} into {@code c}, its sole child continuing its key array: {@code c} takes its blocks and place. */
  final void joinInto(R p, R c) {
    c.offset = p.offset;
    c.len += p.len;
    c.parent = p.parent;
    replaceInParent(p, c);
  }

  /** Hangs {@code now} where {@code was} hung (both start with the same block). */
  void replaceInParent(R was, R now) {
    if (was.parent == null) {
      roots.put(now.firstKey(), now);
    } else {
      was.parent.replaceChild(was, now);
    }
  }

  /** Takes {@code r} (and what hangs under it) out of the tree. */
  void detach(R r) {
    if (r.parent == null) {
      roots.remove(r.firstKey());
    } else {
      r.parent.removeChild(r);
    }
  }
}
