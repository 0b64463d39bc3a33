package io.replaygate.replay.byoc.kv;

import java.util.Arrays;

/**
 * The runs one tier may evict, the policy's least first: an indexed binary heap. Each run keeps its position in the
 * heap of each tier, so taking one out (it was pinned, or its key is about to change) is O(log n) without a search,
 * and nothing is allocated per entry — the sorted set it replaces allocated a tree node at every add, and the add and
 * remove of a run at every pin and unpin were a large share of a cluster path's time. {@link #first()} is the
 * policy's least, the same run a sorted set answers: the policies' orders are total ({@link EvictionPolicy}).
 */
final class EvictionHeap {
  private final EvictionPolicy policy;
  /** Which of a run's two positions this heap keeps: the GPU tier's or the host tier's. */
  private final boolean gpu;
  private KvRun[] heap = new KvRun[64];
  /**
   * Each run's {@link EvictionPolicy#firstKey} beside it: sifting compares these, in one array, and reads the runs
   * only where two are equal (a run's key does not change while it is here).
   */
  private long[] keys = new long[64];
  private int size;

  EvictionHeap(EvictionPolicy policy, boolean gpu) {
    this.policy = policy;
    this.gpu = gpu;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The run the policy evicts first (the heap must not be empty). */
  KvRun first() {
    return heap[0];
  }

  /** The run the policy evicts after {@link #first()}, or null when that is the only one. */
  KvRun second() {
    if (size < 3) {
      return size == 2 ? heap[1] : null;
    }
    return before(heap[2], keys[2], heap[1], keys[1]) ? heap[2] : heap[1];
  }

  /**
   * Puts back in order a run in this heap whose key changed ({@link #first()} after some of its tails left): what
   * {@link #remove} and {@link #add} would do together, in one sift from where it is.
   */
  void reorder(KvRun r) {
    sift(position(r), r, policy.firstKey(r));
  }

  /**
   * Adds a run that is not in this heap; its key must not change until it is {@linkplain #remove removed} (or
   * {@linkplain #reorder reordered} after).
   */
  void add(KvRun r) {
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, 2 * size);
      keys = Arrays.copyOf(keys, 2 * size);
    }
    siftUp(size++, r, policy.firstKey(r));
  }

  /** Removes a run that is in this heap. */
  void remove(KvRun r) {
    int i = position(r);
    KvRun last = heap[--size];
    long lastKey = keys[size];
    heap[size] = null;
    setPosition(r, -1);
    if (last != r) {
      sift(i, last, lastKey);
    }
  }

  /** Whether {@code a} (first key {@code ka}) goes before {@code b} (first key {@code kb}). */
  private boolean before(KvRun a, long ka, KvRun b, long kb) {
    return ka != kb ? ka < kb : policy.compare(a, b) < 0;
  }

  /** Puts {@code r} (first key {@code k}) in order from slot {@code i}: down if a child goes first, else up. */
  private void sift(int i, KvRun r, long k) {
    siftDown(i, r, k);
    if (heap[i] == r) {
      siftUp(i, r, k);
    }
  }

  private void siftUp(int i, KvRun r, long k) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      KvRun p = heap[parent];
      long pk = keys[parent];
      if (!before(r, k, p, pk)) {
        break;
      }
      place(p, pk, i);
      i = parent;
    }
    place(r, k, i);
  }

  private void siftDown(int i, KvRun r, long k) {
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      KvRun c = heap[child];
      long ck = keys[child];
      int right = child + 1;
      if (right < size && before(heap[right], keys[right], c, ck)) {
        child = right;
        c = heap[right];
        ck = keys[right];
      }
      if (!before(c, ck, r, k)) { // the order is total: r goes before c, or is c
        break;
      }
      place(c, ck, i);
      i = child;
    }
    place(r, k, i);
  }

  private void place(KvRun r, long k, int i) {
    heap[i] = r;
    keys[i] = k;
    setPosition(r, i);
  }

  private int position(KvRun r) {
    return gpu ? r.gpuHeapPosition : r.hostHeapPosition;
  }

  private void setPosition(KvRun r, int i) {
    if (gpu) {
      r.gpuHeapPosition = i;
    } else {
      r.hostHeapPosition = i;
    }
  }
}
