package io.replaygate.cli;

import io.replaygate.costmodel.catalog.GpuCatalog;
import io.replaygate.replay.byoc.ClusterConfig;
import io.replaygate.replay.byoc.ClusterDefaults;
import io.replaygate.replay.byoc.ClusterPathSimulator;
import io.replaygate.replay.byoc.route.Routers;
import io.replaygate.replay.byoc.scale.Autoscalers;
import io.replaygate.replay.byoc.spec.ModelTable;
import io.replaygate.replay.byoc.spec.ReplicaShape;
import io.replaygate.replay.byoc.step.StepTimeModel;
import io.replaygate.replay.live.EmulatedCluster;
import io.replaygate.replay.live.EmulatedReplica;
import io.replaygate.replay.live.Emulator;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.rng.simple.RandomSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code replaygate emulate}: an OpenAI-compatible server backed by the simulated replica, until interrupted. */
@Command(name = "emulate", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate emulate --port 8000", "  replaygate emulate --cluster examples/byoc-cluster.yaml --time-scale 0.1 \\", "      --fail-429 0.05 --retry-after 2"},
    description = {"Serve an OpenAI-compatible API on loopback backed by the simulated replicas of a cluster's "
        + "deployment behind its router (--cluster; default one Llama-3.1-70B FP8 replica on 4 x H100): their prefix "
        + "caches and step-time model, in real time scaled by "
        + "--time-scale. Endpoints: /v1/chat/completions, /v1/completions (streaming and not), /v1/models, /health, "
        + "/metrics (vLLM names). Faults can be injected. For the live adapters' tests and your own pipelines."})
public final class EmulateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "P", defaultValue = "8000", description = "Port on 127.0.0.1 (default: "
      + "8000; 0 picks a free one).")
  int port;

  @Option(names = "--cluster", paramLabel = "FILE", description = "A scenario file: its first cluster path's first "
      + "deployment is emulated (model, GPU, tensor parallelism, block size, engine limits, step-time model — a "
      + "fitted one included — and its replicas behind its router). Default: the default cluster's deployment.")
  java.nio.file.Path clusterFile;

  @Option(names = "--replicas", paramLabel = "N", description = "Replicas behind the deployment's router (default: "
      + "the deployment's fixed fleet, the most a scaling policy allows, else 1).")
  Integer replicaCount;

  @Option(names = "--model", paramLabel = "ID", description = "The model id it answers to (default: the shape's, "
      + "llama-3.1-70b).")
  String model;

  @Option(names = "--time-scale", paramLabel = "X", defaultValue = "1", description = "Wall time per model time: "
      + "0.1 runs ten times faster (default: 1).")
  double timeScale;

  @Option(names = "--max-running", paramLabel = "N", description = "Running sequences at most (default: the "
      + "engine's, 256).")
  Integer maxRunning;

  @Option(names = "--fail-429", paramLabel = "P", defaultValue = "0", description = "Probability of a 429.")
  double rate429;

  @Option(names = "--retry-after", paramLabel = "S", defaultValue = "1", description = "Its retry-after, seconds.")
  int retryAfter;

  @Option(names = "--fail-5xx", paramLabel = "P", defaultValue = "0", description = "Probability of a 503.")
  double rate5xx;

  @Option(names = "--stall", paramLabel = "P", defaultValue = "0", description = "Probability of a stall before the "
      + "first token.")
  double stallRate;

  @Option(names = "--stall-ms", paramLabel = "MS", defaultValue = "1000", description = "Its length, ms.")
  long stallMs;

  @Option(names = "--drop", paramLabel = "P", defaultValue = "0", description = "Probability of a stream dropped "
      + "after its first token.")
  double dropRate;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the fault draws.")
  long seed;

  @Option(names = "--api-key-env", paramLabel = "VAR", description = "Require the API key this environment variable "
      + "holds (401 otherwise; the key is never printed).")
  String apiKeyEnv;

  @Override
  public Integer call() throws Exception {
    for (double p : new double[] {rate429, rate5xx, stallRate, dropRate}) {
      if (!(p >= 0 && p <= 1)) {
        throw new UserError("fault probabilities are between 0 and 1");
      }
    }
    if (!(timeScale > 0)) {
      throw new UserError("--time-scale must be positive");
    }
    ClusterConfig.Deployment d = ClusterDefaults.DEPLOYMENT;
    ModelTable models = ModelTable.bundled();
    if (clusterFile != null) {
      io.replaygate.replay.scenario.Scenario sc = io.replaygate.replay.scenario.ScenarioLoader.load(clusterFile);
      d = sc.paths().stream().filter(p -> p.cluster() != null).findFirst().map(p -> p.cluster().deployments().get(0))
          .orElseThrow(() -> new UserError("--cluster " + clusterFile + ": the scenario has no cluster path"));
      models = models.with(sc.servingModels());
    }
    ReplicaShape shape;
    try {
      shape = ClusterPathSimulator.shape(d, models, GpuCatalog.bundled());
    } catch (IllegalArgumentException e) {
      throw new UserError("--cluster " + clusterFile + ": " + e.getMessage());
    }
    StepTimeModel step = d.step().model().create(shape, d.step());
    int running = maxRunning != null ? maxRunning : d.engine().maxRunning();
    int n = replicaCount != null ? replicaCount : replicasOf(d.scaling());
    if (n < 1 || n > 64) {
      throw new UserError("--replicas: 1 to 64, got " + n);
    }
    List<EmulatedReplica> replicas = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      replicas.add(new EmulatedReplica(i, step, d.blockTokens(), Math.min(shape.kvBlocks(), 4_000_000L), running,
          timeScale));
    }
    Routers.Config routing = d.router();
    EmulatedCluster cluster = new EmulatedCluster(replicas, routing.router().create(routing,
        RandomSource.XO_RO_SHI_RO_128_PP.create(seed)), timeScale);
    String id = model != null ? model : d.model();
    String key = null;
    if (apiKeyEnv != null) {
      key = System.getenv(apiKeyEnv);
      if (key == null || key.isBlank()) {
        throw new UserError("--api-key-env: environment variable " + apiKeyEnv + " is not set");
      }
    }
    CountDownLatch stop = new CountDownLatch(1);
    try (Emulator emu = new Emulator(id, cluster, new Emulator.Faults(rate429, retryAfter, rate5xx, stallRate, stallMs,
        dropRate), seed, port, key)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        emu.close();
        stop.countDown();
      }));
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.US, "emulating %s (%d replica%s behind %s, each %s x %d, %d KV blocks of %d tokens, %d running "
          + "at most, time x %s) on %s/v1; Ctrl-C stops%n", id, n, n == 1 ? "" : "s", routing.router().wireName(),
          d.gpu(), d.tp(), Math.min(shape.kvBlocks(), 4_000_000L), d.blockTokens(), running, timeScale,
          emu.baseUrl());
      out.flush();
      stop.await();
    }
    return ExitCode.OK;
  }

  /** The replicas a deployment runs: its fixed fleet, the most its scaling policy allows, else one. */
  static int replicasOf(Autoscalers.Config scaling) {
    int r = switch (scaling.policy()) {
      case FIXED, SCHEDULED -> Math.max(scaling.replicas(), scaling.offHoursReplicas());
      case REACTIVE -> scaling.max();
    };
    return Math.max(1, r);
  }
}
