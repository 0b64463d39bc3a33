package io.replaygate.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.replaygate.trace.ProblemSink;
import io.replaygate.trace.TraceReader;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replaygate validate}: every problem in a trace, each with its place. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate validate trace.parquet", "  replaygate validate --strict --format langfuse observations.jsonl"},
    description = {"Check a trace against its format and the canonical rules; print every problem with its "
        + "file, line/row and field.", "Exit 0 when valid, 1 when any problem was found."})
public final class ValidateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  InputOptions input;

  @Parameters(paramLabel = "TRACE", arity = "1..*", description = "Trace file(s), or sample:NAME.")
  List<String> traces;

  @Option(names = {"-q", "--quiet"}, description = "Print only the problems, not the summary line.")
  boolean quiet;

  @Option(names = "--json", description = "Print the result as JSON: valid, records, and each problem's file, "
      + "location, field and problem.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    long[] problems = {0};
    ArrayNode listed = CliJson.MAPPER.createArrayNode();
    ProblemSink sink = p -> {
      problems[0]++;
      if (json) {
        listed.addObject().put("file", p.file() == null ? null : p.file().toString()).put("location", p.location())
            .put("field", p.field()).put("problem", p.problem()).put("message", p.getMessage());
      } else {
        out.println(p.getMessage());
      }
    };
    long records;
    try (TraceReader reader = input.open(traces, input.readOptions(sink))) {
      records = reader.drain();
    }
    if (json) {
      ObjectNode doc = CliJson.object().put("valid", problems[0] == 0).put("records", records)
          .put("problem_count", problems[0]);
      doc.set("problems", listed);
      CliJson.print(out, doc);
      return problems[0] == 0 ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }
    if (!quiet) {
      out.printf("%s: %,d records, %,d problem%s%n", problems[0] == 0 ? "valid" : "INVALID", records, problems[0],
          problems[0] == 1 ? "" : "s");
    }
    out.flush();
    return problems[0] == 0 ? ExitCode.OK : ExitCode.CHECK_FAILED;
  }
}
