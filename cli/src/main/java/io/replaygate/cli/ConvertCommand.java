package io.replaygate.cli;

import io.replaygate.trace.ProblemSink;
import io.replaygate.trace.ReadOptions;
import io.replaygate.trace.TraceReader;
import io.replaygate.trace.convert.TraceConverter;
import io.replaygate.trace.format.OutputFormat;
import io.replaygate.trace.sort.ExternalSorter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replaygate convert}: any trace(s) to a canonical file. */
@Command(name = "convert", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate convert gateway.jsonl trace.parquet", "  replaygate convert --sort day1.jsonl day2.jsonl week.parquet", "  replaygate convert --to arrows trace.parquet trace.arrows"},
    description = {"Convert trace(s) of any known format into one canonical trace file.",
        "The output format comes from OUT's extension (.parquet, .arrow, .arrows, .jsonl) or --to. "
            + "Nothing is left at OUT unless the whole conversion succeeds."})
public final class ConvertCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  InputOptions input;

  @Parameters(paramLabel = "FILE", arity = "2..*", description = "Input trace(s), then the output file: IN... OUT.")
  List<String> args;

  @Option(names = "--to", paramLabel = "FORMAT", description = "Output format: jsonl, parquet, arrow, arrows.")
  String to;

  @Option(names = "--sort", description = "Sort by arrival time first (bounded memory: spills sorted runs to "
      + "disk beside OUT), for sources that are not in arrival order.")
  boolean sort;

  @Option(names = "--sort-run-records", paramLabel = "N", defaultValue = "200000", hidden = true,
      description = "Records per in-memory sort run (default: ${DEFAULT-VALUE}).")
  int sortRunRecords;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing on success.")
  boolean quiet;

  @Override
  public Integer call() {
    Path out = Path.of(args.get(args.size() - 1));
    List<String> ins = args.subList(0, args.size() - 1);
    OutputFormat format = to != null
        ? OutputFormat.byName(to).orElseThrow(() -> new UserError("unknown output format '" + to
            + "' (use jsonl, parquet, arrow or arrows)"))
        : OutputFormat.fromFileName(out).orElseThrow(() -> new UserError("cannot tell the output format from '"
            + out.getFileName() + "': use a .parquet, .arrow, .arrows or .jsonl name, or --to"));
    if (sortRunRecords <= 0) {
      throw new UserError("--sort-run-records must be positive");
    }
    ReadOptions options = input.readOptions(ProblemSink.FAIL_FAST).withAllowUnordered(sort);
    long started = System.nanoTime();
    long n;
    try (TraceReader source = input.open(ins, options);
         TraceReader reader = sort
             ? ExternalSorter.sort(source, out.toAbsolutePath().getParent(), sortRunRecords) : source;
         ProgressBar bar = progressBar(ins)) {
      LongConsumer progress = bar == null ? null : bar::stepTo;
      n = TraceConverter.convert(reader, out, format, progress);
    }
    if (!quiet) {
      double s = (System.nanoTime() - started) / 1e9;
      spec.commandLine().getOut().printf("wrote %,d records to %s (%s) in %.1f s%n", n, out, format.wireName(), s);
      spec.commandLine().getOut().flush();
    }
    return ExitCode.OK;
  }

  /** Inputs at least this large get a progress bar (smaller ones finish in a few seconds). */
  static final long PROGRESS_MIN_BYTES = 64L << 20;

  /** A progress bar only for long conversions, on an interactive terminal, when not quiet. */
  private ProgressBar progressBar(List<String> inputs) {
    if (quiet || !Terminal.interactive()) {
      return null;
    }
    long bytes = 0;
    for (String in : inputs) {
      try {
        bytes += java.nio.file.Files.size(Path.of(in));
      } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
        // sample:NAME or an unreadable path (reported when it is opened): no size to count.
      }
    }
    if (bytes < PROGRESS_MIN_BYTES) {
      return null;
    }
    return new ProgressBarBuilder().setTaskName("converting").setInitialMax(-1).setUnit(" records", 1)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build();
  }
}
