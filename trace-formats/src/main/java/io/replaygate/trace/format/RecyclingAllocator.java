package io.replaygate.trace.format;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.bytes.ByteBufferAllocator;

/**
 * Heap buffers for one Parquet reader's column chunks, handed back when a row group is closed and reused for the
 * next: the reader's bytes stop being garbage. parquet-mr reads a row group's column chunks into buffers of at most
 * {@code maxAllocationSize} (8 MiB) from the read options' allocator and releases them when the row group's page
 * store is closed. Those buffers live as long as the replay takes over the row group — seconds, while the paths work
 * — so a collector promotes them and finds them dead in the old generation: on a 10-million-request week, 55 GB of
 * trace passed through the old generation that way, beside the simulators' own state, and the collector fell behind
 * (17–19 full collections for lack of room in a run; 1 with this allocator). Reused, the same few buffers stay: the
 * next row group is served from the one before's, so what is pooled beside the group being read is at most the size
 * classes it did not need.
 *
 * <p>A request is served from a released buffer of its size class (the next power of two, from 64 KiB), limited to
 * the size asked; what is pooled is capped at {@link #MAX_POOLED_BYTES}, beyond which a released buffer is left to
 * the collector. One reader's thread only.
 */
public final class RecyclingAllocator implements ByteBufferAllocator {
  /** The most bytes held for reuse: a row group's column chunks, with room. */
  public static final long MAX_POOLED_BYTES = 512L << 20;
  private static final int MIN_CLASS = 1 << 16;

  private final Map<Integer, ArrayDeque<ByteBuffer>> free = new HashMap<>();
  /** The buffers handed out and not yet released, by identity (a buffer's equals compares its bytes). */
  private final Set<ByteBuffer> lent = Collections.newSetFromMap(new IdentityHashMap<>());
  private long pooled;
  private long reused;

  @Override
  public ByteBuffer allocate(int size) {
    int capacity = sizeClass(size);
    ArrayDeque<ByteBuffer> q = free.get(capacity);
    ByteBuffer b = q == null ? null : q.poll();
    if (b == null) {
      b = ByteBuffer.allocate(capacity);
    } else {
      pooled -= capacity;
      reused++;
    }
    b.clear().limit(size);
    lent.add(b);
    return b;
  }

  @Override
  public void release(ByteBuffer b) {
    if (!lent.remove(b) || pooled + b.capacity() > MAX_POOLED_BYTES) {
      return; // not one of ours (a slice, another allocator's), or the pool is full: the collector takes it
    }
    int capacity = b.capacity();
    free.computeIfAbsent(capacity, k -> new ArrayDeque<>()).push(b);
    pooled += capacity;
  }

  @Override
  public boolean isDirect() {
    return false;
  }

  /** Buffers served again rather than allocated (tests). */
  public long reused() {
    return reused;
  }

  /** Bytes held for reuse now (tests). */
  public long pooledBytes() {
    return pooled;
  }

  /** The capacity a request of {@code size} bytes is served with: the next power of two, at least 64 KiB. */
  static int sizeClass(int size) {
    if (size <= MIN_CLASS) {
      return MIN_CLASS;
    }
    int c = Integer.highestOneBit(size - 1) << 1;
    return c > 0 ? c : size; // past 1 GiB: exact
  }
}
