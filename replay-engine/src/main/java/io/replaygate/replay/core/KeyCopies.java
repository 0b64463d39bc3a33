package io.replaygate.replay.core;

/**
 * Where a {@link PrefixTree} gets the key array of a run it adds: a copy of {@code keys[from, to)}, which the tree
 * keeps and never changes (nor does anyone it hands the array to: {@link PrefixTree.Listener#added}). Because no one
 * writes into a kept array, the copies of one range of one request's blocks are interchangeable, and caches that
 * store the same range may keep one copy between them ({@link SharedKeyCopies}).
 */
@FunctionalInterface
public interface KeyCopies {
  /** A new copy every time. */
  KeyCopies PRIVATE = java.util.Arrays::copyOfRange;

  /** {@code keys[from, to)} in an array of exactly that length, which the caller must not change. */
  long[] copy(long[] keys, int from, int to);
}
