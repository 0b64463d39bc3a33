package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.replay.core.RecordTap;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.trace.TraceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first pass over a trace (the traffic profile a fleet is sized from) reads it without the block hashes; the
 * replay's own read hands each record, as read, to a {@link RecordTap}.
 */
class TraceSourceTest {
  @TempDir
  Path tmp;

  /** A cluster path without a replica count: its fleet is sized from the traffic, which needs the first pass. */
  private Scenario sizedFromTraffic() throws Exception {
    Path f = tmp.resolve("s.yaml");
    Files.writeString(f, "paths:\n  - {name: b, profile: byoc_dynamo, model: llama-3.1-8b, weights: fp8, gpu: H100-SXM-80GB, "
        + "tensor_parallel: 1, fallback: none}\n");
    return ScenarioLoader.load(f);
  }

  /** A source of {@code withHashes} or {@code without} that counts its opens in {@code opened} (without, with). */
  private static TraceSource counted(int[] opened, List<TraceRecord> withHashes, List<TraceRecord> without) {
    return TraceSource.of(hashes -> {
      opened[hashes ? 1 : 0]++;
      return ReplayTest.reader(hashes ? withHashes : without);
    });
  }

  @Test
  void trafficPass_opensWithoutHashes_andTheReplayIsTheSame() throws Exception {
    List<TraceRecord> trace = ClusterReplayTest.chat(5);
    List<TraceRecord> hashless = trace.stream().map(r -> r.withBlockHashes(null)).toList();
    Scenario sc = sizedFromTraffic();
    int[] opened = new int[2]; // without hashes, with
    TraceSource split = counted(opened, trace, hashless);
    Replay.Result whole = Replay.run(() -> ReplayTest.reader(trace), sc, CatalogLoader.bundled(), ReplayTest.DAY, 7,
        tmp.resolve("whole"));
    Replay.Result light = Replay.run(split, sc, CatalogLoader.bundled(), ReplayTest.DAY, 7, tmp.resolve("light"));
    assertArrayEquals(new int[] {1, 1}, opened, "the profile pass without hashes, the replay with them");
    assertEquals(whole.summary(), light.summary());
    assertEquals(whole.paths().get(0).stats().requests, trace.size());
  }

  /**
   * A profile made from records the caller read anyway saves the replay its first pass, and the replay is the same;
   * one made at another window is not taken (the replay profiles the trace itself).
   */
  @Test
  void profiler_fedTheRecords_savesTheFirstPass_atItsWindowOnly() throws Exception {
    List<TraceRecord> trace = ClusterReplayTest.chat(5);
    Scenario sc = sizedFromTraffic();
    int[] opened = new int[2]; // without hashes, with
    TraceSource counted = counted(opened, trace, trace);
    Replay.Result own = Replay.run(counted, sc, CatalogLoader.bundled(), ReplayTest.DAY, 7, tmp.resolve("own"));
    assertArrayEquals(new int[] {1, 1}, opened);
    Replay.Profiler profiler = new Replay.Profiler(sc);
    trace.forEach(profiler);
    Replay.Result given = Replay.run(counted, sc, CatalogLoader.bundled(), ReplayTest.DAY, 7, tmp.resolve("given"),
        RecordTap.NONE, Replay.Finisher.NONE, profiler);
    assertArrayEquals(new int[] {1, 2}, opened, "no first pass: the replay's read alone");
    assertEquals(own.summary(), given.summary());
    Replay.Profiler other = new Replay.Profiler(sc.withWindowUs(2 * sc.windowUs()));
    trace.forEach(other);
    Replay.run(counted, sc, CatalogLoader.bundled(), ReplayTest.DAY, 7, tmp.resolve("other"), RecordTap.NONE,
        Replay.Finisher.NONE, other);
    assertArrayEquals(new int[] {2, 3}, opened, "another window's profile: the replay's own first pass");
  }

  @Test
  void tap_getsEveryRecordAsRead_inOrder_thenTheEndOnce() throws Exception {
    List<TraceRecord> trace = ClusterReplayTest.chat(5);
    Path f = tmp.resolve("s.yaml");
    // A purge rewrites the hashes the paths see; the tap gets the records as read.
    Files.writeString(f, "paths:\n  - {name: a, profile: managed, target: anthropic/claude-sonnet-4-5}\n"
        + "purge:\n  - {at: +20s, tenant: acme}\n");
    Scenario sc = ScenarioLoader.load(f);
    List<TraceRecord> tapped = new java.util.ArrayList<>();
    int[] ends = new int[1];
    RecordTap tap = new RecordTap() {
      @Override
      public void accept(TraceRecord r) {
        assertEquals(0, ends[0], "no record after the end");
        tapped.add(r);
      }

      @Override
      public void end() {
        ends[0]++;
      }
    };
    Replay.run(() -> ReplayTest.reader(trace), sc, CatalogLoader.bundled(), ReplayTest.DAY, 7, tmp.resolve("t"), tap,
        Replay.Finisher.NONE);
    assertEquals(trace, tapped);
    assertEquals(1, ends[0]);
  }
}
