package io.replaygate.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.replaygate.costmodel.catalog.CatalogLoader;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioLoader;
import io.replaygate.trace.TraceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first pass over a trace (the traffic profile a fleet is sized from) reads it without the block hashes. */
class TraceSourceTest {
  @TempDir
  Path tmp;

  @Test
  void trafficPass_opensWithoutHashes_andTheReplayIsTheSame() throws Exception {
    List<TraceRecord> trace = ClusterReplayTest.chat(5);
    List<TraceRecord> hashless = trace.stream().map(r -> r.withBlockHashes(null)).toList();
    Path f = tmp.resolve("s.yaml");
    // No replica count: the fleet is sized from the traffic, which needs the first pass.
    Files.writeString(f, "paths:\n  - {name: b, profile: byoc_dynamo, model: llama-3.1-8b, weights: fp8, gpu: H100-SXM-80GB, "
        + "tensor_parallel: 1, fallback: none}\n");
    Scenario sc = ScenarioLoader.load(f);
    int[] opened = new int[2]; // without hashes, with
    TraceSource split = TraceSource.of(hashes -> {
      opened[hashes ? 1 : 0]++;
      return ReplayTest.reader(hashes ? trace : hashless);
    });
    Replay.Result whole = Replay.run(() -> ReplayTest.reader(trace), sc, CatalogLoader.bundled(), ReplayTest.DAY, 7,
        tmp.resolve("whole"));
    Replay.Result light = Replay.run(split, sc, CatalogLoader.bundled(), ReplayTest.DAY, 7, tmp.resolve("light"));
    assertArrayEquals(new int[] {1, 1}, opened, "the profile pass without hashes, the replay with them");
    assertEquals(whole.summary(), light.summary());
    assertEquals(whole.paths().get(0).stats().requests, trace.size());
  }
}
