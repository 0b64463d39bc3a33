package io.replaygate.replay.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Runs a plan: expands its grid (sampled to the budget with the plan's seed), replays every configuration through
 * {@link CellRunner} on a pool of workers, bisects replica ranges, and finds the frontier and the winner.
 *
 * <p>Invariant (tested): the cells, their seeds and their results do not depend on the number of workers or the order
 * they finish in. A cell's seed is a function of the plan's seed and its settings alone; a group's bisection runs on
 * one worker, probe after probe; results are ordered by group, then replica count.
 */
public final class Planner {
  private Planner() {}

  /** Replays one cell. Implementations catch their own failures and return them as {@link CellResult.Status#FAILED}. */
  @FunctionalInterface
  public interface CellRunner {
    CellResult run(PlanCell cell);
  }

  /** Told of each finished cell: how many are done and how many the plan will run at most. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (r, done, planned) -> { };

    void cellDone(CellResult result, int done, int planned);
  }

  /**
   * A plan's outcome.
   *
   * @param cells        every cell run, by group then replica count
   * @param groupsInGrid the grid's combinations before sampling
   * @param groupsRun    the combinations run (fewer when the grid was sampled to the budget)
   * @param frontier     indices (into {@code cells}) of the replayed cells no other beats on both monthly cost and SLO
   *                     attainment, cheapest first
   * @param winner       index of the cheapest cell passing every gate rule, or -1 (none passes)
   */
  public record Outcome(List<CellResult> cells, int groupsInGrid, int groupsRun, List<Integer> frontier, int winner) {
    public Outcome {
      cells = List.copyOf(cells);
      frontier = List.copyOf(frontier);
    }
  }

  private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();

  /** The grid's combinations (every axis's values, the first axis varying slowest), before sampling. */
  public static List<Map<String, JsonNode>> grid(PlanSpec spec) {
    List<Map<String, JsonNode>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (PlanSpec.Axis a : axes(spec)) {
      List<Map<String, JsonNode>> next = new ArrayList<>();
      for (Map<String, JsonNode> m : out) {
        for (JsonNode v : a.values()) {
          Map<String, JsonNode> n = new LinkedHashMap<>(m);
          n.put(a.dimension().wireName(), v);
          next.add(n);
        }
      }
      out = next;
    }
    return out;
  }

  /** The axes swept as a grid: a replica range is one when the objective is the frontier. */
  private static List<PlanSpec.Axis> axes(PlanSpec spec) {
    if (spec.replicas() == null || spec.objective() != PlanSpec.Objective.PARETO) {
      return spec.axes();
    }
    List<JsonNode> counts = new ArrayList<>();
    for (int n = spec.replicas().min(); n <= spec.replicas().max(); n++) {
      counts.add(IntNode.valueOf(n));
    }
    List<PlanSpec.Axis> all = new ArrayList<>(spec.axes());
    all.add(new PlanSpec.Axis(PlanDimension.REPLICAS, counts));
    return all;
  }

  private static boolean bisects(PlanSpec spec) {
    return spec.replicas() != null && spec.objective() == PlanSpec.Objective.CHEAPEST;
  }

  /** Replays each combination takes at most. */
  public static int replaysPerGroup(PlanSpec spec) {
    return bisects(spec) ? spec.replicas().probes() : 1;
  }

  /** The combinations run: the whole grid, or a sample of it (the plan's seed) that fits the budget, in grid order. */
  public static List<Integer> sample(PlanSpec spec, int gridSize) {
    int keep = Math.max(1, spec.budget() / replaysPerGroup(spec));
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < gridSize; i++) {
      all.add(i);
    }
    if (gridSize <= keep) {
      return all;
    }
    UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(spec.seed());
    for (int i = gridSize - 1; i > 0; i--) { // Fisher-Yates
      int j = rng.nextInt(i + 1);
      Integer t = all.get(i);
      all.set(i, all.get(j));
      all.set(j, t);
    }
    List<Integer> chosen = new ArrayList<>(all.subList(0, keep));
    chosen.sort(null);
    return chosen;
  }

  /** The cell of {@code settings}: its scenario file and its seed. */
  public static PlanCell cell(PlanSpec spec, int group, String search, Map<String, JsonNode> settings) {
    long seed = seed(spec.seed(), settings);
    ObjectNode root = spec.base().deepCopy();
    ArrayNode kept = root.arrayNode();
    ObjectNode varied = null;
    for (JsonNode p : spec.base().withArray("paths")) {
      String name = p.path("name").asText();
      if (name.equals(spec.baseline())) {
        kept.add(p.deepCopy());
      } else if (name.equals(spec.path())) {
        varied = p.deepCopy();
        kept.add(varied);
      }
    }
    if (varied == null) {
      throw new IllegalArgumentException("the base scenario has no path named '" + spec.path() + "'");
    }
    ObjectNode deployment = varied;
    if (spec.deployment() != null) {
      deployment = null;
      for (JsonNode d : varied.withArray("deployments")) {
        if (d instanceof ObjectNode o && spec.deployment().equals(d.path("name").asText())) {
          deployment = o;
        }
      }
      if (deployment == null) {
        throw new IllegalArgumentException("path '" + spec.path() + "' has no deployment named '" + spec.deployment()
            + "'");
      }
    }
    for (Map.Entry<String, JsonNode> e : settings.entrySet()) {
      PlanDimension.byName(e.getKey()).orElseThrow().apply(root, varied, deployment, e.getValue());
    }
    root.set("paths", kept);
    root.put("seed", seed);
    // Every cell at one growth factor replays the same grown traffic: its copies are drawn with the plan's seed.
    JsonNode growth = root.get("traffic_growth");
    if (growth != null && growth.isValueNode()) {
      ObjectNode drawn = root.putObject("traffic_growth");
      drawn.set("factor", growth);
      drawn.put("seed", spec.seed());
    }
    String yaml;
    try {
      yaml = YAML.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new PlanCell(group, search, settings, yaml, seed);
  }

  /** A cell's seed: the first 8 bytes of SHA-256 over the plan's seed and the settings (their order included). */
  static long seed(long planSeed, Map<String, JsonNode> settings) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    StringBuilder b = new StringBuilder(Long.toString(planSeed));
    settings.forEach((k, v) -> b.append('\n').append(k).append('=').append(v.toString()));
    byte[] h = md.digest(b.toString().getBytes(StandardCharsets.UTF_8));
    long s = 0;
    for (int i = 0; i < 8; i++) {
      s = (s << 8) | (h[i] & 0xff);
    }
    return s & Long.MAX_VALUE; // non-negative: it is printed and typed back as --seed
  }

  /**
   * What a plan runs: the grid, the combinations {@link #sample} chose from it (in grid order), and the most replays
   * they take.
   */
  public record Schedule(List<Map<String, JsonNode>> grid, List<Integer> chosen, int planned) {
    public Schedule {
      grid = List.copyOf(grid);
      chosen = List.copyOf(chosen);
    }
  }

  public static Schedule schedule(PlanSpec spec) {
    List<Map<String, JsonNode>> grid = grid(spec);
    List<Integer> chosen = sample(spec, grid.size());
    return new Schedule(grid, chosen, chosen.size() * replaysPerGroup(spec));
  }

  /** Runs the plan on {@code workers} threads. */
  public static Outcome run(PlanSpec spec, CellRunner runner, int workers, Progress progress)
      throws InterruptedException {
    return run(spec, schedule(spec), runner, workers, progress);
  }

  /** Runs {@code schedule} (of {@code spec}) on {@code workers} threads. */
  public static Outcome run(PlanSpec spec, Schedule schedule, CellRunner runner, int workers, Progress progress)
      throws InterruptedException {
    AtomicInteger done = new AtomicInteger();
    java.util.function.Consumer<CellResult> counted = r -> {
      synchronized (progress) {
        progress.cellDone(r, done.incrementAndGet(), schedule.planned());
      }
    };
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
      Thread t = new Thread(r, "replaygate-plan");
      t.setDaemon(true);
      return t;
    });
    List<List<CellResult>> groups = new ArrayList<>();
    try {
      List<Future<List<CellResult>>> futures = new ArrayList<>();
      for (int g : schedule.chosen()) {
        futures.add(pool.submit(() -> runGroup(spec, g, schedule.grid().get(g), runner, counted)));
      }
      for (Future<List<CellResult>> f : futures) {
        groups.add(f.get());
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("a plan cell failed outside its runner", e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return assemble(schedule.grid().size(), groups);
  }

  /**
   * One combination of the grid, on the calling thread: one cell, or a replica bisection's probes, ordered by replica
   * count, each handed to {@code done} as it finishes. What an engine distributes (a pool's task here, a Spark task
   * in the spark module).
   */
  public static List<CellResult> runGroup(PlanSpec spec, int group, Map<String, JsonNode> settings, CellRunner runner,
      java.util.function.Consumer<CellResult> done) {
    List<CellResult> cells = new ArrayList<>(bisects(spec) ? bisect(spec, group, settings, runner, done)
        : List.of(runOne(runner, cell(spec, group, "grid", settings), done)));
    cells.sort(Comparator.comparingInt(Planner::replicasOf));
    return cells;
  }

  /** The outcome of the groups run, given in the order {@link #sample} chose them: the frontier and the winner. */
  public static Outcome assemble(int gridSize, List<List<CellResult>> groups) {
    List<CellResult> cells = new ArrayList<>();
    groups.forEach(cells::addAll);
    return new Outcome(cells, gridSize, groups.size(), frontier(cells), winner(cells));
  }

  private static CellResult runOne(CellRunner runner, PlanCell cell, java.util.function.Consumer<CellResult> done) {
    CellResult r = runner.run(cell);
    done.accept(r);
    return r;
  }

  /**
   * The smallest fleet in the range meeting the SLO (assumed monotone in the replica count): the top of the range
   * first (if it misses, no fleet in range meets it), then halving. A pruned top stops the search (no fleet of this
   * shape holds the model); a failed probe counts as missing the SLO.
   */
  static List<CellResult> bisect(PlanSpec spec, int group, Map<String, JsonNode> settings, CellRunner runner,
      java.util.function.Consumer<CellResult> done) {
    List<CellResult> probes = new ArrayList<>();
    int lo = spec.replicas().min();
    int hi = spec.replicas().max();
    CellResult top = runOne(runner, cell(spec, group, "bisection", with(settings, hi)), done);
    probes.add(top);
    if (!top.meetsSlo()) {
      return probes;
    }
    while (lo < hi) {
      int mid = lo + (hi - lo) / 2;
      CellResult r = runOne(runner, cell(spec, group, "bisection", with(settings, mid)), done);
      probes.add(r);
      if (r.meetsSlo()) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return probes;
  }

  private static Map<String, JsonNode> with(Map<String, JsonNode> settings, int replicas) {
    Map<String, JsonNode> m = new LinkedHashMap<>(settings);
    m.put(PlanDimension.REPLICAS.wireName(), IntNode.valueOf(replicas));
    return m;
  }

  private static int replicasOf(CellResult r) {
    JsonNode n = r.cell().settings().get(PlanDimension.REPLICAS.wireName());
    return n == null ? 0 : n.asInt();
  }

  /** Replayed cells no other replayed cell beats on both monthly cost (≤) and SLO attainment (≥), cheapest first. */
  static List<Integer> frontier(List<CellResult> cells) {
    List<Integer> ok = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      if (cells.get(i).status() == CellResult.Status.OK) {
        ok.add(i);
      }
    }
    ok.sort(Comparator.<Integer>comparingDouble(i -> cells.get(i).figures().monthlyUsd())
        .thenComparing(Comparator.<Integer>comparingDouble(i -> cells.get(i).figures().sloAttainment()).reversed())
        .thenComparingInt(i -> i));
    List<Integer> frontier = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    for (int i : ok) {
      double slo = cells.get(i).figures().sloAttainment();
      if (slo > best) {
        frontier.add(i);
        best = slo;
      }
    }
    return frontier;
  }

  /** The cheapest cell (monthly cost) passing every gate rule, the first on a tie; -1 if none passes. */
  static int winner(List<CellResult> cells) {
    int best = -1;
    for (int i = 0; i < cells.size(); i++) {
      CellResult c = cells.get(i);
      if (c.passed() && (best < 0 || c.figures().monthlyUsd() < cells.get(best).figures().monthlyUsd())) {
        best = i;
      }
    }
    return best;
  }
}
