package io.replaygate.replay.core;

import java.util.function.LongUnaryOperator;

/**
 * An open-addressing map from long keys to long values (no boxing): the reuse curve's last-access times, traffic
 * growth's block owners.
 *
 * <p>Each key sits beside its value in one array ({@code [key, value]} pairs, linear probing): a map larger than the
 * caches costs one cache line and one page per probe, not two as parallel key and value arrays did — most of a
 * large reuse curve's time is these misses.
 */
public final class LongLongMap {
  private static final long FREE = Long.MIN_VALUE;
  /** Key at {@code 2i}, its value at {@code 2i + 1}; {@link #FREE} keys mark empty slots. */
  private long[] table = freeTable(1 << 16);
  private int size;
  private boolean hasFree;
  private long freeValue;

  private static long[] freeTable(int slots) {
    long[] t = new long[2 * slots];
    for (int i = 0; i < t.length; i += 2) {
      t[i] = FREE;
    }
    return t;
  }

  /** The value of {@code key}, or {@code missing}. */
  public long get(long key, long missing) {
    if (key == FREE) {
      return hasFree ? freeValue : missing;
    }
    long[] t = table;
    int mask = t.length - 2;
    for (int i = slot(key, mask); ; i = (i + 2) & mask) {
      long k = t[i];
      if (k == key) {
        return t[i + 1];
      }
      if (k == FREE) {
        return missing;
      }
    }
  }

  /**
   * The values of {@code keys[from..to)} into {@code out[0..to-from)} ({@code missing} where absent): one tight loop
   * whose probes do not depend on each other, so the processor has many of them in flight at once — a map larger
   * than the caches misses on nearly every probe, and one probe at a time between other work waits for each.
   */
  public void getAll(long[] keys, int from, int to, long[] out, long missing) {
    for (int j = from; j < to; j++) {
      out[j - from] = get(keys[j], missing);
    }
  }

  /** Sets {@code key} to {@code value}; returns the previous value or {@code missing}. */
  public long put(long key, long value, long missing) {
    if (key == FREE) {
      long old = hasFree ? freeValue : missing;
      if (!hasFree) {
        size++;
      }
      hasFree = true;
      freeValue = value;
      return old;
    }
    long[] t = table;
    int mask = t.length - 2;
    for (int i = slot(key, mask); ; i = (i + 2) & mask) {
      long k = t[i];
      if (k == key) {
        long old = t[i + 1];
        t[i + 1] = value;
        return old;
      }
      if (k == FREE) {
        // Grown only for a new key (load factor ½: slots = table.length / 2), so a full map can still be updated: a
        // reuse curve's exact stack at its limit is touched without doubling a table it is about to drop.
        if ((size + 1) * 4L > t.length) {
          grow();
          return put(key, value, missing);
        }
        t[i] = key;
        t[i + 1] = value;
        size++;
        return missing;
      }
    }
  }

  public int size() {
    return size;
  }

  /** Slots in the table: it holds at most half as many keys before it doubles. */
  public int capacity() {
    return table.length / 2;
  }

  /** Replaces every value {@code v} by {@code f(v)}, in one pass over the table. */
  public void replaceValues(LongUnaryOperator f) {
    long[] t = table;
    for (int i = 0; i < t.length; i += 2) {
      if (t[i] != FREE) {
        t[i + 1] = f.applyAsLong(t[i + 1]);
      }
    }
    if (hasFree) {
      freeValue = f.applyAsLong(freeValue);
    }
  }

  /** Calls {@code action} with every key and its value, in table order. */
  public void forEach(Entry action) {
    long[] t = table;
    for (int i = 0; i < t.length; i += 2) {
      if (t[i] != FREE) {
        action.accept(t[i], t[i + 1]);
      }
    }
    if (hasFree) {
      action.accept(FREE, freeValue);
    }
  }

  /** A key and its value. */
  @FunctionalInterface
  public interface Entry {
    void accept(long key, long value);
  }

  private void grow() {
    long[] old = table;
    long[] t = freeTable(old.length); // twice the slots
    int mask = t.length - 2;
    for (int j = 0; j < old.length; j += 2) {
      if (old[j] != FREE) {
        int i = slot(old[j], mask);
        while (t[i] != FREE) {
          i = (i + 2) & mask;
        }
        t[i] = old[j];
        t[i + 1] = old[j + 1];
      }
    }
    table = t;
  }

  /** The even index of {@code key}'s home slot; {@code mask} is the table's length − 2. */
  private static int slot(long key, int mask) {
    long z = key * 0x9E3779B97F4A7C15L;
    return (int) (z ^ (z >>> 32)) << 1 & mask;
  }
}
