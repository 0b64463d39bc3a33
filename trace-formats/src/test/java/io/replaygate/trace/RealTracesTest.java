package io.replaygate.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replaygate.trace.format.TraceFormat;
import io.replaygate.trace.format.TraceSources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The readers against the real public samples in {@code shared/traces}, checked record by record
 * against a straightforward parser written here independently of the production code (Jackson trees,
 * String.split, java.time).
 */
@EnabledIf("io.replaygate.trace.SharedTraces#present")
class RealTracesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the independent parser sees of one request. */
  record Expected(long arrivalUs, int input, int output, int blocks) {}

  @ParameterizedTest
  @ValueSource(strings = {"mooncake/conversation_trace.jsonl", "mooncake/synthetic_trace.jsonl"})
  void mooncake_matchesIndependentParse(String name) throws IOException {
    Path file = SharedTraces.resolve(name);
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    List<TraceRecord> records = Traces.readAll(TraceSources.open(file, ReadOptions.DEFAULTS));
    if (name.startsWith("mooncake/conversation")) {
      assertEquals(12_031, records.size());
    } else {
      assertEquals(3_993, records.size());
    }
    assertEquals(lines.size(), records.size());
    long inSum = 0, outSum = 0, blockSum = 0;
    for (int i = 0; i < lines.size(); i++) {
      JsonNode n = lines.get(i);
      TraceRecord r = records.get(i);
      assertEquals(n.get("timestamp").asLong() * 1000, r.arrivalUs(), "line " + (i + 1));
      assertEquals(n.get("input_length").asInt(), r.inputTokens());
      assertEquals(n.get("output_length").asInt(), r.outputTokens());
      long[] ids = new long[n.get("hash_ids").size()];
      for (int k = 0; k < ids.length; k++) {
        ids[k] = n.get("hash_ids").get(k).asLong();
      }
      assertArrayEquals(ids, r.blockHashes());
      // Block-hash consistency: ceil(input/512) ids, the last block partial.
      assertEquals((n.get("input_length").asInt() + 511) / 512, ids.length);
      if (i > 0) {
        assertTrue(r.arrivalUs() >= records.get(i - 1).arrivalUs(), "monotonic arrivals");
      }
      inSum += n.get("input_length").asLong();
      outSum += n.get("output_length").asLong();
      blockSum += ids.length;
    }
    long finalIn = inSum, finalOut = outSum, finalBlocks = blockSum;
    assertEquals(finalIn, records.stream().mapToLong(TraceRecord::inputTokens).sum());
    assertEquals(finalOut, records.stream().mapToLong(TraceRecord::outputTokens).sum());
    assertEquals(finalBlocks, records.stream().mapToLong(TraceRecord::blockCount).sum());
  }

  @Test
  void mooncakeConversation_knownTotals() {
    // Totals of the dated sample, as computed by the independent parse above (pinned so a silent change
    // in the shared file or the reader shows up).
    List<TraceRecord> records = Traces.readAll(TraceSources.open(
        SharedTraces.resolve("mooncake/conversation_trace.jsonl"), ReadOptions.DEFAULTS));
    assertEquals(144_793_823L, records.stream().mapToLong(TraceRecord::inputTokens).sum());
    assertEquals(4_122_048L, records.stream().mapToLong(TraceRecord::outputTokens).sum());
    assertEquals(288_500L, records.stream().mapToLong(TraceRecord::blockCount).sum());
  }

  @ParameterizedTest
  @ValueSource(strings = {"azure_llm_2023/AzureLLMInferenceTrace_code.csv", "azure_llm_2023/AzureLLMInferenceTrace_conv.csv"})
  void azure_matchesIndependentParse(String name) throws IOException {
    Path file = SharedTraces.resolve(name);
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSS");
    List<Expected> expected = new ArrayList<>();
    List<String> lines = Files.readAllLines(file);
    assertEquals("TIMESTAMP,ContextTokens,GeneratedTokens", lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      String[] c = line.split(",");
      LocalDateTime t = LocalDateTime.parse(c[0], f);
      long us = t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + t.getNano() / 1000;
      expected.add(new Expected(us, Integer.parseInt(c[1]), Integer.parseInt(c[2]), 0));
    }
    List<TraceRecord> records = Traces.readAll(TraceSources.open(file, ReadOptions.DEFAULTS));
    assertEquals(name.contains("_code") ? 8_819 : 19_366, records.size());
    // The model path comes from the file name, without Azure's common prefix.
    assertEquals(name.contains("_code") ? "azure/code" : "azure/conv", records.get(0).modelPath());
    assertEquals(expected, records.stream().map(r -> new Expected(r.arrivalUs(), r.inputTokens(), r.outputTokens(),
        r.blockCount())).toList());
    for (int i = 1; i < records.size(); i++) {
      assertTrue(records.get(i).arrivalUs() >= records.get(i - 1).arrivalUs(), "monotonic at row " + (i + 1));
    }
  }

  @Test
  void weka_allFiles_flattenNestedRequestsWithAbsoluteTimes() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(SharedTraces.resolve("weka_claude_code"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted(Comparator.comparing(Path::toString)).toList();
    }
    // Independent flattening: absolute time = sum of the t's on the way down; sorted per file.
    Map<String, List<Expected>> expectedBySession = new HashMap<>();
    long hashes = 0;
    for (Path f : files) {
      JsonNode root = JSON.readTree(f.toFile());
      hashes += flatten(root.get("requests"), 0.0, root.get("id").asText(), expectedBySession);
    }
    // Aligned placement: every file starts at 0, so arrival = absolute time within the file.
    ReadOptions aligned = ReadOptions.DEFAULTS.withSessionPlacement(new SessionPlacement.Aligned());
    List<TraceRecord> records = Traces.readAll(TraceFormat.WEKA.open(files, aligned));
    assertEquals(3_256, records.size());
    assertEquals(hashes, records.stream().mapToLong(TraceRecord::blockCount).sum());
    assertEquals(4_991_723L, hashes);
    Map<String, List<Expected>> actualBySession = new HashMap<>();
    for (TraceRecord r : records) {
      actualBySession.computeIfAbsent(r.sessionId(), k -> new ArrayList<>())
          .add(new Expected(r.arrivalUs(), r.inputTokens(), r.outputTokens(), r.blockCount()));
      assertEquals(r.inputTokens() / 64, r.blockCount(), "floor(in/64) hashes");
    }
    Comparator<Expected> order = Comparator.comparingLong(Expected::arrivalUs).thenComparingInt(Expected::input);
    expectedBySession.values().forEach(l -> l.sort(order));
    actualBySession.values().forEach(l -> l.sort(order));
    assertEquals(expectedBySession, actualBySession);
    for (int i = 1; i < records.size(); i++) {
      assertTrue(records.get(i).arrivalUs() >= records.get(i - 1).arrivalUs());
    }
  }

  @Test
  void weka_localHashIds_neverCollideAcrossFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(SharedTraces.resolve("weka_claude_code"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    // Every file numbers its blocks from 1, so raw ids collide across files; namespaced ones must not.
    Map<String, Set<Long>> byFile = new HashMap<>();
    for (TraceRecord r : Traces.readAll(TraceFormat.WEKA.open(files, ReadOptions.DEFAULTS))) {
      String file = r.sessionId().split("/")[0];
      Set<Long> set = byFile.computeIfAbsent(file, k -> new HashSet<>());
      for (long h : r.blockHashes()) {
        set.add(h);
      }
    }
    Set<Long> all = new HashSet<>();
    long total = 0;
    for (Set<Long> s : byFile.values()) {
      all.addAll(s);
      total += s.size();
    }
    assertEquals(total, all.size(), "no id shared between two files");
    assertEquals(files.size(), byFile.size());
  }

  private static long flatten(JsonNode requests, double base, String session, Map<String, List<Expected>> out) {
    long hashes = 0;
    for (JsonNode r : requests) {
      double t = base + r.get("t").asDouble();
      if (r.has("requests")) {
        hashes += flatten(r.get("requests"), t, session + "/" + r.get("agent_id").asText(), out);
      } else {
        out.computeIfAbsent(session, k -> new ArrayList<>()).add(new Expected(Math.round(t * 1e6),
            r.get("in").asInt(), r.get("out").asInt(), r.get("hash_ids").size()));
        hashes += r.get("hash_ids").size();
      }
    }
    return hashes;
  }
}
