package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.replay.byoc.DeploymentResult;
import io.replaygate.replay.byoc.WindowSeries;
import io.replaygate.trace.TraceRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fixed fleet kept busy across window boundaries: every interior five-minute window holds exactly the fleet's
 * capacity × 300 s of GPU capacity block-seconds, and at most that of occupied block-seconds — occupancy lands in the
 * window it happened in, to the bit, however the simulation cut it into reports (steps, bulk decodes, idle stretches)
 * and however those reports were gathered before they reached the series.
 */
class OccupancySeriesTest {
  @TempDir
  Path tmp;

  @Test
  void busyFixedFleet_eachWindowHoldsItsOwnOccupancy_toTheBit() throws Exception {
    List<TraceRecord> trace = new ArrayList<>();
    for (int i = 0; i < 900; i++) { // one request every 2 s for 30 minutes: six windows
      long[] blocks = new long[6];
      for (int b = 0; b < blocks.length; b++) {
        blocks[b] = 1_000L * i + b + 1;
      }
      trace.add(new TraceRecord(i * 2_000_000L, "r" + i, "acme", "chat/main", null, null, null, 3_000, 300, null, null,
          blocks, null, null, null, null));
    }
    Replay.Result r = ReplayTest.managedAndFleetOfTwo(tmp, trace);
    DeploymentResult d = r.paths().get(1).built().cluster().results().get(0);
    WindowSeries s = d.series();
    double capacity = 2.0 * d.shape().kvBlocks() * 300;
    for (int w = 1; w <= 4; w++) {
      assertEquals(600.0, s.get(w, WindowSeries.REPLICA_SECONDS), 0.0, "window " + w);
      assertEquals(capacity, s.get(w, WindowSeries.GPU_CAPACITY_BLOCK_SECONDS), 0.0, "window " + w);
      double used = s.get(w, WindowSeries.GPU_BLOCK_SECONDS);
      assertTrue(used > 0 && used <= capacity, "window " + w + ": " + used + " of " + capacity);
      assertTrue(s.get(w, WindowSeries.BUSY_GPU_SECONDS) > 0, "window " + w + " is busy");
    }
  }
}
