package io.replaygate.replay.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a plan may vary, by name (adding one is a line here): each is a key of the varied path in the scenario file
 * (DESIGN §4; {@code examples/byoc-cluster.yaml}), or of the scenario itself, that a cell's value is written to. A
 * value is whatever that key accepts, so a cell's scenario is checked by the scenario loader like any other.
 */
public enum PlanDimension {
  /** GPU catalog name ({@code gpu}). */
  GPU("gpu", false, "gpu"),
  /** GPUs per replica ({@code tensor_parallel}). */
  TENSOR_PARALLEL("tensor_parallel", false, "tensor_parallel"),
  /**
   * A fixed fleet ({@code replicas}); the path's {@code scaling} is dropped in its favour. A range
   * ({@code {min, max}}) is bisected for the smallest fleet meeting the SLO.
   */
  REPLICAS("replicas", false, "replicas"),
  /** The router: a name (its parameters at their defaults) or a whole {@code router} mapping. */
  ROUTER("router", false, "router"),
  /** Eviction policy of every KV tier ({@code eviction}). */
  EVICTION("eviction", false, "eviction"),
  /** How the GPUs are bought ({@code pool.price_model}: on_demand, reserved, spot…). */
  PRICE_MODEL("price_model", false, "pool", "price_model"),
  /** Which cloud's catalog price ({@code pool.cloud}). */
  CLOUD("cloud", false, "pool", "cloud"),
  /** Host-memory KV tier per replica in GB ({@code kv_tiers.host.gb_per_replica}). */
  HOST_KV_GB("host_kv_gb", false, "kv_tiers", "host", "gb_per_replica"),
  /** The engine's batch token budget ({@code engine.max_batch_tokens}). */
  MAX_BATCH_TOKENS("max_batch_tokens", false, "engine", "max_batch_tokens"),
  /** The prices' date (the scenario's {@code price_date}): which catalog prices apply. */
  PRICE_DATE("price_date", true, "price_date"),
  /**
   * The traffic grown by a factor (the scenario's {@code traffic_growth}): next year's load from this year's
   * sessions ({@link io.replaygate.replay.TrafficGrowth}); every cell at one factor replays the same grown traffic.
   */
  GROWTH("growth", true, "traffic_growth");

  private final String wireName;
  private final boolean scenarioLevel;
  private final List<String> keys;

  PlanDimension(String wireName, boolean scenarioLevel, String... keys) {
    this.wireName = wireName;
    this.scenarioLevel = scenarioLevel;
    this.keys = List.of(keys);
  }

  public String wireName() {
    return wireName;
  }

  /** Where the value goes, as {@code path.KEY…} or {@code scenario.KEY}, for help and messages. */
  public String where() {
    return (scenarioLevel ? "scenario." : "path.") + String.join(".", keys);
  }

  public static Optional<PlanDimension> byName(String name) {
    return Arrays.stream(values()).filter(d -> d.wireName.equals(name)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(PlanDimension::wireName).toList();
  }

  /** Writes {@code value} into the scenario tree {@code root}, at the varied path {@code path} where it belongs. */
  void apply(ObjectNode root, ObjectNode path, JsonNode value) {
    ObjectNode at = scenarioLevel ? root : path;
    for (int i = 0; i < keys.size() - 1; i++) {
      JsonNode child = at.get(keys.get(i));
      at = child instanceof ObjectNode o ? o : at.putObject(keys.get(i));
    }
    String last = keys.get(keys.size() - 1);
    JsonNode v = this == ROUTER && value.isValueNode() ? JsonNodeFactory.instance.objectNode().set("name", value) : value;
    at.set(last, v.deepCopy());
    if (this == REPLICAS) {
      path.remove("scaling");
    }
  }
}
