package io.replaygate.costmodel.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.pricing.TokenCounts;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageLedgerTest {
  private static final long MIN = 60_000_000L;

  @Test
  void add_sameKeyTwice_sumsIntoOneCell() {
    UsageLedger ledger = new UsageLedger(0, 5 * MIN, 60 * MIN);
    ledger.add("managed", MIN, "acme", "chat", "t", false, ServiceTier.STANDARD, 1,
        new TokenCounts(100, 20, 0, 0, 7), TokenCounts.ZERO, BigDecimal.ZERO);
    ledger.add("managed", 2 * MIN, "acme", "chat", "t", false, ServiceTier.STANDARD, 2,
        new TokenCounts(50, 0, 5, 0, 3), new TokenCounts(1, 0, 0, 0, 1), BigDecimal.ONE);
    TargetUsage u = ledger.cells().get(new CellKey("managed", 0, "acme", "chat", "t", false));
    assertEquals(new TargetUsage(3, new TokenCounts(150, 20, 5, 0, 10), new TokenCounts(1, 0, 0, 0, 1),
        BigDecimal.ONE, ServiceTier.STANDARD), u);
    assertEquals(1, ledger.cells().size());
  }

  @Test
  void add_namesAndZeroCounts_areSharedAcrossCells() {
    UsageLedger ledger = new UsageLedger(0, 5 * MIN, 60 * MIN);
    for (int w = 0; w < 12; w++) { // a new string per record, as a reader makes them
      ledger.add("managed", w * 5 * MIN, new String("acme"), new String("chat"), new String("cluster:a"), false,
          ServiceTier.STANDARD, 1, new TokenCounts(10, 0, 0, 0, 1), new TokenCounts(0, 0, 0, 0, 0), BigDecimal.ZERO);
    }
    List<CellKey> keys = List.copyOf(ledger.cells().keySet());
    assertEquals(12, keys.size());
    for (CellKey k : keys) {
      assertSame(keys.get(0).tenant(), k.tenant());
      assertSame(keys.get(0).modelPath(), k.modelPath());
      assertSame(keys.get(0).target(), k.target());
      assertSame(TokenCounts.ZERO, ledger.cells().get(k).longContext());
    }
  }

  @ParameterizedTest(name = "spilled: {0}")
  @ValueSource(booleans = {false, true})
  void cells_acrossSealedBatches_areSummedPerKey_inOrder_asOneMapWouldHoldThem(boolean spilled, @TempDir Path dir)
      throws IOException {
    // 100,000 adds over 400 windows' keys, in time order with late ones: two batches or more are sealed, and most keys of a
    // window that was open at a seal are in two batches (or a batch and the open cells). Kept on the heap or spilled to
    // a file, the same cells come back.
    UsageLedger ledger = new UsageLedger(0, 5 * MIN, 60 * MIN, spilled ? dir : null);
    Comparator<CellKey> order = Comparator.comparing(CellKey::path).thenComparingLong(CellKey::window)
        .thenComparing(CellKey::tenant).thenComparing(CellKey::modelPath).thenComparing(CellKey::target)
        .thenComparing(CellKey::fallback);
    Map<CellKey, TargetUsage> model = new TreeMap<>(order);
    SplittableRandom rng = new SplittableRandom(17);
    String[] paths = {"managed:observed", "byok:observed", "hybrid"};
    String[] tenants = {"acme", "", "globex", "initech"};
    String[] targets = {"anthropic/claude-sonnet-4-5", "openai/gpt-5", "cluster:gpu"};
    for (int i = 0; i < 100_000; i++) {
      long t = Math.max(0, i * 1_200_000L - rng.nextLong(10 * MIN)); // 400 windows, some adds 10 minutes late
      String path = paths[rng.nextInt(paths.length)];
      String target = targets[rng.nextInt(targets.length)];
      ServiceTier tier = target.startsWith("openai") && path.equals("byok:observed") ? ServiceTier.FLEX
          : ServiceTier.STANDARD; // one tier per path and target, as a path's plan gives it
      TokenCounts std = new TokenCounts(rng.nextLong(1L << 40), rng.nextInt(3) == 0 ? 0 : rng.nextLong(5_000),
          rng.nextInt(100), 0, rng.nextLong(1_000));
      TokenCounts lc = rng.nextInt(10) == 0 ? new TokenCounts(rng.nextLong(300_000), 1, 2, 3, 4) : TokenCounts.ZERO;
      BigDecimal storage = rng.nextInt(8) == 0 ? BigDecimal.valueOf(rng.nextLong(-5, 1_000_000), rng.nextInt(-3, 9))
          .abs() : BigDecimal.ZERO;
      String tenant = tenants[rng.nextInt(tenants.length)];
      String modelPath = "lane-" + rng.nextInt(3);
      boolean fallback = rng.nextInt(20) == 0;
      int requests = 1 + rng.nextInt(3);
      ledger.add(path, t, tenant, modelPath, target, fallback, tier, requests, std, lc, storage);
      CellKey key = new CellKey(path, ledger.windowOf(t), tenant, modelPath, target, fallback);
      model.merge(key, new TargetUsage(requests, std, lc, storage, tier), TargetUsage::plus);
    }
    assertTrue(ledger.sealedBatches() >= 2, "batches sealed: " + ledger.sealedBatches());
    // Counts of up to 2^40 tokens, a tenth of the cells with long-context counts, an eighth with storage: still a
    // fraction of the ~170 bytes a cell takes as objects.
    assertTrue(ledger.packedBytesPerCell() < 40, "bytes per packed cell: " + ledger.packedBytesPerCell());
    List<Map.Entry<CellKey, TargetUsage>> got = new ArrayList<>();
    for (Map.Entry<CellKey, TargetUsage> e : ledger.orderedCells()) {
      got.add(e);
    }
    assertEquals(model.size(), got.size(), "one cell per key");
    int i = 0;
    for (Map.Entry<CellKey, TargetUsage> e : model.entrySet()) {
      Map.Entry<CellKey, TargetUsage> g = got.get(i++);
      assertEquals(e.getKey(), g.getKey(), "cell " + i + " in order");
      assertEquals(e.getValue(), g.getValue(), "usage of " + e.getKey()); // storage's scale too
    }
    assertEquals(got.size(), ledger.cells().size(), "the map view holds the same cells");
    if (spilled) {
      assertEquals(0, ledger.heapSealedBytes(), "a spilling ledger keeps no sealed batch on the heap");
      try (var files = Files.list(dir)) {
        assertEquals(List.of(), files.toList(), "the spill file has no name once open");
      }
      assertEquals(1, descriptorsInto(dir), "the spill file is open while the ledger is");
      ledger.close();
      assertEquals(0, descriptorsInto(dir), "close gives back the spill file now, not at a later collection");
    } else {
      assertTrue(ledger.heapSealedBytes() > 100_000, "sealed bytes on the heap: " + ledger.heapSealedBytes());
    }
  }

  /** This process's open descriptors on files in {@code dir} (a deleted one still points there). */
  private static long descriptorsInto(Path dir) throws IOException {
    long n = 0;
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          n += Files.readSymbolicLink(fd).startsWith(dir) ? 1 : 0;
        } catch (IOException closedMeanwhile) {
          // the listing's own descriptor, gone
        }
      }
    }
    return n;
  }
}
