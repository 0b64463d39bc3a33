package io.replaygate.replay.core;

/**
 * A set of {@code long} keys holding at most {@code capacity}, the least recently added or re-added first out — what
 * {@code java.util.LinkedHashMap} in access order with {@code removeEldestEntry} does, without a {@code Long} box per
 * probe: a primitive index ({@link LongObjectMap}) over an intrusive doubly linked recency list. {@link #contains}
 * does not count as a use (as {@code containsKey} does not); {@link #add} does.
 */
public final class LongLruSet {
  private static final class Node {
    final long key;
    Node prev;
    Node next;

    Node(long key) {
      this.key = key;
    }
  }

  private final LongObjectMap<Node> index = new LongObjectMap<>();
  private final long capacity;
  private Node head;
  private Node tail;

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

  /** Adds {@code key} as the most recent (moving it there when held), dropping the least recent beyond capacity. */
  public void add(long key) {
    Node n = index.get(key);
    if (n != null) {
      if (n != tail) {
        unlink(n);
        append(n);
      }
      return;
    }
    n = new Node(key);
    index.put(key, n);
    append(n);
    if (index.size() > capacity) {
      Node eldest = head;
      unlink(eldest);
      index.remove(eldest.key);
    }
  }

  public int size() {
    return index.size();
  }

  private void append(Node n) {
    n.prev = tail;
    n.next = null;
    if (tail == null) {
      head = n;
    } else {
      tail.next = n;
    }
    tail = n;
  }

  private void unlink(Node n) {
    if (n.prev == null) {
      head = n.next;
    } else {
      n.prev.next = n.next;
    }
    if (n.next == null) {
      tail = n.prev;
    } else {
      n.next.prev = n.prev;
    }
  }
}
