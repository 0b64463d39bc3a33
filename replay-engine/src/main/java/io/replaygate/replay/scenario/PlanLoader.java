package io.replaygate.replay.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.replaygate.costmodel.catalog.GpuCatalog;
import io.replaygate.replay.plan.PlanDimension;
import io.replaygate.replay.plan.PlanSpec;
import io.replaygate.replay.plan.Planner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a plan file ({@code examples/plan.yaml}): the base scenario, the path varied, the dimensions and their values,
 * the objective, the budget and the seed. Every value is checked before anything replays — each written alone into the
 * base scenario and loaded as a scenario, GPU names against the catalog — so a typo is an error at the plan file's line,
 * not a failed cell an hour in.
 */
public final class PlanLoader {
  private PlanLoader() {}

  private static final Set<String> CLUSTER_PROFILES = Set.of("byoc_dynamo", "byoc_epp", "hybrid");

  /**
   * @param defaultBase the base when the plan names no scenario file: a baseline path and a BYOC path (the CLI's
   *                    default scenario), with their names
   */
  public static PlanSpec load(Path file, DefaultBase defaultBase, long defaultSeed) {
    return load(file, defaultBase, defaultSeed, null);
  }

  /**
   * As {@link #load(Path, DefaultBase, long)}, and every catalog id the base scenario file names is checked with
   * {@code catalogProblem} (as {@code run} checks its scenario's): a mistyped fallback is an error at its line, not a
   * failed cell per configuration.
   */
  public static PlanSpec load(Path file, DefaultBase defaultBase, long defaultSeed,
      java.util.function.Function<String, String> catalogProblem) {
    return load(file, () -> defaultBase, defaultSeed, catalogProblem);
  }

  /**
   * As above, the default base made only when the plan names no scenario file (making it may read the trace:
   * {@link DefaultBase#of}).
   */
  public static PlanSpec load(Path file, java.util.function.Supplier<DefaultBase> defaultBaseOf, long defaultSeed,
      java.util.function.Function<String, String> catalogProblem) {
    Node root;
    Path idsIn = null;
    try {
      if (Files.size(file) > ScenarioLoader.MAX_FILE_BYTES) {
        throw new ScenarioException(file.toString(), 0, null, "larger than 4 MiB: not a plan file");
      }
      try (InputStream in = Files.newInputStream(file)) {
        root = Node.parse(in, file.toString());
      }
    } catch (NoSuchFileException e) {
      throw new ScenarioException(file.toString(), 0, null, "no such file");
    } catch (IOException e) {
      throw new ScenarioException(file.toString(), 0, null, "cannot read: " + e.getMessage());
    }
    root.mapOf("scenario", "path", "baseline", "deployment", "vary", "objective", "budget", "seed");
    ObjectNode base;
    String path;
    String baseline;
    if (root.get("scenario") != null) {
      Path scenarioFile = resolve(file, root.get("scenario").string());
      Scenario s = ScenarioLoader.load(scenarioFile);
      idsIn = scenarioFile;
      try {
        base = (ObjectNode) new YAMLMapper().readTree(scenarioFile.toFile());
      } catch (IOException | ClassCastException e) {
        throw root.get("scenario").error("cannot read " + scenarioFile + " as a scenario tree");
      }
      path = pick(root.get("path"), s, true, scenarioFile);
      baseline = pick(root.get("baseline"), s, false, scenarioFile);
    } else {
      DefaultBase defaultBase = defaultBaseOf.get();
      base = defaultBase.tree().deepCopy();
      path = defaultBase.path();
      baseline = defaultBase.baseline();
      for (String k : List.of("path", "baseline")) {
        if (root.get(k) != null && !root.get(k).string().equals(k.equals("path") ? path : baseline)) {
          throw root.get(k).error("without a scenario file the plan varies " + path + " against " + baseline
              + " (name a scenario: to choose other paths)");
        }
      }
    }
    long seed = root.get("seed") == null ? (base.has("seed") ? base.get("seed").asLong() : defaultSeed)
        : root.get("seed").longValue(0, Long.MAX_VALUE);
    PlanSpec.Objective objective = root.get("objective") == null ? PlanSpec.Objective.CHEAPEST
        : PlanSpec.Objective.valueOf(root.get("objective").choice("cheapest", "pareto").toUpperCase(java.util.Locale.ROOT));
    int budget = root.get("budget") == null ? PlanSpec.DEFAULT_BUDGET : root.get("budget").intValue(1, 1_000_000);
    List<PlanSpec.Axis> axes = new ArrayList<>();
    PlanSpec.Range range = null;
    Node vary = root.require("vary").mapOf(PlanDimension.names().toArray(String[]::new));
    if (vary.map.isEmpty()) {
      throw vary.error("vary at least one dimension (" + String.join(", ", PlanDimension.names()) + ")");
    }
    List<Node> valueNodes = new ArrayList<>();
    List<PlanDimension> valueDims = new ArrayList<>();
    for (Map.Entry<String, Node> e : vary.map.entrySet()) {
      PlanDimension d = PlanDimension.byName(e.getKey()).orElseThrow();
      Node v = e.getValue();
      if (d == PlanDimension.REPLICAS && v.kind == Node.Kind.MAP) {
        v.mapOf("min", "max");
        int min = v.require("min").intValue(1, 100_000);
        int max = v.require("max").intValue(min, 100_000);
        range = new PlanSpec.Range(min, max);
        continue;
      }
      List<JsonNode> values = new ArrayList<>();
      for (Node item : v.items()) {
        JsonNode j = json(item);
        if (values.contains(j)) {
          throw item.error("listed twice");
        }
        values.add(j);
        valueNodes.add(item);
        valueDims.add(d);
      }
      if (values.isEmpty()) {
        throw v.error("give at least one value");
      }
      axes.add(new PlanSpec.Axis(d, values));
    }
    if (vary.get("replicas") != null && vary.get("scaling") != null) {
      throw vary.get("scaling").error("vary replicas (fixed fleets) or scaling (autoscalers), not both");
    }
    String deployment = deployment(root, base, path,
        axes.stream().anyMatch(a -> a.dimension().level() == PlanDimension.Level.DEPLOYMENT) || range != null);
    PlanSpec spec = new PlanSpec(file.toString(), base, path, baseline, deployment, axes, range, objective, budget,
        seed);
    for (int i = 0; i < valueNodes.size(); i++) {
      check(spec, valueDims.get(i), valueNodes.get(i));
    }
    if (range != null) {
      check(spec, PlanDimension.REPLICAS, vary.get("replicas").get("max"));
    }
    if (idsIn != null && catalogProblem != null) { // last: the plan's own mistakes come first
      ScenarioLoader.checkCatalogIds(idsIn, catalogProblem);
    }
    return spec;
  }

  /**
   * The deployment the plan varies: for a path with {@code deployments:}, the plan's {@code deployment:} (required
   * when it has several and a deployment's key is varied; its only one otherwise); {@code null} for a path of one
   * deployment, whose keys sit at the path's level.
   */
  private static String deployment(Node root, ObjectNode base, String path, boolean variesADeployment) {
    Node named = root.get("deployment");
    List<String> names = new ArrayList<>();
    for (JsonNode p : base.withArray("paths")) {
      if (p.path("name").asText().equals(path)) {
        p.path("deployments").forEach(d -> names.add(d.path("name").asText()));
      }
    }
    if (names.isEmpty()) {
      if (named != null) {
        throw named.error("path '" + path + "' has one deployment, its keys at the path's level: drop deployment:");
      }
      return null;
    }
    if (named != null) {
      if (!names.contains(named.string())) {
        throw named.error("path '" + path + "' has no deployment named '" + named.string() + "' (deployments: "
            + String.join(", ", names) + ")");
      }
      return named.string();
    }
    if (names.size() > 1 && variesADeployment) {
      throw root.require("vary").error("path '" + path + "' has " + names.size() + " deployments ("
          + String.join(", ", names) + "): name the one the plan varies with deployment:");
    }
    return names.get(0);
  }

  /** The default base: a scenario tree and the names of its baseline and varied paths. */
  public record DefaultBase(ObjectNode tree, String baseline, String path) {
    /**
     * {@code run}'s default sides: each request's own recorded model ({@code managed:observed}) against
     * {@code byoc_dynamo} overflowing to it; a trace with a request that records no model uses the default managed
     * target for both (read until the first such request).
     */
    public static DefaultBase of(io.replaygate.replay.TraceSource source) {
      boolean observed = true;
      try (io.replaygate.trace.TraceReader r = source.open()) {
        while (observed && r.hasNext()) {
          var rec = r.next();
          observed = rec.model() != null && !rec.model().isBlank();
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      String target = observed ? io.replaygate.replay.managed.ObservedRouting.TARGET
          : Scenario.DEFAULT_PROVIDER_PATHS.get(0).substring("managed:".length());
      return observed(target);
    }

    /** The default sides with {@code target} as the baseline's and the fallback's managed target. */
    public static DefaultBase observed(String target) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      var paths = root.putArray("paths");
      paths.addObject().put("name", "managed:" + target).put("profile", "managed").put("target", target);
      paths.addObject().put("name", "byoc_dynamo").put("profile", "byoc_dynamo").put("fallback", target);
      return new DefaultBase(root, "managed:" + target, "byoc_dynamo");
    }
  }

  /** One value alone in the base scenario must load as a scenario; a GPU name must be in the catalog. */
  private static void check(PlanSpec spec, PlanDimension d, Node value) {
    JsonNode j = json(value);
    if (d == PlanDimension.GPU) {
      try {
        GpuCatalog.bundled().spec(j.asText());
      } catch (RuntimeException e) {
        throw value.error(e.getMessage());
      }
    }
    String yaml = Planner.cell(spec, 0, "check", Map.of(d.wireName(), j)).scenario();
    try {
      ScenarioLoader.parse(yaml, "check");
    } catch (ScenarioException e) {
      throw value.error(d.wireName() + " (" + d.where() + "): " + e.problem());
    }
  }

  private static Path resolve(Path planFile, String name) {
    Path p = Path.of(name);
    Path dir = planFile.toAbsolutePath().getParent();
    return p.isAbsolute() || dir == null ? p : dir.resolve(p);
  }

  /** The named path (checked), or the first BYOC or hybrid path ({@code varied}) / managed path (the baseline). */
  private static String pick(Node named, Scenario s, boolean varied, Path scenarioFile) {
    String what = varied ? "path" : "baseline";
    for (Scenario.PathConfig p : s.paths()) {
      String profile = p.profile().name().toLowerCase(java.util.Locale.ROOT);
      boolean fits = varied ? CLUSTER_PROFILES.contains(profile) : p.profile() == Scenario.Profile.MANAGED
          || p.profile() == Scenario.Profile.BYOK;
      if (named == null ? fits : p.name().equals(named.string())) {
        if (!fits) {
          throw named.error(what + " '" + p.name() + "' is a " + profile + " path: the " + what + " must be "
              + (varied ? "a BYOC or hybrid path" : "a managed or BYOK path"));
        }
        return p.name();
      }
    }
    String known = String.join(", ", s.paths().stream().map(Scenario.PathConfig::name).toList());
    if (named != null) {
      throw named.error("no path named '" + named.string() + "' in " + scenarioFile + " (paths: " + known + ")");
    }
    throw new ScenarioException(scenarioFile.toString(), 0, null, "no " + (varied ? "BYOC or hybrid" : "managed")
        + " path to " + (varied ? "vary" : "measure savings against") + " (paths: " + known + ")");
  }

  /** A YAML value as a JSON tree: whole numbers and decimals typed, so a cell's scenario file reads naturally. */
  static JsonNode json(Node n) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (n.kind) {
      case MAP -> {
        ObjectNode o = f.objectNode();
        n.map.forEach((k, v) -> o.set(k, json(v)));
        yield o;
      }
      case LIST -> {
        var a = f.arrayNode();
        n.list.forEach(v -> a.add(json(v)));
        yield a;
      }
      case SCALAR -> {
        String t = n.text;
        if (t == null) {
          yield f.nullNode();
        } else if (t.matches("-?[0-9]{1,18}")) { // typed as Jackson reads JSON, so a tree survives a round trip
          long v = Long.parseLong(t);
          yield v == (int) v ? f.numberNode((int) v) : f.numberNode(v);
        } else if (t.matches("-?[0-9]+\\.[0-9]+")) {
          yield f.numberNode(Double.parseDouble(t));
        } else {
          yield f.textNode(t);
        }
      }
    };
  }
}
