package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.replaygate.replay.byoc.DeploymentResult;
import io.replaygate.replay.byoc.WindowSeries;
import io.replaygate.trace.TraceRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory grows with the windows that hold traffic, not with the span: two requests 360 days apart (103,680
 * five-minute windows) through a managed baseline and a fixed fleet of two on-demand replicas keep every cost and
 * cluster series as a handful of runs, while the figures still cover every window (the fleet bills all of them).
 */
class QuietSpanTest {
  @TempDir
  Path tmp;

  static final long DAY_US = 86_400_000_000L;

  @Test
  void twoRequestsAYearApart_seriesAreRuns_andTheFleetBillsEveryWindow() throws Exception {
    List<TraceRecord> trace = List.of(
        new TraceRecord(0, "a", "acme", "chat/main", null, null, null, 2048, 64, null, null, new long[] {1, 2, 3, 4},
            null, null, null, null),
        new TraceRecord(360 * DAY_US, "b", "acme", "chat/main", null, null, null, 2048, 64, null, null,
            new long[] {1, 2, 3, 5}, null, null, null, null));
    Replay.Result r = ReplayTest.managedAndFleetOfTwo(tmp, trace);
    long windows = 360L * 288;
    for (Replay.PathResult p : r.paths()) {
      var perWindow = p.cost().perWindow();
      assertTrue(perWindow.windows() >= windows, p.config().name() + ": " + perWindow.windows());
      assertTrue(perWindow.runs() <= 8, p.config().name() + ": " + perWindow);
      p.cost().allocations().forEach(a -> assertTrue(a.windowShares().runs() <= 8, a.windowShares().toString()));
    }
    Replay.PathResult fleet = r.paths().get(1);
    List<DeploymentResult> deployments = fleet.built().cluster().results();
    for (DeploymentResult d : deployments) {
      for (int field = 0; field < WindowSeries.FIELDS; field++) {
        assertTrue(d.series().values(field).runs() <= 8, "field " + field + ": " + d.series().values(field));
      }
      // Two replicas up the whole year: 2 × 300 replica-seconds in a quiet window in the middle.
      assertEquals(600, d.series().get(50_000, WindowSeries.REPLICA_SECONDS), 0.0);
      // Both replicas idle for most of the year are still counted there (an idle replica reports its stretch
      // when it next gets work or the run ends, in one piece; the integrals are exact, so to the bit).
      assertEquals(600.0 * d.shape().kvBlocks(), d.series().get(50_000, WindowSeries.GPU_CAPACITY_BLOCK_SECONDS), 0.0);
    }
    // The fleet bills every window: a quiet one costs its share of the GPU-hours, like any other.
    double quiet = fleet.cost().perWindow().get(50_000);
    assertTrue(quiet > 0, "a quiet window of a provisioned fleet costs something");
    assertEquals(0.0, r.paths().get(0).cost().perWindow().get(50_000), 0.0, "managed: nothing when idle");
  }
}
