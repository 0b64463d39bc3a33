package io.replaygate.replay.scenario;

import io.replaygate.costmodel.terms.ClusterTerms;
import io.replaygate.costmodel.terms.PlatformFee;
import io.replaygate.costmodel.terms.StorageTier;
import io.replaygate.replay.byoc.ClusterConfig;
import io.replaygate.replay.managed.ObservedRouting;
import io.replaygate.replay.byoc.ClusterDefaults;
import io.replaygate.replay.byoc.engine.EngineConfig;
import io.replaygate.replay.byoc.gateway.GatewayPolicies;
import io.replaygate.replay.byoc.kv.EvictionPolicies;
import io.replaygate.replay.byoc.kv.WritePolicy;
import io.replaygate.replay.byoc.route.Routers;
import io.replaygate.replay.byoc.scale.Autoscalers;
import io.replaygate.replay.byoc.scale.ReactiveScaler;
import io.replaygate.replay.byoc.spec.Dtype;
import io.replaygate.replay.byoc.spec.ModelSpec;
import io.replaygate.replay.byoc.step.RooflineStepTime;
import io.replaygate.replay.byoc.step.StepTimeModels;
import io.replaygate.replay.scenario.Scenario.Profile;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a BYOC or hybrid path's cluster from a scenario: the deployment's keys at the path's level, or a
 * {@code deployments:} list of them behind a {@code gateway:}. Unset keys take {@link ClusterDefaults}.
 */
final class ClusterLoader {
  static final String[] DEPLOYMENT_KEYS = {"model", "weights", "kv_cache_dtype", "gpu", "tensor_parallel",
      "block_tokens", "gpu_memory_utilization", "reserve_gb", "engine", "step_time", "eviction", "kv_tiers", "router",
      "replicas", "scaling", "pool", "capacity_units"};
  static final String[] CLUSTER_KEYS = {"deployments", "gateway", "fallback", "overflow", "lanes", "cluster_terms",
      "egress_bytes_per_output_token"};

  private ClusterLoader() {}

  static ClusterConfig read(Node p, Profile profile, double sloTtftMs) {
    Routers.Config router = profile == Profile.BYOC_EPP ? Routers.Config.LLM_D : Routers.Config.DYNAMO;
    List<ClusterConfig.Deployment> deployments = new ArrayList<>();
    if (p.get("deployments") != null) {
      for (String k : DEPLOYMENT_KEYS) {
        if (p.get(k) != null) {
          throw p.get(k).error("with deployments:, set " + k + " inside each deployment");
        }
      }
      Set<String> names = new HashSet<>();
      for (Node d : p.get("deployments").items()) {
        String[] keys = new String[DEPLOYMENT_KEYS.length + 1];
        System.arraycopy(DEPLOYMENT_KEYS, 0, keys, 0, DEPLOYMENT_KEYS.length);
        keys[DEPLOYMENT_KEYS.length] = "name";
        d.mapOf(keys);
        String name = d.require("name").string();
        if (!names.add(name)) {
          throw d.require("name").error("two deployments are named '" + name + "'");
        }
        deployments.add(deployment(d, name, router));
      }
      if (deployments.isEmpty()) {
        throw p.get("deployments").error("list at least one deployment");
      }
    } else {
      deployments.add(deployment(p, ClusterDefaults.DEPLOYMENT.name(), router));
    }
    GatewayPolicies gateway = GatewayPolicies.OVERFLOW;
    if (p.get("gateway") != null) {
      String g = p.get("gateway").string();
      gateway = GatewayPolicies.byName(g).orElseThrow(() -> p.get("gateway").error("unknown gateway policy '" + g
          + "' (known: " + GatewayPolicies.names() + ")"));
    }
    String fallback = ClusterDefaults.FALLBACK;
    if (p.get("fallback") != null) {
      String f = p.get("fallback").string();
      fallback = "none".equals(f) ? null : f;
      if (fallback != null && !fallback.equals(ObservedRouting.TARGET) && !fallback.matches("[A-Za-z0-9_.-]+/\\S+")) {
        throw p.get("fallback").error("expected a catalog id provider/model, observed (each request's recorded "
            + "model) or none, got '" + f + "'");
      }
    }
    ClusterConfig.Overflow overflow = new ClusterConfig.Overflow(ClusterDefaults.QUEUE_LIMIT, sloTtftMs);
    if (p.get("overflow") != null) {
      Node o = p.get("overflow").mapOf("queue_limit", "max_predicted_ttft_ms", "max_predicted_tpot_ms");
      overflow = new ClusterConfig.Overflow(
          o.get("queue_limit") == null ? overflow.queueLimit() : o.get("queue_limit").intValue(1, 1_000_000),
          o.get("max_predicted_ttft_ms") == null ? overflow.maxPredictedTtftMs()
              : o.get("max_predicted_ttft_ms").number(0, 1e9),
          o.get("max_predicted_tpot_ms") == null ? overflow.maxPredictedTpotMs()
              : o.get("max_predicted_tpot_ms").number(0, 1e9));
    }
    ClusterConfig.Lanes lanes = null;
    if (p.get("lanes") != null && profile != Profile.HYBRID) {
      throw p.get("lanes").error("only a hybrid path has lanes (a BYOC path serves every model path)");
    }
    if (profile == Profile.HYBRID) {
      lanes = new ClusterConfig.Lanes(List.of(), 1);
      if (p.get("lanes") != null) {
        Node l = p.get("lanes").mapOf("model_paths", "top");
        if (l.get("model_paths") != null && l.get("top") != null) {
          throw l.get("top").error("give model_paths or top, not both");
        }
        List<String> paths = new ArrayList<>();
        if (l.get("model_paths") != null) {
          for (Node m : l.get("model_paths").items()) {
            paths.add(m.string());
          }
        }
        lanes = new ClusterConfig.Lanes(paths, l.get("top") == null ? 1 : l.get("top").intValue(1, 10_000));
      }
    }
    ClusterTerms terms = ClusterDefaults.TERMS;
    if (p.get("cluster_terms") != null) {
      terms = terms(p.get("cluster_terms"));
    }
    int egress = p.get("egress_bytes_per_output_token") == null ? ClusterDefaults.EGRESS_BYTES_PER_OUTPUT_TOKEN
        : p.get("egress_bytes_per_output_token").intValue(0, 1_000_000);
    return new ClusterConfig(deployments, gateway, fallback, overflow, lanes, terms, egress);
  }

  private static ClusterConfig.Deployment deployment(Node n, String name, Routers.Config router) {
    ClusterConfig.Deployment d = ClusterDefaults.DEPLOYMENT;
    String model = n.get("model") == null ? d.model() : n.get("model").string();
    Dtype weights = n.get("weights") == null ? d.weights() : dtype(n.get("weights"));
    Dtype kv = n.get("kv_cache_dtype") == null ? d.kv() : dtype(n.get("kv_cache_dtype"));
    String gpu = n.get("gpu") == null ? d.gpu() : n.get("gpu").string();
    int tp = n.get("tensor_parallel") == null ? d.tp() : n.get("tensor_parallel").intValue(1, 64);
    int block = n.get("block_tokens") == null ? d.blockTokens() : n.get("block_tokens").intValue(1, 4096);
    double mem = n.get("gpu_memory_utilization") == null ? d.memoryUtilization()
        : n.get("gpu_memory_utilization").number(0.05, 1);
    double reserve = n.get("reserve_gb") == null ? d.reserveGb() : n.get("reserve_gb").number(0, 1000);
    EngineConfig engine = d.engine();
    if (n.get("engine") != null) {
      Node e = n.get("engine").mapOf("max_batch_tokens", "max_running");
      engine = new EngineConfig(
          e.get("max_batch_tokens") == null ? engine.maxBatchTokens() : e.get("max_batch_tokens").intValue(1, 1 << 24),
          e.get("max_running") == null ? engine.maxRunning() : e.get("max_running").intValue(1, 1 << 16));
    }
    StepTimeModels.Config step = d.step();
    if (n.get("step_time") != null) {
      step = step(n.get("step_time"));
    }
    EvictionPolicies eviction = d.eviction();
    if (n.get("eviction") != null) {
      String e = n.get("eviction").string();
      eviction = EvictionPolicies.byName(e).orElseThrow(() -> n.get("eviction").error("unknown eviction policy '" + e
          + "' (known: " + EvictionPolicies.names() + ")"));
    }
    ClusterConfig.Tiers tiers = d.tiers();
    if (n.get("kv_tiers") != null) {
      tiers = tiers(n.get("kv_tiers"), tiers);
    }
    Routers.Config r = router;
    if (n.get("router") != null) {
      r = router(n.get("router"), router);
    }
    if (n.get("replicas") != null && n.get("scaling") != null) {
      throw n.get("replicas").error("give replicas (a fixed fleet) or scaling, not both");
    }
    Autoscalers.Config scaling = d.scaling();
    if (n.get("replicas") != null) {
      scaling = Autoscalers.Config.fixed(n.get("replicas").intValue(1, 100_000));
    } else if (n.get("scaling") != null) {
      scaling = scaling(n.get("scaling"));
    }
    ClusterConfig.Pool pool = new ClusterConfig.Pool(null, null, d.pool().priceModel(), null, null,
        d.pool().granularitySeconds(), d.pool().minimumSeconds(), d.pool().pricePick());
    if (n.get("pool") != null) {
      Node pl = n.get("pool").mapOf("name", "cloud", "price_model", "usd_per_gpu_hour", "reserved_gpus",
          "billing_granularity", "minimum_billed", "price_pick");
      pool = new ClusterConfig.Pool(pl.get("name") == null ? null : pl.get("name").string(),
          pl.get("cloud") == null ? null : pl.get("cloud").string(),
          pl.get("price_model") == null ? pool.priceModel()
              : pl.get("price_model").choice("on_demand", "reserved", "reserved_1y", "reserved_3y", "spot"),
          pl.get("usd_per_gpu_hour") == null ? null : pl.get("usd_per_gpu_hour").decimal(),
          pl.get("reserved_gpus") == null ? null : pl.get("reserved_gpus").intValue(0, 1_000_000),
          pl.get("billing_granularity") == null ? pool.granularitySeconds()
              : seconds(pl.get("billing_granularity"), 1),
          pl.get("minimum_billed") == null ? pool.minimumSeconds() : seconds(pl.get("minimum_billed"), 0),
          pl.get("price_pick") == null ? pool.pricePick()
              : pl.get("price_pick").choice(ClusterConfig.Pool.PICKS.toArray(String[]::new)));
    }
    Double units = n.get("capacity_units") == null ? null : n.get("capacity_units").number(1e-9, 1e12);
    return new ClusterConfig.Deployment(name, model, weights, kv, gpu, tp, block, mem, reserve, engine, step, eviction,
        tiers, r, scaling, pool, units);
  }

  private static long seconds(Node n, long min) {
    long s = n.durationUs() / 1_000_000L;
    if (s < min) {
      throw n.error("must be at least " + min + " s");
    }
    return s;
  }

  private static Dtype dtype(Node n) {
    return Dtype.valueOf(n.choice("bf16", "fp8").toUpperCase(Locale.ROOT));
  }

  private static StepTimeModels.Config step(Node s) {
    s.mapOf("model", "compute_efficiency", "bandwidth_efficiency", "overhead_ms", "all_reduce_us", "tp_scaling",
        "cpu_us_per_sequence", "link_efficiency", "measurements");
    StepTimeModels model = StepTimeModels.valueOf(
        (s.get("model") == null ? "roofline" : s.get("model").choice("roofline", "fitted")).toUpperCase(Locale.ROOT));
    RooflineStepTime.Params d = RooflineStepTime.Params.DEFAULT;
    RooflineStepTime.Params p = new RooflineStepTime.Params(
        s.get("compute_efficiency") == null ? d.computeEfficiency() : s.get("compute_efficiency").number(1e-3, 1),
        s.get("bandwidth_efficiency") == null ? d.bandwidthEfficiency() : s.get("bandwidth_efficiency").number(1e-3, 1),
        s.get("overhead_ms") == null ? d.overheadMs() : s.get("overhead_ms").number(0, 1e4),
        s.get("all_reduce_us") == null ? d.allReduceUs() : s.get("all_reduce_us").number(0, 1e6),
        s.get("tp_scaling") == null ? d.tpScaling() : s.get("tp_scaling").number(1e-3, 1),
        s.get("cpu_us_per_sequence") == null ? d.cpuUsPerSequence() : s.get("cpu_us_per_sequence").number(0, 1e6),
        s.get("link_efficiency") == null ? d.linkEfficiency() : s.get("link_efficiency").number(1e-3, 1));
    Path measurements = null;
    if (model == StepTimeModels.FITTED) {
      Node m = s.require("measurements");
      measurements = Path.of(m.string());
      if (!measurements.isAbsolute() && m.file != null && Path.of(m.file).getParent() != null) {
        measurements = Path.of(m.file).getParent().resolve(measurements);
      }
    } else if (s.get("measurements") != null) {
      throw s.get("measurements").error("measurements go with model: fitted");
    }
    return new StepTimeModels.Config(model, p, measurements);
  }

  private static ClusterConfig.Tiers tiers(Node t, ClusterConfig.Tiers d) {
    t.mapOf("host", "pool");
    Double hostGb = d.hostGbPerReplica();
    double hostBw = d.hostGbPerSecond();
    WritePolicy hostWrite = d.hostWrite();
    int threshold = d.selectiveThreshold();
    if (t.get("host") != null) {
      Node h = t.get("host").mapOf("gb_per_replica", "gb_per_s", "write", "selective_threshold");
      hostGb = h.require("gb_per_replica").number(1e-3, 1e7);
      hostBw = h.get("gb_per_s") == null ? hostBw : h.get("gb_per_s").number(1e-3, 1e6);
      hostWrite = h.get("write") == null ? hostWrite : write(h.get("write"));
      threshold = h.get("selective_threshold") == null ? threshold : h.get("selective_threshold").intValue(1, 1_000_000);
    }
    Double poolGb = d.poolGb();
    double poolBw = d.poolGbPerSecond();
    WritePolicy poolWrite = d.poolWrite();
    if (t.get("pool") != null) {
      Node p = t.get("pool").mapOf("gb", "gb_per_s", "write");
      poolGb = p.require("gb").number(1e-3, 1e9);
      poolBw = p.get("gb_per_s") == null ? poolBw : p.get("gb_per_s").number(1e-3, 1e6);
      poolWrite = p.get("write") == null ? poolWrite : write(p.get("write"));
    }
    return new ClusterConfig.Tiers(hostGb, hostBw, hostWrite, threshold, poolGb, poolBw, poolWrite);
  }

  private static WritePolicy write(Node n) {
    return WritePolicy.valueOf(n.choice("write_through", "write_through_selective", "write_back").toUpperCase(Locale.ROOT));
  }

  private static Routers.Config router(Node n, Routers.Config d) {
    if (n.kind == Node.Kind.SCALAR) {
      String name = n.string();
      return d.with(Routers.byName(name).orElseThrow(() -> n.error("unknown router '" + name + "' (known: "
          + Routers.names() + ")")));
    }
    n.mapOf("name", "overlap_weight", "temperature", "prefix_weight", "queue_weight", "kv_utilization_weight",
        "staleness");
    Routers r = d.router();
    if (n.get("name") != null) {
      String name = n.get("name").string();
      r = Routers.byName(name).orElseThrow(() -> n.get("name").error("unknown router '" + name + "' (known: "
          + Routers.names() + ")"));
    }
    return new Routers.Config(r,
        n.get("overlap_weight") == null ? d.overlapWeight() : n.get("overlap_weight").number(0, 1e6),
        n.get("temperature") == null ? d.temperature() : n.get("temperature").number(0, 1e6),
        n.get("prefix_weight") == null ? d.prefixWeight() : n.get("prefix_weight").number(0, 1e6),
        n.get("queue_weight") == null ? d.queueWeight() : n.get("queue_weight").number(0, 1e6),
        n.get("kv_utilization_weight") == null ? d.kvWeight() : n.get("kv_utilization_weight").number(0, 1e6),
        n.get("staleness") == null ? d.stalenessUs() : n.get("staleness").durationUs());
  }

  private static Autoscalers.Config scaling(Node s) {
    s.mapOf("policy", "replicas", "off_hours_replicas", "min", "max", "metric", "target", "interval", "cold_start",
        "stabilization");
    Autoscalers.Config d = Autoscalers.Config.fixed(1);
    Autoscalers policy = Autoscalers.valueOf(s.require("policy").choice("fixed", "scheduled", "reactive")
        .toUpperCase(Locale.ROOT));
    int replicas = 0;
    int off = 0;
    int min = 0;
    int max = 0;
    switch (policy) {
      case FIXED -> replicas = s.require("replicas").intValue(1, 100_000);
      case SCHEDULED -> {
        replicas = s.require("replicas").intValue(0, 100_000);
        off = s.require("off_hours_replicas").intValue(0, 100_000);
      }
      case REACTIVE -> {
        min = s.require("min").intValue(0, 100_000);
        max = s.require("max").intValue(Math.max(1, min), 100_000);
        if (max < min) {
          throw s.require("max").error("max must be at least min");
        }
      }
    }
    ReactiveScaler.Metric metric = ReactiveScaler.Metric.TTFT;
    double target = d.target();
    if (policy == Autoscalers.REACTIVE) {
      metric = ReactiveScaler.Metric.valueOf((s.get("metric") == null ? "ttft" : s.get("metric").choice("ttft", "queue"))
          .toUpperCase(Locale.ROOT));
      target = s.require("target").number(1e-6, 1e9);
    }
    long interval = s.get("interval") == null ? d.intervalUs() : s.get("interval").durationUs();
    if (interval <= 0) {
      throw s.get("interval").error("must be longer than zero");
    }
    long cold = s.get("cold_start") == null ? d.coldStartUs() : s.get("cold_start").durationUs();
    long stab = s.get("stabilization") == null ? d.stabilizationUs() : s.get("stabilization").durationUs();
    return new Autoscalers.Config(policy, replicas, off, min, max, metric, target, interval, cold, stab,
        d.businessHours());
  }

  static ClusterTerms terms(Node t) {
    t.mapOf("credits_usd_per_month", "egress_usd_per_gb", "ops_usd_per_month", "engineering_usd",
        "amortisation_months", "storage", "platform_fees");
    ClusterTerms d = ClusterDefaults.TERMS;
    List<StorageTier> storage = new ArrayList<>();
    if (t.get("storage") != null) {
      for (Node s : t.get("storage").items()) {
        s.mapOf("name", "gb", "usd_per_gb_month");
        storage.add(new StorageTier(s.require("name").string(), s.require("gb").decimal(),
            s.require("usd_per_gb_month").decimal()));
      }
    }
    List<PlatformFee> fees = new ArrayList<>();
    if (t.get("platform_fees") != null) {
      for (Node f : t.get("platform_fees").items()) {
        f.mapOf("percent_of_spend", "per_request_usd", "usd_per_month", "usd_per_gpu_hour");
        if (f.map.size() != 1) {
          throw f.error("a fee is one of percent_of_spend, per_request_usd, usd_per_month or usd_per_gpu_hour");
        }
        if (f.get("percent_of_spend") != null) {
          fees.add(new PlatformFee.PercentOfSpend(f.get("percent_of_spend").fraction()));
        } else if (f.get("per_request_usd") != null) {
          fees.add(new PlatformFee.PerRequest(f.get("per_request_usd").decimal()));
        } else if (f.get("usd_per_gpu_hour") != null) {
          fees.add(new PlatformFee.PerGpuHour(f.get("usd_per_gpu_hour").decimal()));
        } else {
          fees.add(new PlatformFee.FlatMonthly(f.require("usd_per_month").decimal()));
        }
      }
    }
    return new ClusterTerms(d.pools(), dec(t, "credits_usd_per_month", d.creditsMonthlyUsd()), storage,
        dec(t, "egress_usd_per_gb", d.egressUsdPerGb()), dec(t, "ops_usd_per_month", d.opsMonthlyUsd()), fees,
        dec(t, "engineering_usd", d.engineeringOneTimeUsd()),
        t.get("amortisation_months") == null ? d.amortisationMonths() : t.get("amortisation_months").intValue(1, 1200));
  }

  private static BigDecimal dec(Node t, String key, BigDecimal d) {
    return t.get(key) == null ? d : t.get(key).decimal();
  }

  static List<ModelSpec> servingModels(Node list) {
    List<ModelSpec> out = new ArrayList<>();
    for (Node m : list.items()) {
      m.mapOf("name", "params", "active_params", "layers", "hidden", "heads", "kv_heads", "head_dim", "mla_kv_dim",
          "context", "source", "managed_equivalents");
      List<String> equivalents = new ArrayList<>();
      if (m.get("managed_equivalents") != null) {
        for (Node e : m.get("managed_equivalents").items()) {
          equivalents.add(e.string());
        }
      }
      double params = m.require("params").number(1, 1e15);
      try {
        out.add(new ModelSpec(m.require("name").string(), params,
            m.get("active_params") == null ? params : m.get("active_params").number(1, 1e15),
            m.require("layers").intValue(1, 10_000), m.require("hidden").intValue(1, 1 << 20),
            m.require("heads").intValue(1, 1 << 16), m.require("kv_heads").intValue(1, 1 << 16),
            m.require("head_dim").intValue(1, 1 << 16),
            m.get("mla_kv_dim") == null ? 0 : m.get("mla_kv_dim").intValue(1, 1 << 20),
            m.require("context").intValue(1, 1 << 30), m.get("source") == null ? "scenario" : m.get("source").string(),
            equivalents));
      } catch (IllegalArgumentException e) {
        throw m.error(e.getMessage());
      }
    }
    return out;
  }
}
