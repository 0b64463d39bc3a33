package io.replaygate.replay.core;

/**
 * A map from long keys to non-null values without boxing: open addressing, linear probing, load at most one half,
 * deletion by backward shift (no tombstones), an empty slot being a null value: where a tree branches (a KV cache's
 * roots and the children of a run after a shared prefix, those of a {@link PrefixTree} run), Gemini's explicit
 * caches — {@code HashMap<Long, …>} allocated a {@code Long} on every probe.
 */
public final class LongObjectMap<V> {
  private long[] keys = new long[16];
  private Object[] values = new Object[16];
  private int size;

  public int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  public V get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); values[i] != null; i = (i + 1) & mask) {
      if (keys[i] == key) {
        return (V) values[i];
      }
    }
    return null;
  }

  /** Maps {@code key} to {@code value} (not null), replacing what it held. */
  public void put(long key, V value) {
    if (value == null) {
      throw new IllegalArgumentException("null value");
    }
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (values[i] != null) {
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

  /** Calls {@code action} with every value, in table order. */
  @SuppressWarnings("unchecked")
  public void forEachValue(java.util.function.Consumer<? super V> action) {
    for (Object v : values) {
      if (v != null) {
        action.accept((V) v);
      }
    }
  }

  /** Removes every entry (the table keeps its size). */
  public void clear() {
    java.util.Arrays.fill(values, null);
    size = 0;
  }

  /** Removes {@code key}; the entries after it in its probe run shift back so that every lookup still finds them. */
  public void remove(long key) {
    int mask = keys.length - 1;
    int i = slot(key, mask);
    while (values[i] != null && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (values[i] == null) {
      return;
    }
    size--;
    int hole = i;
    for (int j = (i + 1) & mask; values[j] != null; j = (j + 1) & mask) {
      int home = slot(keys[j], mask);
      // The entry at j may fill the hole when its home slot is not cyclically within (hole, j].
      if (hole <= j ? home <= hole || home > j : home <= hole && home > j) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
    }
    values[hole] = null;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    int mask = keys.length - 1;
    for (int k = 0; k < oldKeys.length; k++) {
      if (oldValues[k] != null) {
        int i = slot(oldKeys[k], mask);
        while (values[i] != null) {
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
