package io.replaygate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.replaygate.replay.live.ClusterRegistry;
import io.replaygate.replay.live.ClusterRegistry.Cluster;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replaygate clusters}: the real endpoints live paths may drive — register, heartbeat, active. */
@Command(name = "clusters", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate clusters register lab --profile byoc_dynamo \\", "      --endpoint http://127.0.0.1:8000 --model llama-3.1-70b", "  replaygate clusters list"},
    description = {"The clusters a live path (--path live:NAME) drives, in the workspace database. A cluster is "
        + "active while its last good heartbeat (GET /health and /v1/models listing its model) is under 5 minutes "
        + "old; live:NAME refuses one that is not."},
    subcommands = {ClustersCommand.Register.class, ClustersCommand.ListClusters.class, ClustersCommand.Heartbeat.class,
        ClustersCommand.Remove.class})
public final class ClustersCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Mixin
  WorkspaceOptions workspace;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  ClusterRegistry open() {
    return new ClusterRegistry(workspace.location());
  }

  /** What every subcommand has: the parent (its workspace) and its own spec (its streams). */
  @Command
  abstract static class Sub {
    @ParentCommand
    ClustersCommand parent;
    @Spec
    CommandSpec spec;
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate clusters register lab --profile byoc_dynamo \\", "      --endpoint http://127.0.0.1:8000 --model llama-3.1-70b \\", "      --gpu H100-SXM-80GB --gpus 4", "  replaygate clusters register claude --profile managed --api anthropic \\", "      --endpoint https://api.anthropic.com --model claude-sonnet-4-5 \\", "      --priced-as anthropic/claude-sonnet-4-5 \\", "      --api-key-env ANTHROPIC_API_KEY"}, description = "Register an OpenAI-compatible endpoint.")
  static final class Register extends Sub implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;
    @Option(names = "--profile", required = true, paramLabel = "P", description = "byoc_dynamo or byoc_epp; managed "
        + "for a provider's API (with --priced-as).")
    String profile;
    @Option(names = "--endpoint", required = true, paramLabel = "URL", description = "Base URL, without /v1.")
    URI endpoint;
    @Option(names = "--model", required = true, paramLabel = "M", description = "The model id it serves.")
    String model;
    @Option(names = "--gpu", paramLabel = "SKU", description = "GPU SKU, e.g. H100-SXM-80GB.")
    String gpu;
    @Option(names = "--gpus", paramLabel = "N", defaultValue = "1", description = "GPUs behind it (default: 1).")
    int gpus;
    @Option(names = "--api-key-env", paramLabel = "VAR",
        description = "The environment variable that holds its API key (the key is never stored).")
    String apiKeyEnv;
    @Option(names = "--allow-insecure-http", description = "Allow plain HTTP to a host other than loopback.")
    boolean insecure;
    @Option(names = "--api", paramLabel = "API", defaultValue = "openai", description = "openai (OpenAI-compatible, "
        + "default), anthropic (the Messages API) or gemini (Google's generateContent).")
    String api;
    @Option(names = "--priced-as", paramLabel = "PROVIDER/MODEL", description = "A managed provider's API: the "
        + "catalog target its requests are billed as (then --profile managed, and replay needs --max-spend-usd).")
    String pricedAs;
    @Option(names = "--terms", paramLabel = "FILE", description = "Its cluster terms (YAML, the keys of a scenario's "
        + "cluster_terms: ops_usd_per_month, engineering_usd, amortisation_months, credits_usd_per_month, storage, "
        + "platform_fees, egress_usd_per_gb); default: the sourced defaults. Kept in the workspace as written.")
    java.nio.file.Path termsFile;

    @Override
    public Integer call() throws java.io.IOException {
      String terms = null;
      if (termsFile != null) {
        if (pricedAs != null) {
          throw new UserError("--terms: a managed provider's API is billed at its list prices, not cluster terms");
        }
        if (!java.nio.file.Files.isRegularFile(termsFile)) {
          throw new UserError("--terms " + termsFile + ": no such file");
        }
        if (java.nio.file.Files.size(termsFile) > io.replaygate.replay.scenario.ScenarioLoader.MAX_FILE_BYTES) {
          throw new UserError("--terms " + termsFile + ": larger than 4 MiB: not cluster terms");
        }
        terms = java.nio.file.Files.readString(termsFile);
        io.replaygate.replay.scenario.ScenarioLoader.clusterTerms(terms, termsFile.toString()); // mistakes here
      }
      try (ClusterRegistry r = parent.open()) {
        Cluster c = r.register(name, profile, endpoint, model, gpu, gpus, apiKeyEnv, insecure, api, pricedAs, terms,
            Instant.now());
        spec.commandLine().getOut().printf(Locale.US, "registered %s (%s, %s at %s); run: replaygate clusters "
            + "heartbeat %s%n", c.name(), c.profile(), c.model(), c.endpoint(), c.name());
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate clusters list", "  replaygate clusters list --json"}, description = "List the clusters and whether each is active.")
  static final class ListClusters extends Sub implements Callable<Integer> {
    @Option(names = "--json", description = "As JSON.")
    boolean json;
    @Option(names = "--active-within", paramLabel = "DURATION",
      defaultValue = io.replaygate.replay.live.ClusterRegistry.ACTIVE_WITHIN_TEXT, description = "Active while the "
        + "last good heartbeat is this recent (default: ${DEFAULT-VALUE}; replay's --active-within likewise).")
    String activeWithin;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      Instant now = Instant.now();
      java.time.Duration window = LiveOptions.activeWithin("--active-within", activeWithin);
      try (ClusterRegistry r = parent.open()) {
        List<Cluster> all = r.list();
        if (json) {
          ArrayNode a = CliJson.MAPPER.createArrayNode();
          for (Cluster c : all) {
            a.addObject().put("name", c.name()).put("profile", c.profile()).put("endpoint", c.endpoint().toString())
                .put("model", c.model()).put("gpu", c.gpu()).put("gpus", c.gpus()).put("api_key_env", c.apiKeyEnv())
                .put("active", c.active(now, window))
                .put("last_ok_at", c.lastOkAt() == null ? null : c.lastOkAt().toString())
                .put("last_latency_ms", c.lastLatencyMs()).put("last_error", c.lastError())
                .put("cluster_terms", c.clusterTerms() == null ? "defaults" : "registered");
          }
          out.println(CliJson.write(a));
        } else if (all.isEmpty()) {
          out.println("no clusters registered (replaygate clusters register NAME --profile P --endpoint URL --model M)");
        } else {
          out.printf(Locale.US, "%-16s %-11s %-8s %-24s %-32s %s%n", "name", "profile", "active", "model", "endpoint",
              "last heartbeat");
          for (Cluster c : all) {
            out.printf(Locale.US, "%-16s %-11s %-8s %-24s %-32s %s%n", c.name(), c.profile(),
                c.active(now, window) ? "yes" : "no", c.model(), c.endpoint(),
                c.lastHeartbeatAt() == null ? "never" : c.lastHeartbeatAt() + (c.lastError() == null
                    ? String.format(Locale.US, " ok, %.1f ms", c.lastLatencyMs()) : " failed: " + c.lastError()));
          }
        }
      }
      out.flush();
      return ExitCode.OK;
    }
  }

  @Command(name = "heartbeat", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate clusters heartbeat", "  replaygate clusters heartbeat --watch --interval 30"},
      description = "Probe clusters (all, or NAME): health and models; --watch repeats every --interval.")
  static final class Heartbeat extends Sub implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..1")
    String name;
    @Option(names = "--watch", description = "Keep probing until interrupted.")
    boolean watch;
    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "60", description = "Between rounds "
        + "with --watch (default: 60).")
    int interval;
    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", description = "Per probe (default: 5).")
    int timeout;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      boolean allOk;
      do {
        allOk = true;
        try (ClusterRegistry r = parent.open()) {
          List<String> names = name != null ? List.of(name) : r.list().stream().map(Cluster::name).toList();
          if (name != null && r.find(name).isEmpty()) {
            throw new UserError("no cluster named '" + name + "'");
          }
          for (String n : names) {
            Cluster c = r.heartbeat(n, Duration.ofSeconds(timeout), Instant.now());
            boolean ok = c.lastError() == null;
            allOk &= ok;
            out.printf(Locale.US, "%s: %s%n", n, ok ? String.format(Locale.US, "ok (%.1f ms; serves %s)",
                c.lastLatencyMs(), c.lastModels()) : "failed: " + c.lastError());
          }
        }
        out.flush();
        if (watch) {
          Thread.sleep(interval * 1000L);
        }
      } while (watch);
      return allOk ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate clusters remove lab"}, description = "Forget a cluster.")
  static final class Remove extends Sub implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (ClusterRegistry r = parent.open()) {
        if (!r.remove(name)) {
          throw new UserError("no cluster named '" + name + "'");
        }
      }
      spec.commandLine().getOut().println("removed " + name);
      spec.commandLine().getOut().flush();
      return ExitCode.OK;
    }
  }
}
