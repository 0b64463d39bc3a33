package io.replaygate.replay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The map against {@link HashMap}: puts over its growth, lookups one by one and batched, values replaced. */
class LongLongMapTest {
  @Test
  void putGetAndReplace_matchAHashMap_acrossGrowth() {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(11);
    LongLongMap m = new LongLongMap();
    Map<Long, Long> model = new HashMap<>();
    long[] keys = new long[300_000];
    for (int i = 0; i < keys.length; i++) {
      // Long.MIN_VALUE is the map's free marker, kept aside; small keys collide on purpose (updates, not inserts).
      keys[i] = i == 7 ? Long.MIN_VALUE : i % 3 == 0 ? rng.nextLong(50_000) : rng.nextLong();
      long value = rng.nextLong();
      Long old = model.put(keys[i], value);
      assertEquals(old == null ? -1 : old, m.put(keys[i], value, -1), "previous value of " + keys[i]);
    }
    assertEquals(model.size(), m.size());
    long[] probes = new long[1_000];
    for (int i = 0; i < probes.length; i++) {
      probes[i] = i % 2 == 0 ? keys[rng.nextInt(keys.length)] : rng.nextLong(); // present and (mostly) absent
    }
    long[] out = new long[probes.length - 10];
    m.getAll(probes, 10, probes.length, out, -1);
    for (int i = 10; i < probes.length; i++) {
      long expected = model.getOrDefault(probes[i], -1L);
      assertEquals(expected, m.get(probes[i], -1), "get " + probes[i]);
      assertEquals(expected, out[i - 10], "getAll " + probes[i]);
    }
    m.replaceValues(v -> v ^ 0x5555);
    Map<Long, Long> seen = new HashMap<>();
    m.forEach(seen::put);
    assertEquals(model.size(), seen.size());
    for (Map.Entry<Long, Long> e : model.entrySet()) {
      assertEquals(e.getValue() ^ 0x5555, m.get(e.getKey(), -1), "replaced " + e.getKey());
      assertEquals(e.getValue() ^ 0x5555, seen.get(e.getKey()), "forEach " + e.getKey());
    }
  }

  @Test
  void put_ofAKeyAlreadyThere_neverGrowsAFullTable() {
    LongLongMap m = new LongLongMap();
    int slots = m.capacity();
    for (int k = 0; k < slots / 2; k++) { // exactly the half the table holds
      m.put(k, k, -1);
    }
    assertEquals(slots, m.capacity(), "half full is not over the load factor");
    assertEquals(5, m.put(5, 50, -1), "an update of a full map");
    assertEquals(slots, m.capacity(), "an update does not double the table");
    assertEquals(-1, m.put(slots, 1, -1));
    assertEquals(2 * slots, m.capacity(), "a new key past half does");
    for (int k = 0; k < slots / 2; k++) {
      assertEquals(k == 5 ? 50 : k, m.get(k, -1), "key " + k + " after growth");
    }
    assertEquals(1, m.get(slots, -1));
    assertEquals(slots / 2 + 1, m.size());
  }
}
