package io.replaygate.replay.core;

/**
 * An intrusive doubly linked list in recency order (least recent at the head): the order {@link PrefixTree} keeps
 * its live runs in (and Gemini's explicit-cache entries theirs), without a list node per element — an element is its
 * own node. {@link #moveToTail} is a use, {@link #unlink} a removal, {@link #insertBefore} a split keeping its place.
 *
 * @param <N> the element type, which is its own node
 */
public final class RecencyList<N extends RecencyList.Node<N>> {
  /** An element's links; an element is in at most one list. */
  public abstract static class Node<N extends Node<N>> {
    N prev;
    N next;

    /** The next element towards the tail, or {@code null}. */
    public final N next() {
      return next;
    }
  }

  private N head;
  private N tail;

  /** The least recent element, or {@code null}. */
  public N head() {
    return head;
  }

  /** The most recent element, or {@code null}. */
  public N tail() {
    return tail;
  }

  /** Adds {@code n} (not in the list) as the most recent. */
  public void append(N n) {
    n.prev = tail;
    n.next = null;
    if (tail == null) {
      head = n;
    } else {
      tail.next = n;
    }
    tail = n;
  }

  /** Puts {@code n} (in no list) just before {@code at} (in this one): one element split in two keeps its place. */
  public void insertBefore(N n, N at) {
    n.next = at;
    n.prev = at.prev;
    if (at.prev == null) {
      head = n;
    } else {
      at.prev.next = n;
    }
    at.prev = n;
  }

  /** Takes {@code n} (in the list) out. */
  public void unlink(N n) {
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
    n.prev = null;
    n.next = null;
  }

  /** Makes {@code n} (in the list) the most recent. */
  public void moveToTail(N n) {
    if (n != tail) {
      unlink(n);
      append(n);
    }
  }
}
