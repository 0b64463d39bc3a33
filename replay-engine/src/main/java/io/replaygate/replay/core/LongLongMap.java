package io.replaygate.replay.core;

import java.util.Arrays;

/**
 * An open-addressing map from long keys to long values (no boxing): the reuse curve's last-access times, traffic
 * growth's block owners.
 */
public final class LongLongMap {
  private static final long FREE = Long.MIN_VALUE;
  private long[] keys = new long[1 << 16];
  private long[] values = new long[1 << 16];
  private int size;
  private boolean hasFree;
  private long freeValue;

  public LongLongMap() {
    Arrays.fill(keys, FREE);
  }

  /** The value of {@code key}, or {@code missing}. */
  public long get(long key, long missing) {
    if (key == FREE) {
      return hasFree ? freeValue : missing;
    }
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return values[i];
      }
      if (k == FREE) {
        return missing;
      }
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
    if ((size + 1) * 2L > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        long old = values[i];
        values[i] = value;
        return old;
      }
      if (k == FREE) {
        keys[i] = key;
        values[i] = value;
        size++;
        return missing;
      }
    }
  }

  public int size() {
    return size;
  }

  /**
   * Replaces every value by its rank among all values (0 for the smallest): the values must be distinct. The
   * reuse curve renumbers its last-access times this way, so its clock stays within the live keys.
   */
  public void rankValues() {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != FREE) {
        min = Math.min(min, values[i]);
        max = Math.max(max, values[i]);
      }
    }
    if (hasFree) {
      min = Math.min(min, freeValue);
      max = Math.max(max, freeValue);
    }
    if (size == 0) {
      return;
    }
    // The reuse curve's values are access times within a few times the key count: rank them by counting (two
    // sequential passes and one read per key) instead of sorting and a binary search per key.
    if (max - min <= 8L * size + (1 << 20)) {
      int[] rank = new int[(int) (max - min + 1)];
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != FREE) {
          rank[(int) (values[i] - min)] = 1;
        }
      }
      if (hasFree) {
        rank[(int) (freeValue - min)] = 1;
      }
      int r = 0;
      for (int i = 0; i < rank.length; i++) {
        int present = rank[i];
        rank[i] = r;
        r += present;
      }
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != FREE) {
          values[i] = rank[(int) (values[i] - min)];
        }
      }
      if (hasFree) {
        freeValue = rank[(int) (freeValue - min)];
      }
      return;
    }
    long[] sorted = new long[size];
    int n = 0;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != FREE) {
        sorted[n++] = values[i];
      }
    }
    if (hasFree) {
      sorted[n++] = freeValue;
    }
    Arrays.sort(sorted);
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != FREE) {
        values[i] = Arrays.binarySearch(sorted, values[i]);
      }
    }
    if (hasFree) {
      freeValue = Arrays.binarySearch(sorted, freeValue);
    }
  }

  /** Calls {@code action} with every key and its value, in table order. */
  public void forEach(Entry action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != FREE) {
        action.accept(keys[i], values[i]);
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
    long[] ok = keys;
    long[] ov = values;
    keys = new long[ok.length * 2];
    values = new long[ok.length * 2];
    Arrays.fill(keys, FREE);
    int mask = keys.length - 1;
    for (int j = 0; j < ok.length; j++) {
      if (ok[j] != FREE) {
        int i = mix(ok[j]) & mask;
        while (keys[i] != FREE) {
          i = (i + 1) & mask;
        }
        keys[i] = ok[j];
        values[i] = ov[j];
      }
    }
  }

  private static int mix(long k) {
    long z = k * 0x9E3779B97F4A7C15L;
    return (int) (z ^ (z >>> 32));
  }
}
