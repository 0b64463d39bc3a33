package io.replaygate.cli;

import io.replaygate.datasets.GenerationSpec;
import io.replaygate.datasets.Param;
import io.replaygate.datasets.Workload;
import io.replaygate.datasets.Workloads;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.convert.TraceConverter;
import io.replaygate.trace.format.OutputFormat;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replaygate generate WORKLOAD OUT}: a synthetic trace of a registered workload (streamed; any size). */
@Command(name = "generate", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate generate --list", "  replaygate generate coding-agent agent.parquet --hours 24 --seed 7", "  replaygate generate mix week.parquet --hours 168 \\", "      --timezone America/New_York -p tenants=12"}, sortOptions = false,
    description = {"Write a synthetic trace of a workload (seeded: same options, same file).",
        "`generate --list` prints every workload (coding-agent, chat, rag, batch, mix), parameter, its default "
            + "and where the default comes from."})
public final class GenerateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "WORKLOAD", description = "Workload name (see --list).")
  String workload;

  @Parameters(index = "1", arity = "0..1", paramLabel = "OUT", description = "Output file (.parquet, .arrow, .arrows or .jsonl).")
  Path out;

  @Option(names = "--list", description = "List the workloads with their parameters, defaults and sources.")
  boolean list;

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  Span span;

  static final class Span {
    @Option(names = "--hours", paramLabel = "HOURS", description = "Span in hours (default: 24 when neither is given).")
    Double hours;

    @Option(names = "--records", paramLabel = "N", description = "Number of requests instead of a span.")
    Long records;
  }

  @Option(names = "--rate", paramLabel = "PER-SECOND", description = "Mean requests per second over the span (default: the workload's).")
  Double rate;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--start", paramLabel = "INSTANT", description = "First instant: ISO-8601 with offset (2026-01-05T09:00:00Z) or a local "
      + "date-time in --timezone (2026-01-05T09:00). Default: Monday 2026-01-05 00:00 in --timezone.")
  String start;

  @Option(names = "--timezone", paramLabel = "ZONE", defaultValue = "UTC", description = "Time zone of the weekly curve and the trace "
      + "(default: ${DEFAULT-VALUE}).")
  String timezone;

  @Option(names = "--block-tokens", paramLabel = "TOKENS", defaultValue = "64", description = "Tokens per hashed block (default: ${DEFAULT-VALUE}).")
  int blockTokens;

  @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "Set a workload parameter (repeatable).")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
  boolean quiet;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    if (list) {
      printList(o, workload == null ? Workloads.all() : List.of(Workloads.byName(workload)));
      o.flush();
      return ExitCode.OK;
    }
    if (workload == null || out == null) {
      throw new UserError("generate needs a WORKLOAD and an OUT file (workloads: " + Workloads.names() + ")");
    }
    Workloads.byName(workload);
    OutputFormat format = OutputFormat.fromFileName(out).orElseThrow(() ->
        new UserError("cannot tell the output format from '" + out.getFileName() + "' (use .parquet, .arrow, .arrows or .jsonl)"));
    ZoneId zone = zone(timezone);
    Double hours = span == null || (span.hours == null && span.records == null) ? Double.valueOf(24) : span.hours;
    Long records = span == null ? null : span.records;
    GenerationSpec gs = new GenerationSpec(records != null ? null : hours, records, rate, seed, start(start, zone),
        zone, blockTokens);
    Workloads.Plan plan = Workloads.plan(workload, gs, params);
    long n;
    try (TraceReader r = Workloads.open(plan)) { // a write failure (a full disk) goes to Main: one line, exit 2
      n = TraceConverter.convert(r, out, format, null);
    }
    if (!quiet) {
      o.printf(Locale.US, "wrote %,d %s requests to %s (mean %.4g requests/s, %.1f requests per session, seed %d)%n",
          n, workload, out, plan.rate(), plan.meanRequestsPerSession(), seed);
      o.flush();
    }
    return ExitCode.OK;
  }

  static ZoneId zone(String name) {
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      throw new UserError("--timezone: unknown time zone '" + name + "' (use a region id such as Europe/Berlin, or UTC)");
    }
  }

  static Instant start(String text, ZoneId zone) {
    if (text == null) {
      return GenerationSpec.mondayMidnight(zone);
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(text).atZone(zone).toInstant();
      } catch (DateTimeParseException e2) {
        throw new UserError("--start: expected 2026-01-05T09:00:00Z or 2026-01-05T09:00 (local), got '" + text + "'");
      }
    }
  }

  static void printList(PrintWriter o, List<Workload> workloads) {
    for (Workload w : workloads) {
      o.printf(Locale.US, "%s — %s%n  default rate %s requests/s%n", w.name(), w.description(),
          Param.format(w.defaultRate()));
      for (Param p : w.parameters()) {
        o.printf(Locale.US, "  %-24s %s%s%n", p.name(), p.description(), p.unit().isEmpty() ? "" : " [" + p.unit() + "]");
        o.printf(Locale.US, "  %-24s default %s (range %s); %s%n", "", p.defaultValue(), p.range(), p.source());
      }
      o.println();
    }
  }
}
