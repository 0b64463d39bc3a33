package io.replaygate.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BatchBudgetTest {
  private static int recordsUntilFull(BatchBudget b, TraceRecord r) {
    int n = 1;
    while (!b.add(r)) {
      n++;
    }
    return n;
  }

  @Test
  void bytesOf_isTheHashesAtEightBytes_plusTheOverhead() {
    TraceRecord r = TraceRecord.of(0, "m", 640, 1);
    assertEquals(BatchBudget.RECORD_OVERHEAD, BatchBudget.bytesOf(r), "no hashes");
    assertEquals(BatchBudget.RECORD_OVERHEAD + 80, BatchBudget.bytesOf(r.withBlockHashes(new long[10])));
  }

  @Test
  void shortRecords_fillABatch_atTheRecordLimit() {
    TraceRecord r = TraceRecord.of(0, "m", 64, 1).withBlockHashes(new long[1]); // 136 bytes: 1,024 = 139 KiB
    assertEquals(BatchBudget.MAX_RECORDS, recordsUntilFull(new BatchBudget(), r));
  }

  @Test
  void longRecords_fillABatch_atTheByteLimit_withTheRecordThatReachesIt() {
    // 8,192 hashes = 64 KiB + 128 bytes each: 15 stay under 1 MiB, the 16th reaches it.
    TraceRecord r = TraceRecord.of(0, "m", 8_192 * 64, 1).withBlockHashes(new long[8_192]);
    assertEquals(16, recordsUntilFull(new BatchBudget(), r));
  }

  @Test
  void reset_startsAnEmptyBatch() {
    BatchBudget b = new BatchBudget();
    TraceRecord huge = TraceRecord.of(0, "m", 1 << 23, 1).withBlockHashes(new long[1 << 17]); // 1 MiB alone
    assertTrue(b.add(huge), "one record over the byte limit is a batch of its own");
    b.reset();
    assertFalse(b.add(TraceRecord.of(0, "m", 1, 1)));
  }
}
