package io.replaygate.replay.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a plan may vary, by name (adding one is a line here): each is a key of a deployment of the varied path in the
 * scenario file (DESIGN §4; {@code examples/byoc-cluster.yaml}) — the path's own level for a path of one
 * deployment, the plan's {@code deployment:} of a path with several — of the path itself, or of the scenario, that a
 * cell's value is written to. A value is whatever that key accepts, so a cell's scenario is checked by the scenario
 * loader like any other.
 */
public enum PlanDimension {
  /** GPU catalog name ({@code gpu}). */
  GPU("gpu", Level.DEPLOYMENT, "gpu"),
  /** GPUs per replica ({@code tensor_parallel}). */
  TENSOR_PARALLEL("tensor_parallel", Level.DEPLOYMENT, "tensor_parallel"),
  /**
   * A fixed fleet ({@code replicas}); the deployment's {@code scaling} is dropped in its favour. A range
   * ({@code {min, max}}) is bisected for the smallest fleet meeting the SLO.
   */
  REPLICAS("replicas", Level.DEPLOYMENT, "replicas"),
  /**
   * An autoscaler ({@code scaling}: {@code {policy: reactive, min, max, metric, target}}, {@code scheduled} or
   * {@code fixed}); the deployment's {@code replicas} is dropped in its favour.
   */
  SCALING("scaling", Level.DEPLOYMENT, "scaling"),
  /** The router: a name (its parameters at their defaults) or a whole {@code router} mapping. */
  ROUTER("router", Level.DEPLOYMENT, "router"),
  /** Eviction policy of every KV tier ({@code eviction}). */
  EVICTION("eviction", Level.DEPLOYMENT, "eviction"),
  /** How the GPUs are bought ({@code pool.price_model}: on_demand, reserved, spot…). */
  PRICE_MODEL("price_model", Level.DEPLOYMENT, "pool", "price_model"),
  /** Which cloud's catalog price ({@code pool.cloud}). */
  CLOUD("cloud", Level.DEPLOYMENT, "pool", "cloud"),
  /** Host-memory KV tier per replica in GB ({@code kv_tiers.host.gb_per_replica}). */
  HOST_KV_GB("host_kv_gb", Level.DEPLOYMENT, "kv_tiers", "host", "gb_per_replica"),
  /** The engine's batch token budget ({@code engine.max_batch_tokens}). */
  MAX_BATCH_TOKENS("max_batch_tokens", Level.DEPLOYMENT, "engine", "max_batch_tokens"),
  /**
   * A hybrid path's lanes ({@code lanes}): a number is {@code {top: N}} (the N model paths with the most traffic), a
   * list {@code {model_paths: [...]}}, a mapping itself.
   */
  LANES("lanes", Level.PATH, "lanes"),
  /** The prices' date (the scenario's {@code price_date}): which catalog prices apply. */
  PRICE_DATE("price_date", Level.SCENARIO, "price_date"),
  /**
   * The traffic grown by a factor (the scenario's {@code traffic_growth}): next year's load from this year's
   * sessions ({@link io.replaygate.replay.TrafficGrowth}); every cell at one factor replays the same grown traffic.
   */
  GROWTH("growth", Level.SCENARIO, "traffic_growth");

  /** Where a dimension's key lives. */
  public enum Level { SCENARIO, PATH, DEPLOYMENT }

  private final String wireName;
  private final Level level;
  private final List<String> keys;

  PlanDimension(String wireName, Level level, String... keys) {
    this.wireName = wireName;
    this.level = level;
    this.keys = List.of(keys);
  }

  public Level level() {
    return level;
  }

  public String wireName() {
    return wireName;
  }

  /** Where the value goes, as {@code scenario.KEY}, {@code path.KEY…} or {@code deployment.KEY…}, for messages. */
  public String where() {
    return level.name().toLowerCase(java.util.Locale.ROOT) + "." + String.join(".", keys);
  }

  public static Optional<PlanDimension> byName(String name) {
    return Arrays.stream(values()).filter(d -> d.wireName.equals(name)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(PlanDimension::wireName).toList();
  }

  /**
   * Writes {@code value} into the scenario tree {@code root}: at the varied path {@code path}, or its varied
   * {@code deployment} (the path itself for a path of one deployment), where it belongs.
   */
  void apply(ObjectNode root, ObjectNode path, ObjectNode deployment, JsonNode value) {
    ObjectNode target = switch (level) {
      case SCENARIO -> root;
      case PATH -> path;
      case DEPLOYMENT -> deployment;
    };
    ObjectNode at = target;
    for (int i = 0; i < keys.size() - 1; i++) {
      JsonNode child = at.get(keys.get(i));
      at = child instanceof ObjectNode o ? o : at.putObject(keys.get(i));
    }
    JsonNodeFactory f = JsonNodeFactory.instance;
    JsonNode v = switch (this) {
      case ROUTER -> value.isValueNode() ? f.objectNode().set("name", value) : value;
      case LANES -> value.isNumber() ? f.objectNode().set("top", value)
          : value.isArray() ? f.objectNode().set("model_paths", value) : value;
      default -> value;
    };
    at.set(keys.get(keys.size() - 1), v.deepCopy());
    if (this == REPLICAS) {
      target.remove("scaling");
    } else if (this == SCALING) {
      target.remove("replicas");
    }
  }
}
