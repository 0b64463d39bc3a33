package io.replaygate.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.replaygate.trace.ProblemSink;
import io.replaygate.trace.sql.TraceSql;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code replaygate sql}: DuckDB SQL over traces. */
@Command(name = "sql", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate sql 'SELECT model_path, count(*) FROM trace GROUP BY 1' \\", "      trace.parquet", "  replaygate sql --csv 'SELECT arrival_us, input_tokens FROM trace' \\", "      sample:default"},
    description = {"Run SQL over traces with embedded DuckDB. The traces are views named trace, trace_2, "
        + "trace_3, ... in the order given, with the canonical columns (arrival_us, model_path, input_tokens, "
        + "block_hashes, ...).",
        "Example: replaygate sql \"SELECT model_path, count(*) FROM trace GROUP BY 1\" t.parquet"})
public final class SqlCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  InputOptions input;

  @Parameters(index = "0", paramLabel = "QUERY", description = "One SQL statement.")
  String query;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "TRACE", description = "Trace file(s).")
  List<String> traces;

  @ArgGroup(exclusive = true)
  Output output = new Output();

  static final class Output {
    @Option(names = "--csv", description = "Print CSV (RFC 4180) instead of a table.")
    boolean csv;

    @Option(names = "--json", description = "Print JSON lines, one object per row.")
    boolean json;
  }

  @Override
  public Integer call() throws Exception {
    List<Path> files = new ArrayList<>();
    for (String t : traces) {
      if (t.startsWith("sample:")) {
        throw new UserError("sql reads files; convert the sample first: replaygate convert " + t + " sample.parquet");
      }
      files.add(Path.of(t));
    }
    PrintWriter out = spec.commandLine().getOut();
    TraceSql.RowSink sink = output.csv ? new Csv(out) : output.json ? new Json(out) : new Table(out);
    try (TraceSql sql = new TraceSql(files, input.traceFormat(), input.readOptions(ProblemSink.FAIL_FAST))) {
      sql.query(query, sink);
    }
    if (sink instanceof Table t) {
      t.print();
    }
    out.flush();
    return ExitCode.OK;
  }

  static String text(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Object[] a) {
      return Arrays.deepToString(a);
    }
    if (v instanceof Double d) {
      return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return v.toString();
  }

  /** An aligned text table (rows are buffered to size the columns). */
  static final class Table implements TraceSql.RowSink {
    private final PrintWriter out;
    private List<String> names;
    private final List<String[]> rows = new ArrayList<>();

    Table(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void columns(List<String> names) {
      this.names = names;
    }

    @Override
    public void row(Object[] values) {
      String[] r = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        r[i] = text(values[i]);
      }
      rows.add(r);
    }

    void print() {
      int[] w = new int[names.size()];
      for (int i = 0; i < w.length; i++) {
        w[i] = names.get(i).length();
        for (String[] r : rows) {
          w[i] = Math.max(w[i], r[i].length());
        }
      }
      StringBuilder rule = new StringBuilder();
      for (int i = 0; i < w.length; i++) {
        out.printf("%s%-" + w[i] + "s", i == 0 ? "" : "  ", names.get(i));
        rule.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
      }
      out.println();
      out.println(rule);
      for (String[] r : rows) {
        for (int i = 0; i < w.length; i++) {
          out.printf("%s%" + (numeric(r[i]) ? "" : "-") + w[i] + "s", i == 0 ? "" : "  ", r[i]);
        }
        out.println();
      }
      out.printf("(%,d row%s)%n", rows.size(), rows.size() == 1 ? "" : "s");
    }

    private static boolean numeric(String s) {
      return !s.isEmpty() && s.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '-' || c == 'E');
    }
  }

  static final class Csv implements TraceSql.RowSink {
    private final PrintWriter out;

    Csv(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void columns(List<String> names) {
      out.println(String.join(",", names.stream().map(Csv::quote).toList()));
    }

    @Override
    public void row(Object[] values) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < values.length; i++) {
        sb.append(i == 0 ? "" : ",").append(values[i] == null ? "" : quote(text(values[i])));
      }
      out.println(sb);
    }

    static String quote(String s) {
      return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
  }

  static final class Json implements TraceSql.RowSink {
    private final PrintWriter out;
    private final ObjectMapper mapper = new ObjectMapper();
    private List<String> names;

    Json(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void columns(List<String> names) {
      this.names = names;
    }

    @Override
    public void row(Object[] values) throws IOException {
      java.io.StringWriter sw = new java.io.StringWriter();
      try (JsonGenerator g = mapper.getFactory().createGenerator(sw)) {
        g.writeStartObject();
        for (int i = 0; i < values.length; i++) {
          g.writeFieldName(names.get(i));
          write(g, values[i]);
        }
        g.writeEndObject();
      }
      out.println(sw);
    }

    private void write(JsonGenerator g, Object v) throws IOException {
      switch (v) {
        case null -> g.writeNull();
        case Object[] a -> {
          g.writeStartArray();
          for (Object o : a) {
            write(g, o);
          }
          g.writeEndArray();
        }
        case Integer i -> g.writeNumber(i);
        case Long l -> g.writeNumber(l);
        case Short s -> g.writeNumber(s);
        case Float f -> g.writeNumber(f);
        case Double d -> g.writeNumber(d);
        case BigInteger b -> g.writeNumber(b);
        case BigDecimal b -> g.writeNumber(b);
        case Boolean b -> g.writeBoolean(b);
        default -> g.writeString(v.toString());
      }
    }
  }
}
