package io.replaygate.replay.byoc.kv;

import io.replaygate.replay.core.LongObjectMap;

/**
 * An edge of a radix tree over trace blocks: blocks {@code keys[offset .. offset + len)} of one path (the pieces of a
 * split share the array), hung under its {@code parent}'s last block, with its own children found by their first
 * hash — one pointer while there is one child, a small map once there were two. A replica's {@link KvRun} and the
 * deployment's {@link PrefixIndex} runs are both.
 */
abstract class RadixRun<R extends RadixRun<R>> {
  long[] keys;
  int offset;
  int len;
  R parent;
  /** The only child, when there is exactly one. */
  private R only;
  /** The children by first hash, once there were two. */
  private LongObjectMap<R> many;

  final long firstKey() {
    return keys[offset];
  }

  /** How many of this run's blocks agree with {@code hashes} from block {@code n} on. */
  final int matched(long[] hashes, int n) {
    int m = Math.min(len, hashes.length - n);
    int k = java.util.Arrays.mismatch(keys, offset, offset + m, hashes, n, n + m);
    return k < 0 ? m : k;
  }

  /** The child with this first hash, or {@code null}. */
  final R child(long hash) {
    if (many != null) {
      return many.get(hash);
    }
    return only != null && only.firstKey() == hash ? only : null;
  }

  final void addChild(R c) {
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

  final void removeChild(R c) {
    if (many != null) {
      many.remove(c.firstKey());
    } else if (only == c) {
      only = null;
    }
  }

  /** Puts {@code now} where {@code was} hung: both start with the same hash. */
  final void replaceChild(R was, R now) {
    if (many != null) {
      many.put(now.firstKey(), now);
    } else if (only == was) {
      only = now;
    }
  }

  final void forEachChild(java.util.function.Consumer<R> action) {
    if (many != null) {
      many.forEachValue(action);
    } else if (only != null) {
      action.accept(only);
    }
  }

  final boolean hasChildren() {
    return many != null ? many.size() > 0 : only != null;
  }

  /** The one child, when the last block never had two, else {@code null} (a branch point stays one). */
  final R soleChild() {
    return many == null ? only : null;
  }
}
