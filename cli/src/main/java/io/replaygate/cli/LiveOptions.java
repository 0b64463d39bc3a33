package io.replaygate.cli;

import io.replaygate.replay.live.ClusterRegistry;
import io.replaygate.replay.live.LiveConfig;
import io.replaygate.replay.live.LiveClient;
import io.replaygate.replay.scenario.Scenario.PathConfig;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How {@code --path live:NAME} drives its cluster; the cluster comes from the workspace's registry. */
public final class LiveOptions {
  @Mixin
  WorkspaceOptions workspace;

  @Option(names = "--speedup", paramLabel = "X", defaultValue = "1", description = "Live paths: trace time per wall "
      + "time (default: 1, real time).")
  double speedup;

  @Option(names = "--max-concurrency", paramLabel = "N", defaultValue = "" + LiveConfig.MAX_CONCURRENCY,
      description = "Live paths: requests in flight at most (default: ${DEFAULT-VALUE}).")
  int maxConcurrency;

  @Option(names = "--live-api", paramLabel = "API", defaultValue = "completions", description = "Live paths to an "
      + "OpenAI-compatible server: completions (the synthesized prompt as is), chat, or responses (OpenAI's Responses "
      + "API) (default: ${DEFAULT-VALUE}).")
  String api;

  @Option(names = "--max-spend-usd", paramLabel = "USD", description = "Live paths to a managed provider's API "
      + "(required there): stop sending before a request could take the spend past this.")
  Double maxSpendUsd;

  @Option(names = "--dry-run", description = "Live paths: print the plan (requests, duration, worst-case cost) and "
      + "send nothing.")
  boolean dryRun;

  @Option(names = "--active-within", paramLabel = "DURATION",
      defaultValue = io.replaygate.replay.live.ClusterRegistry.ACTIVE_WITHIN_TEXT, description = "Live paths: a "
      + "cluster is active while its last good heartbeat is this recent (default: ${DEFAULT-VALUE}).")
  String activeWithin;

  /** How recent a live cluster's last good heartbeat must be (a positive duration, or a located error). */
  static java.time.Duration activeWithin(String option, String text) {
    return java.time.Duration.ofNanos(io.replaygate.replay.scenario.ScenarioLoader.duration(option, text) * 1000);
  }

  @Option(names = "--limit", paramLabel = "N", description = "Replay only the first N requests (every path).")
  Long limit;

  @Option(names = "--duration", paramLabel = "DURATION", description = "Replay only the requests within this much "
      + "trace time of the first, e.g. 10m (every path).")
  String duration;

  @Option(names = "--sample", paramLabel = "FRACTION", description = "Replay a seeded sample of sessions, e.g. 0.1 "
      + "(whole sessions, so their prefix reuse stays; every path).")
  Double sample;

  /** The traffic selection these options make ({@code seed} draws the sample). */
  SelectingReader.Selection selection(long seed) {
    if (limit != null && limit < 1) {
      throw new UserError("--limit must be at least 1");
    }
    if (sample != null && !(sample > 0 && sample <= 1)) {
      throw new UserError("--sample is a fraction in (0, 1]");
    }
    Long us = duration == null ? null : io.replaygate.replay.scenario.ScenarioLoader.duration("--duration", duration);
    return new SelectingReader.Selection(limit, us, sample, seed);
  }

  /** The live path for a registered cluster; one that is unknown or not active is a user error saying why. */
  PathConfig path(String name) {
    if (!(speedup > 0) || maxConcurrency < 1) {
      throw new UserError("--speedup must be positive and --max-concurrency at least 1");
    }
    LiveClient.Api a = switch (api.toLowerCase(Locale.ROOT)) {
      case "completions" -> LiveClient.Api.COMPLETIONS;
      case "chat" -> LiveClient.Api.CHAT;
      case "responses" -> LiveClient.Api.RESPONSES;
      default -> throw new UserError("--live-api: completions, chat or responses, got '" + api + "'");
    };
    try (ClusterRegistry r = new ClusterRegistry(workspace.location())) {
      ClusterRegistry.Cluster c = r.find(name).orElseThrow(() -> new UserError("--path live:" + name
          + ": no cluster named '" + name + "' (replaygate clusters register " + name + " ...)"));
      String why = c.inactiveReason(Instant.now(), activeWithin("--active-within", activeWithin));
      if (why != null) {
        throw new UserError("--path live:" + name + ": " + why);
      }
      LiveConfig d = LiveConfig.of(c.target());
      Interrupts.graceful();
      if (c.pricedAs() != null && maxSpendUsd == null && !dryRun) {
        throw new UserError("--path live:" + name + " is a managed provider's API (billed as " + c.pricedAs()
            + "): --max-spend-usd is required (see the plan first with --dry-run)");
      }
      if (maxSpendUsd != null && !(maxSpendUsd > 0)) {
        throw new UserError("--max-spend-usd must be positive");
      }
      return PathConfig.live(new LiveConfig(d.target(), c.target().api().equals("openai") ? a : d.api(), speedup,
          maxConcurrency,
          d.maxRetries(), d.connectTimeout(), d.requestTimeout(), maxSpendUsd, Interrupts::stopRequested, c.gpu(),
          c.gpus(), c.clusterTerms() == null ? null
              : io.replaygate.replay.scenario.ScenarioLoader.clusterTerms(c.clusterTerms(), "cluster " + name
                  + "'s registered terms")));
    }
  }
}
