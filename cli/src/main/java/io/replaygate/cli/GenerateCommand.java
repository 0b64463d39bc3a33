package io.replaygate.cli;

import io.replaygate.datasets.CodingAgentWorkload;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.convert.TraceConverter;
import io.replaygate.trace.format.OutputFormat;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replaygate generate}: a synthetic coding-agent trace (streamed; any size). */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Write a synthetic coding-agent trace (seeded: same options, same file).")
public final class GenerateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "OUT", description = "Output file (.parquet, .arrow, .arrows or .jsonl).")
  Path out;

  @Option(names = "--records", defaultValue = "10000", description = "Requests (default: ${DEFAULT-VALUE}).")
  long records;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--sessions-per-hour", defaultValue = "600", description = "Default: ${DEFAULT-VALUE}.")
  double sessionsPerHour;

  @Option(names = "--model-paths", defaultValue = "8", description = "Default: ${DEFAULT-VALUE}.")
  int modelPaths;

  @Option(names = "--tenants", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
  int tenants;

  @Option(names = "--mean-turns", defaultValue = "12", description = "Default: ${DEFAULT-VALUE}.")
  double meanTurns;

  @Option(names = "--shared-prefix-tokens", defaultValue = "8192", description = "Default: ${DEFAULT-VALUE}.")
  int sharedPrefixTokens;

  @Option(names = "--max-context-tokens", defaultValue = "128000", description = "Default: ${DEFAULT-VALUE}.")
  int maxContextTokens;

  @Option(names = "--start", defaultValue = "2026-01-05T09:00:00Z",
      description = "First arrival, ISO-8601 UTC (default: ${DEFAULT-VALUE}).")
  java.time.Instant start;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
  boolean quiet;

  @Override
  public Integer call() {
    OutputFormat format = OutputFormat.fromFileName(out).orElseThrow(() ->
        new UserError("cannot tell the output format from '" + out.getFileName() + "'"));
    CodingAgentWorkload.Parameters p;
    try {
      p = new CodingAgentWorkload.Parameters(records, seed, start.getEpochSecond() * 1_000_000L, sessionsPerHour,
          modelPaths, tenants, meanTurns, sharedPrefixTokens, maxContextTokens);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    long n;
    try (TraceReader r = new CodingAgentWorkload(p)) {
      n = TraceConverter.convert(r, out, format, null);
    }
    if (!quiet) {
      spec.commandLine().getOut().printf("wrote %,d records to %s%n", n, out);
      spec.commandLine().getOut().flush();
    }
    return ExitCode.OK;
  }
}
