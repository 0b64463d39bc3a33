package io.replaygate.costmodel.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.replaygate.costmodel.catalog.ServiceTier;
import io.replaygate.costmodel.pricing.TokenCounts;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
