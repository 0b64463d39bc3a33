package io.replaygate.replay.core;

/**
 * A set of {@code long} keys holding at most {@code capacity}, the least recently added or re-added first out — what
 * {@code java.util.LinkedHashMap} in access order with {@code removeEldestEntry} does, without a {@code Long} box per
 * probe: a primitive index ({@link LongObjectMap}) over an intrusive recency list ({@link RecencyList}). {@link #contains}
 * does not count as a use (as {@code containsKey} does not); {@link #add} does.
 */
public final class LongLruSet {
  private static final class Node extends RecencyList.Node<Node> {
    final long key;
    boolean removed;
    /** The node that followed this one in the last key array walked through it (a hint; see {@link #find}). */
    Node after;

    Node(long key) {
      this.key = key;
    }
  }

  private final LongObjectMap<Node> index = new LongObjectMap<>();
  private final long capacity;
  private final RecencyList<Node> order = new RecencyList<>();

  /** @param capacity the most keys held (at least 1) */
  public LongLruSet(long capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  public boolean contains(long key) {
    return index.get(key) != null;
  }

  /** How many leading keys of {@code keys} are held (not a use). */
  public int prefix(long[] keys) {
    int k = 0;
    Node before = null;
    while (k < keys.length) {
      Node n = find(keys[k], before);
      if (n == null) {
        break;
      }
      before = n;
      k++;
    }
    return k;
  }

  /** {@link #add}s every key of {@code keys}, in order. */
  public void addAll(long[] keys) {
    Node before = null;
    for (long key : keys) {
      Node n = find(key, before);
      if (n == null) {
        add(key);
        n = order.tail(); // a new key is the most recent, and never the one dropped (capacity is at least 1)
      } else {
        order.moveToTail(n);
      }
      if (before != null) {
        before.after = n;
      }
      before = n;
    }
  }

  /*
   * Key arrays here are prompts: most repeat a chain an earlier one walked (a session's previous turn, a shared
   * system prompt), so each node keeps the node that followed it on the last walk through it, and a hint that is
   * still held under the next key is exactly what the index returns (keys are unique in it): one pointer instead
   * of a probe, except where a prompt leaves the chain it last took.
   */
  private Node find(long key, Node before) {
    if (before != null) {
      Node h = before.after;
      if (h != null && !h.removed && h.key == key) {
        return h;
      }
    }
    Node n = index.get(key);
    if (before != null && n != null) {
      before.after = n;
    }
    return n;
  }

  /** Adds {@code key} as the most recent (moving it there when held), dropping the least recent beyond capacity. */
  public void add(long key) {
    Node n = index.get(key);
    if (n != null) {
      order.moveToTail(n);
      return;
    }
    n = new Node(key);
    index.put(key, n);
    order.append(n);
    if (index.size() > capacity) {
      Node eldest = order.head();
      order.unlink(eldest);
      index.remove(eldest.key);
      eldest.removed = true;
      eldest.after = null;
    }
  }

  public int size() {
    return index.size();
  }
}
