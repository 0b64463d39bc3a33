package io.replaygate.replay.core;

/**
 * A map from long keys to non-null values without boxing: open addressing, linear probing, load at most one half,
 * deletion by backward shift (no tombstones), an empty slot being key 0 (whose own value is kept aside): where a tree
 * branches (a KV cache's roots and the children of a run after a shared prefix, those of a {@link PrefixTree} run),
 * Gemini's explicit caches — {@code HashMap<Long, …>} allocated a {@code Long} on every probe.
 */
public final class LongObjectMap<V> {
  /** Marks an empty slot in {@link #keys}; key 0 itself lives in {@link #zero}. */
  private static final long EMPTY = 0;
  private long[] keys;
  private Object[] values;
  /** The value of key 0, or {@code null}. */
  private Object zero;
  private int size;

  /** A map for many keys (its table grows from 16 slots). */
  public LongObjectMap() {
    this(8);
  }

  /**
   * A map whose table holds {@code expected} keys before it first grows: a tree's branch point starts with two
   * children and most keep two or three, so its map starts at 4 slots (112 bytes with its arrays) instead of 16 (256):
   * 0.19M of them on the 10M week's peak were 47 MiB.
   */
  public LongObjectMap(int expected) {
    int slots = Integer.highestOneBit(Math.max(2, 2 * expected - 1)) << 1;
    keys = new long[slots];
    values = new Object[slots];
  }

  /** The table's slots (tests). */
  int slots() {
    return keys.length;
  }

  public int size() {
    return size;
  }

  /**
   * The value of {@code key}, or {@code null}. A probe reads the keys alone until it finds the key (an empty key slot
   * ends it): a key not there — most of a router's questions, one per replica — touches one array, not two.
   */
  @SuppressWarnings("unchecked")
  public V get(long key) {
    if (key == EMPTY) {
      return (V) zero;
    }
    long[] ks = keys;
    int mask = ks.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      long k = ks[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == EMPTY) {
        return null;
      }
    }
  }

  /** Maps {@code key} to {@code value} (not null), replacing what it held. */
  public void put(long key, V value) {
    if (value == null) {
      throw new IllegalArgumentException("null value");
    }
    if (key == EMPTY) {
      if (zero == null) {
        size++;
      }
      zero = value;
      return;
    }
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != EMPTY) {
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
      i = (i + 1) & mask;
    }
    keys[i] = key;
    values[i] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  /** Calls {@code action} with every value (key 0's first, then in table order). */
  @SuppressWarnings("unchecked")
  public void forEachValue(java.util.function.Consumer<? super V> action) {
    if (zero != null) {
      action.accept((V) zero);
    }
    for (Object v : values) {
      if (v != null) {
        action.accept((V) v);
      }
    }
  }

  /** Removes every entry (the table keeps its size). */
  public void clear() {
    java.util.Arrays.fill(keys, EMPTY);
    java.util.Arrays.fill(values, null);
    zero = null;
    size = 0;
  }

  /** Removes {@code key}; the entries after it in its probe run shift back so that every lookup still finds them. */
  public void remove(long key) {
    if (key == EMPTY) {
      if (zero != null) {
        zero = null;
        size--;
      }
      return;
    }
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (keys[i] != EMPTY && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (keys[i] == EMPTY) {
      return;
    }
    size--;
    int hole = i;
    for (int j = (i + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
      int home = slot(keys[j], mask);
      // The entry at j may fill the hole when its home slot is not cyclically within (hole, j].
      if (hole <= j ? home <= hole || home > j : home <= hole && home > j) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    keys[hole] = EMPTY;
    values[hole] = null;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    int mask = keys.length - 1;
    for (int k = 0; k < oldKeys.length; k++) {
      if (oldKeys[k] != EMPTY) {
        int i = slot(oldKeys[k], mask);
        while (keys[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[k];
        values[i] = oldValues[k];
      }
    }
  }

  private static int slot(long key, int mask) {
    long z = (key ^ (key >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return (int) (z ^ (z >>> 33)) & mask;
  }
}
