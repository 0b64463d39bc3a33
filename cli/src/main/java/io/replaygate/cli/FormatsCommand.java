package io.replaygate.cli;

import io.replaygate.datasets.BundledSample;
import io.replaygate.trace.format.OutputFormat;
import io.replaygate.trace.format.TraceFormat;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replaygate formats}: what can be read and written. */
@Command(name = "formats", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate formats", "  replaygate formats --json"},
    description = "List the trace formats replaygate reads and writes, and the bundled samples.")
public final class FormatsCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @picocli.CommandLine.Option(names = "--json", description = "As JSON (snake_case keys).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      com.fasterxml.jackson.databind.ObjectMapper m = CliJson.MAPPER;
      com.fasterxml.jackson.databind.node.ObjectNode root = m.createObjectNode();
      var reads = root.putArray("reads");
      for (TraceFormat f : TraceFormat.values()) {
        reads.addObject().put("name", f.wireName()).put("description", f.description());
      }
      root.put("mapping_example", io.replaygate.trace.format.mapped.LogMapping.EXAMPLE);
      var writes = root.putArray("writes");
      for (OutputFormat f : OutputFormat.values()) {
        writes.addObject().put("name", f.wireName()).put("extension", f.extension());
      }
      var samples = root.putArray("bundled_samples");
      for (BundledSample b : BundledSample.values()) {
        samples.addObject().put("uri", b.uri()).put("description", b.description());
      }
      out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(root));
      out.flush();
      return ExitCode.OK;
    }
    out.println("reads (detected automatically; --format NAME overrides):");
    for (TraceFormat f : TraceFormat.values()) {
      out.printf("  %-10s %s%n", f.wireName(), f.description());
    }
    out.println("  any JSON-lines log, with --map FILE (a YAML mapping; the language, by example):");
    io.replaygate.trace.format.mapped.LogMapping.EXAMPLE.lines().forEach(l -> out.println("    " + l));
    out.println("writes (from the output file's extension; --to NAME overrides):");
    for (OutputFormat f : OutputFormat.values()) {
      out.printf("  %-10s %s%n", f.wireName(), f.extension());
    }
    out.println("bundled samples:");
    for (BundledSample s : BundledSample.values()) {
      out.printf("  %-20s %s%n", s.uri(), s.description());
    }
    out.flush();
    return ExitCode.OK;
  }
}
