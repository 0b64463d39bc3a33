package io.replaygate.replay.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.replaygate.replay.byoc.ClusterConfig;
import io.replaygate.replay.scenario.Scenario;
import io.replaygate.replay.scenario.ScenarioLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The search itself, over a stand-in cell runner whose figures are a known function of the settings (the real runner,
 * {@link ReplayCell}, is exercised end to end by the CLI's plan test): bisection, pruning, sampling, the frontier, the
 * winner, and the invariant that results do not depend on the number of workers.
 */
class PlannerTest {
  static final String BASE = """
      paths:
        - {name: base, profile: managed, target: anthropic/claude-sonnet-4-5}
        - name: lane
          profile: byoc_dynamo
          model: llama-3.1-70b
          weights: bf16
          router: {name: dynamo_kv, overlap_weight: 2}
          scaling: {policy: reactive, min: 1, max: 4, metric: ttft, target: 800}
          fallback: anthropic/claude-sonnet-4-5
        - {name: other, profile: managed, target: openai/gpt-5}
      """;

  static ObjectNode base() throws Exception {
    return (ObjectNode) new YAMLMapper().readTree(BASE);
  }

  static PlanSpec spec(List<PlanSpec.Axis> axes, PlanSpec.Range range, PlanSpec.Objective o, int budget, long seed)
      throws Exception {
    return new PlanSpec("plan.yaml", base(), "lane", "base", null, axes, range, o, budget, seed);
  }

  static PlanSpec.Axis axis(PlanDimension d, Object... values) {
    List<JsonNode> v = new ArrayList<>();
    for (Object o : values) {
      v.add(o instanceof Integer i ? IntNode.valueOf(i) : TextNode.valueOf(o.toString()));
    }
    return new PlanSpec.Axis(d, v);
  }

  /** Cost grows with the fleet, SLO is met from {@code needed} replicas on; every rule but SLO holds. */
  static Planner.CellRunner fleet(int needed, List<Integer> probed) {
    return cell -> {
      int n = cell.settings().get("replicas").asInt();
      synchronized (probed) {
        probed.add(n);
      }
      boolean slo = n >= needed;
      return new CellResult(cell, CellResult.Status.OK, null, new CellResult.Figures(100.0 * n, 1000.0 * n, 5000, 0, 0,
          0, slo ? 0.99 : 0.5, 0.99, 0, 0.8, 0, n, n, slo ? List.of() : List.of("slo")));
    };
  }

  @Test
  void bisect_findsTheSmallestFleetMeetingTheSlo_withinTheProbeBound() throws Exception {
    for (int needed = 1; needed <= 17; needed++) {
      List<Integer> probed = new ArrayList<>();
      PlanSpec s = spec(List.of(), new PlanSpec.Range(1, 16), PlanSpec.Objective.CHEAPEST, 200, 1);
      Planner.Outcome o = Planner.run(s, fleet(needed, probed), 1, Planner.Progress.NONE);
      assertTrue(probed.size() <= s.replicas().probes(), probed + " within " + s.replicas().probes());
      assertEquals(16, probed.get(0), "the top of the range first");
      if (needed > 16) {
        assertEquals(List.of(16), probed, "the top misses: no fleet in range meets the SLO, one replay");
        assertEquals(-1, o.winner());
      } else {
        assertEquals(needed, o.cells().get(o.winner()).cell().settings().get("replicas").asInt());
        assertTrue(needed == 1 || probed.contains(needed - 1), "the fleet below was tried and missed: " + probed);
      }
      List<Integer> order = o.cells().stream().map(c -> c.cell().settings().get("replicas").asInt()).toList();
      List<Integer> sorted = new ArrayList<>(order);
      Collections.sort(sorted);
      assertEquals(sorted, order, "cells by replica count");
    }
  }

  @Test
  void bisect_prunedTop_stopsTheGroup() throws Exception {
    List<Integer> probed = new ArrayList<>();
    Planner.CellRunner pruned = cell -> {
      probed.add(cell.settings().get("replicas").asInt());
      return new CellResult(cell, CellResult.Status.PRUNED, "does not fit", null);
    };
    Planner.Outcome o = Planner.run(spec(List.of(), new PlanSpec.Range(1, 8), PlanSpec.Objective.CHEAPEST, 200, 1),
        pruned, 2, Planner.Progress.NONE);
    assertEquals(List.of(8), probed);
    assertEquals(-1, o.winner());
    assertEquals(List.of(), o.frontier());
  }

  @Test
  void pareto_sweepsTheRangeWhole() throws Exception {
    List<Integer> probed = new ArrayList<>();
    Planner.Outcome o = Planner.run(spec(List.of(), new PlanSpec.Range(2, 6), PlanSpec.Objective.PARETO, 200, 1),
        fleet(4, probed), 2, Planner.Progress.NONE);
    assertEquals(5, o.cells().size());
    assertTrue(o.cells().stream().allMatch(c -> c.cell().search().equals("grid")));
    assertEquals(4, o.cells().get(o.winner()).cell().settings().get("replicas").asInt());
    // Frontier by hand: 2 ($2k, 50%) and 4 ($4k, 99%); 3 is beaten by 2 (same SLO, cheaper); 5 and 6 by 4.
    assertEquals(List.of(0, 2), o.frontier());
  }

  @Test
  void frontier_andWinner_byHand() {
    List<CellResult> cells = new ArrayList<>();
    double[][] costSlo = {{300, 0.90}, {100, 0.80}, {200, 0.95}, {200, 0.85}, {400, 0.99}, {100, 0.70}};
    boolean[] passes = {true, false, true, true, false, false};
    for (int i = 0; i < costSlo.length; i++) {
      PlanCell c = new PlanCell(i, "grid", Map.of(), "", i);
      cells.add(new CellResult(c, CellResult.Status.OK, null, new CellResult.Figures(0, costSlo[i][0], 0, 0, 0, 0,
          costSlo[i][1], 0, 0, null, 0, 1, 1, passes[i] ? List.of() : List.of("materiality"))));
    }
    cells.add(new CellResult(new PlanCell(9, "grid", Map.of(), "", 9), CellResult.Status.FAILED, "x", null));
    // Cheapest first: 100/0.80 (index 1) beats 100/0.70; 200/0.95 (2) beats 200/0.85 and 300/0.90; 400/0.99 (4).
    assertEquals(List.of(1, 2, 4), Planner.frontier(cells));
    assertEquals(2, Planner.winner(cells), "the cheapest passing: index 2 ($200) before index 3 (same cost, later)");
  }

  @Test
  void sample_overBudget_isASeededSubsetInGridOrder() throws Exception {
    List<PlanSpec.Axis> axes = List.of(axis(PlanDimension.TENSOR_PARALLEL, 1, 2, 4, 8),
        axis(PlanDimension.EVICTION, "lru", "lfu"), axis(PlanDimension.MAX_BATCH_TOKENS, 2048, 4096, 8192));
    PlanSpec s = spec(axes, new PlanSpec.Range(1, 8), PlanSpec.Objective.CHEAPEST, 40, 7);
    assertEquals(24, Planner.grid(s).size());
    List<Integer> a = Planner.sample(s, 24);
    assertEquals(40 / s.replicas().probes(), a.size(), "as many combinations as the budget's bisections");
    List<Integer> sorted = new ArrayList<>(a);
    Collections.sort(sorted);
    assertEquals(sorted, a);
    assertEquals(a, Planner.sample(s, 24), "the same seed, the same sample");
    assertNotEquals(a, Planner.sample(spec(axes, s.replicas(), s.objective(), 40, 8), 24));
    assertEquals(24, Planner.sample(spec(axes, null, s.objective(), 40, 7), 24).size(), "within budget: all");
  }

  @Test
  void run_resultsDoNotDependOnWorkersOrFinishingOrder() throws Exception {
    List<PlanSpec.Axis> axes = List.of(axis(PlanDimension.TENSOR_PARALLEL, 2, 4, 8), axis(PlanDimension.EVICTION,
        "lru", "lfu"));
    PlanSpec s = spec(axes, new PlanSpec.Range(1, 9), PlanSpec.Objective.CHEAPEST, 200, 3);
    Planner.CellRunner jittery = cell -> {
      try {
        Thread.sleep(ThreadLocalRandom.current().nextInt(5)); // finish in any order
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      int n = cell.settings().get("replicas").asInt();
      int tp = cell.settings().get("tensor_parallel").asInt();
      boolean slo = n * tp >= 12;
      return new CellResult(cell, CellResult.Status.OK, null, new CellResult.Figures(n * tp, n * tp * 10.0, 0, 0, 0,
          0, slo ? 0.99 : 0.5, 0.99, 0, 0.8, 0, n, n, slo ? List.of() : List.of("slo")));
    };
    Planner.Outcome one = Planner.run(s, jittery, 1, Planner.Progress.NONE);
    Planner.Outcome four = Planner.run(s, jittery, 4, Planner.Progress.NONE);
    assertEquals(one, four);
    // Each cell's seed is a function of the plan's seed and its settings alone.
    for (CellResult c : one.cells()) {
      assertEquals(Planner.seed(3, c.cell().settings()), c.cell().seed());
    }
    assertEquals(one.cells().size(), one.cells().stream().map(c -> c.cell().seed()).distinct().count());
  }

  @Test
  void cell_writesTheSettingsIntoTheVariedPath_keepsOnlyBaselineAndPath_andLoads() throws Exception {
    PlanSpec s = spec(List.of(), null, PlanSpec.Objective.CHEAPEST, 200, 5);
    PlanCell c = Planner.cell(s, 0, "grid", Map.of("gpu", TextNode.valueOf("H200-SXM-141GB"),
        "tensor_parallel", IntNode.valueOf(2), "replicas", IntNode.valueOf(3), "router", TextNode.valueOf("epp"),
        "price_model", TextNode.valueOf("reserved")));
    Scenario sc = ScenarioLoader.parse(c.scenario(), "cell");
    assertEquals(List.of("base", "lane"), sc.paths().stream().map(Scenario.PathConfig::name).toList());
    ClusterConfig.Deployment d = sc.paths().get(1).cluster().deployments().get(0);
    assertEquals("H200-SXM-141GB", d.gpu());
    assertEquals(2, d.tp());
    assertEquals(3, d.scaling().replicas(), "replicas replace the base's reactive scaling");
    assertEquals("epp", d.router().router().wireName(), "a router by name, its parameters at their defaults");
    assertEquals(c.seed(), sc.seed(), "the cell's seed is in its scenario: run --scenario replays it");
  }

  @Test
  void unfit_namesWhyAFleetCannotHoldTheModel() throws Exception {
    PlanSpec s = spec(List.of(), null, PlanSpec.Objective.CHEAPEST, 200, 5);
    Scenario one = ScenarioLoader.parse(Planner.cell(s, 0, "grid", Map.of("tensor_parallel", IntNode.valueOf(1)))
        .scenario(), "cell");
    assertTrue(ReplayCell.unfit(one).contains("does not fit on 1 × H100-SXM-80GB"), ReplayCell.unfit(one));
    Scenario four = ScenarioLoader.parse(Planner.cell(s, 0, "grid", Map.of("tensor_parallel", IntNode.valueOf(4)))
        .scenario(), "cell");
    assertNull(ReplayCell.unfit(four));
  }
}
