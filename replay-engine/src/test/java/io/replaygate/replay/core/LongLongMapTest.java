package io.replaygate.replay.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code rankValues} by counting (values within a few times the key count) and by sorting (any values) agree. */
class LongLongMapTest {
  @ParameterizedTest(name = "values spread over {0}× the keys")
  @ValueSource(longs = {1, 3, 1_000_000_000L})
  void rankValues_replacesEachValueByItsRank(long spread) {
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(spread);
    int n = 50_000;
    LongLongMap m = new LongLongMap();
    Map<Long, Long> model = new HashMap<>();
    Set<Long> used = new HashSet<>();
    for (int i = 0; i < n; i++) {
      long key = i == 0 ? Long.MIN_VALUE : rng.nextLong(); // the map keeps this key (its free marker) aside
      long value;
      do {
        value = 1_000 + rng.nextLong(spread * n);
      } while (!used.add(value));
      m.put(key, value, -1);
      model.put(key, value);
    }
    long[] sorted = model.values().stream().mapToLong(Long::longValue).sorted().toArray();
    m.rankValues();
    for (Map.Entry<Long, Long> e : model.entrySet()) {
      assertEquals(Arrays.binarySearch(sorted, e.getValue()), m.get(e.getKey(), -1), "key " + e.getKey());
    }
  }
}
