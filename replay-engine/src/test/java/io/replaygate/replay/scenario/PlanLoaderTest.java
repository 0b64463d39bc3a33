package io.replaygate.replay.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.replaygate.replay.plan.PlanDimension;
import io.replaygate.replay.plan.PlanSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plan files: what is read, and every mistake an error at the plan file's line, before anything replays. */
class PlanLoaderTest {
  @TempDir
  Path dir;

  static PlanLoader.DefaultBase defaults() throws Exception {
    ObjectNode tree = (ObjectNode) new YAMLMapper().readTree("""
        paths:
          - {name: managed:observed, profile: managed, target: observed}
          - {name: byoc_dynamo, profile: byoc_dynamo, fallback: observed}
        """);
    return new PlanLoader.DefaultBase(tree, "managed:observed", "byoc_dynamo");
  }

  private PlanSpec load(String yaml) throws Exception {
    Path f = Files.writeString(dir.resolve("plan.yaml"), yaml);
    return PlanLoader.load(f, defaults(), 42);
  }

  @Test
  void load_readsAxesRangeObjectiveBudgetSeed() throws Exception {
    PlanSpec s = load("""
        vary:
          gpu: [H100-SXM-80GB, H200-SXM-141GB]
          replicas: {min: 2, max: 9}
          router: [dynamo_kv, {name: epp, prefix_weight: 3}]
        objective: pareto
        budget: 50
        """);
    assertEquals("byoc_dynamo", s.path());
    assertEquals("managed:observed", s.baseline());
    assertEquals(List.of(PlanDimension.GPU, PlanDimension.ROUTER), s.axes().stream().map(PlanSpec.Axis::dimension)
        .toList());
    assertEquals(new PlanSpec.Range(2, 9), s.replicas());
    assertEquals(PlanSpec.Objective.PARETO, s.objective());
    assertEquals(50, s.budget());
    assertEquals(42, s.seed(), "the command line's seed when the plan sets none");
  }

  @Test
  void load_scenarioFile_picksTheFirstClusterPathAndManagedBaseline() throws Exception {
    Files.writeString(dir.resolve("base.yaml"), """
        seed: 9
        paths:
          - {name: sonnet, profile: managed, target: anthropic/claude-sonnet-4-5}
          - {name: lane, profile: byoc_epp, replicas: 2, fallback: anthropic/claude-sonnet-4-5}
        """);
    PlanSpec s = load("scenario: base.yaml\nvary: {eviction: [lru, lfu]}\n");
    assertEquals("lane", s.path());
    assertEquals("sonnet", s.baseline());
    assertEquals(9, s.seed(), "the base scenario's seed when the plan sets none");
  }

  /** Cells at one growth factor replay the same grown traffic, whatever else they vary: the plan's seed draws it. */
  @Test
  void growth_cellsAtOneFactor_drawTheirCopiesWithThePlansSeed() throws Exception {
    PlanSpec s = load("vary:\n  growth: [1, 1.5]\n  eviction: [lru, lfu]\n");
    java.util.Set<Scenario.Growth> drawn = new java.util.HashSet<>();
    for (String eviction : List.of("lru", "lfu")) {
      var settings = new java.util.LinkedHashMap<String, com.fasterxml.jackson.databind.JsonNode>();
      settings.put("growth", com.fasterxml.jackson.databind.node.DoubleNode.valueOf(1.5));
      settings.put("eviction", com.fasterxml.jackson.databind.node.TextNode.valueOf(eviction));
      var cell = io.replaygate.replay.plan.Planner.cell(s, 0, "grid", settings);
      Scenario sc = ScenarioLoader.parse(cell.scenario(), "cell");
      assertTrue(sc.seed() != 42, "the cell's own seed: " + sc.seed());
      drawn.add(sc.trafficGrowth());
    }
    assertEquals(java.util.Set.of(new Scenario.Growth(1.5, 42L)), drawn);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown dimension|vary: {colour: [red]}|1|unknown key",
      "unknown GPU|vary:\\n  gpu: [H100-SXM-80GB, B300-XL]|2|unknown GPU 'B300-XL'",
      "unknown router|vary:\\n  router:\\n    - dynamo_kv\\n    - fastest|4|router",
      "bad eviction|vary: {eviction: [lru, mru]}|1|unknown eviction policy 'mru'",
      "negative tensor parallel|vary: {tensor_parallel: [-1]}|1|tensor_parallel",
      "range upside down|vary: {replicas: {min: 8, max: 2}}|1|must be between 8",
      "value twice|vary: {eviction: [lru, lru]}|1|listed twice",
      "nothing varied|vary: {}|1|vary at least one dimension",
      "growth zero|vary: {growth: [1, 0]}|1|traffic_growth",
      "replicas and scaling|vary:\\n  replicas: [1, 2]\\n  scaling: [{policy: fixed, replicas: 3}]|3|not both",
      "scaling without policy|vary: {scaling: [{min: 1, max: 3}]}|1|policy",
      "lanes on a BYOC path|vary: {lanes: [1]}|1|only a hybrid path has lanes",
      "deployment of a one-deployment path|deployment: a\\nvary: {eviction: [lru]}|1|drop deployment:",
      "unknown objective|vary: {eviction: [lru]}\\nobjective: fastest|2|unknown value 'fastest'",
      "budget zero|vary: {eviction: [lru]}\\nbudget: 0|2|must be between 1",
      "other path without scenario|path: lane\\nvary: {eviction: [lru]}|1|without a scenario file"})
  void load_mistake_isAnErrorAtItsLine(String what, String yaml, int line, String words) throws Exception {
    ScenarioException e = assertThrows(ScenarioException.class, () -> load(yaml.replace("\\n", "\n")));
    assertTrue(e.getMessage().startsWith(dir.resolve("plan.yaml") + ": line " + line), e.getMessage());
    assertTrue(e.getMessage().contains(words), e.getMessage());
  }

  private Scenario cell(PlanSpec s, String dimension, com.fasterxml.jackson.databind.JsonNode value) {
    var cell = io.replaygate.replay.plan.Planner.cell(s, 0, "grid", java.util.Map.of(dimension, value));
    return ScenarioLoader.parse(cell.scenario(), "cell");
  }

  private static com.fasterxml.jackson.databind.JsonNode yaml(String text) throws Exception {
    return new YAMLMapper().readTree(text);
  }

  /** A gateway of several deployments: the plan names the one it varies, and only that one changes. */
  @Test
  void deployments_theNamedOneIsVaried_theOthersKept() throws Exception {
    Files.writeString(dir.resolve("base.yaml"), """
        paths:
          - {name: sonnet, profile: managed, target: anthropic/claude-sonnet-4-5}
          - name: gw
            profile: byoc_dynamo
            fallback: anthropic/claude-sonnet-4-5
            deployments:
              - {name: big, replicas: 2}
              - {name: spare, replicas: 1, gpu: H100-SXM-80GB}
        """);
    ScenarioException unnamed = assertThrows(ScenarioException.class,
        () -> load("scenario: base.yaml\nvary: {gpu: [H200-SXM-141GB]}\n"));
    assertTrue(unnamed.getMessage().contains("line 2") && unnamed.getMessage().contains("has 2 deployments (big, "
        + "spare): name the one the plan varies with deployment:"), unnamed.getMessage());
    ScenarioException unknown = assertThrows(ScenarioException.class,
        () -> load("scenario: base.yaml\ndeployment: small\nvary: {gpu: [H200-SXM-141GB]}\n"));
    assertTrue(unknown.getMessage().contains("line 2") && unknown.getMessage().contains("no deployment named "
        + "'small' (deployments: big, spare)"), unknown.getMessage());
    PlanSpec s = load("scenario: base.yaml\ndeployment: spare\nvary:\n  gpu: [H200-SXM-141GB]\n"
        + "  replicas: {min: 1, max: 4}\n");
    assertEquals("spare", s.deployment());
    var settings = new java.util.LinkedHashMap<String, com.fasterxml.jackson.databind.JsonNode>();
    settings.put("gpu", yaml("H200-SXM-141GB"));
    settings.put("replicas", yaml("3"));
    Scenario sc = ScenarioLoader.parse(io.replaygate.replay.plan.Planner.cell(s, 0, "grid", settings).scenario(), "c");
    var deps = sc.paths().get(1).cluster().deployments();
    assertEquals(List.of("big", "spare"), deps.stream().map(d -> d.name()).toList());
    assertEquals("H200-SXM-141GB", deps.get(1).gpu());
    assertEquals(3, deps.get(1).scaling().replicas());
    assertEquals(2, deps.get(0).scaling().replicas(), "the other deployment is kept");
    assertTrue(!"H200-SXM-141GB".equals(deps.get(0).gpu()));
    // Varying only the path's or the scenario's keys needs no deployment named.
    assertEquals("big", load("scenario: base.yaml\nvary: {growth: [1, 2]}\n").deployment());
  }

  /** Lanes (a hybrid path's) and autoscalers are dimensions too, written where the scenario file has them. */
  @Test
  void lanesAndScaling_areWrittenWhereTheScenarioHasThem() throws Exception {
    Files.writeString(dir.resolve("base.yaml"), """
        paths:
          - {name: managed:observed, profile: managed, target: observed}
          - {name: lane, profile: hybrid, fallback: observed, replicas: 2}
        """);
    PlanSpec s = load("scenario: base.yaml\nvary:\n  lanes: [1, [coding/a, chat/b], {top: 3}]\n"
        + "  scaling: [{policy: reactive, min: 1, max: 6, target: 2000}]\n");
    assertEquals(new io.replaygate.replay.byoc.ClusterConfig.Lanes(List.of(), 1),
        cell(s, "lanes", yaml("1")).paths().get(1).cluster().lanes());
    assertEquals(new io.replaygate.replay.byoc.ClusterConfig.Lanes(List.of("coding/a", "chat/b"), 1),
        cell(s, "lanes", yaml("[coding/a, chat/b]")).paths().get(1).cluster().lanes());
    assertEquals(new io.replaygate.replay.byoc.ClusterConfig.Lanes(List.of(), 3),
        cell(s, "lanes", yaml("{top: 3}")).paths().get(1).cluster().lanes());
    var scaling = cell(s, "scaling", yaml("{policy: reactive, min: 1, max: 6, target: 2000}")).paths().get(1)
        .cluster().deployments().get(0).scaling();
    assertEquals(io.replaygate.replay.byoc.scale.Autoscalers.REACTIVE, scaling.policy());
    assertEquals(6, scaling.max());
  }

  @Test
  void load_pathThatIsNotACluster_isRefusedByName() throws Exception {
    Files.writeString(dir.resolve("base.yaml"), """
        paths:
          - {name: sonnet, profile: managed, target: anthropic/claude-sonnet-4-5}
          - {name: lane, profile: byoc_epp, replicas: 2}
        """);
    ScenarioException e = assertThrows(ScenarioException.class,
        () -> load("scenario: base.yaml\npath: sonnet\nvary: {eviction: [lru]}\n"));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("must be a BYOC or hybrid path"),
        e.getMessage());
    ScenarioException missing = assertThrows(ScenarioException.class,
        () -> load("scenario: nowhere.yaml\nvary: {eviction: [lru]}\n"));
    assertTrue(missing.getMessage().contains("nowhere.yaml") && missing.getMessage().contains("no such file"),
        missing.getMessage());
  }

  @Test
  void defaultBase_observedOnlyWhenEveryRequestRecordsItsModel() throws Exception {
    String header = "{\"replaygate_trace\":{\"schema_version\":1,\"block_tokens\":64,\"hash_scope\":\"global\","
        + "\"time_origin\":\"epoch\",\"source_format\":\"test\",\"timezone\":\"UTC\",\"block_count_rule\":\"ceil\","
        + "\"capabilities\":\"block_hashes,models\"}}\n";
    String withModel = "{\"arrival_us\":1767607200000000,\"request_id\":\"a\",\"model_path\":\"p\",\"model\":"
        + "\"claude-sonnet-4-5-20250929\",\"provider\":\"anthropic\",\"input_tokens\":64,\"output_tokens\":1,"
        + "\"block_hashes\":[1]}\n";
    String without = "{\"arrival_us\":1767607201000000,\"request_id\":\"b\",\"model_path\":\"p\","
        + "\"input_tokens\":64,\"output_tokens\":1,\"block_hashes\":[2]}\n";
    Path all = Files.writeString(dir.resolve("all.jsonl"), header + withModel);
    Path some = Files.writeString(dir.resolve("some.jsonl"), header + withModel + without);
    PlanLoader.DefaultBase a = PlanLoader.DefaultBase.of(() -> io.replaygate.trace.format.TraceSources.open(all,
        io.replaygate.trace.ReadOptions.DEFAULTS));
    assertEquals("managed:observed", a.baseline());
    PlanLoader.DefaultBase b = PlanLoader.DefaultBase.of(() -> io.replaygate.trace.format.TraceSources.open(some,
        io.replaygate.trace.ReadOptions.DEFAULTS));
    assertEquals(Scenario.DEFAULT_PROVIDER_PATHS.get(0), b.baseline());
    assertEquals(b.baseline().substring("managed:".length()), b.tree().path("paths").get(1).path("fallback").asText());
  }
}
