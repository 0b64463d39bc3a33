package io.replaygate.trace.profile;

/**
 * An open-addressing set of longs (no boxing): 8 bytes per slot at load ≤ 0.5, so counting the distinct
 * blocks of a trace costs about 16 bytes per distinct block (a boxed {@code HashSet<Long>} takes about 70).
 */
public final class LongHashSet {
  private static final long EMPTY = 0L;
  private long[] slots = new long[1 << 12];
  private boolean hasZero;
  private int size;

  /** Whether the set holds {@code value}. */
  public boolean contains(long value) {
    if (value == EMPTY) {
      return hasZero;
    }
    int mask = slots.length - 1;
    for (int i = (int) mix(value) & mask; slots[i] != EMPTY; i = (i + 1) & mask) {
      if (slots[i] == value) {
        return true;
      }
    }
    return false;
  }

  /** Adds a value; returns whether it was new. */
  public boolean add(long value) {
    if (value == EMPTY) {
      if (hasZero) {
        return false;
      }
      hasZero = true;
      size++;
      return true;
    }
    int mask = slots.length - 1;
    int i = (int) mix(value) & mask;
    while (true) {
      long s = slots[i];
      if (s == EMPTY) {
        slots[i] = value;
        if (++size * 2 > slots.length) {
          grow();
        }
        return true;
      }
      if (s == value) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  public int size() {
    return size;
  }

  /** Hands every value to {@code each}. */
  void forEach(java.util.function.LongConsumer each) {
    if (hasZero) {
      each.accept(0L);
    }
    for (long v : slots) {
      if (v != EMPTY) {
        each.accept(v);
      }
    }
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    int mask = slots.length - 1;
    for (long v : old) {
      if (v != EMPTY) {
        int i = (int) mix(v) & mask;
        while (slots[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        slots[i] = v;
      }
    }
  }

  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
