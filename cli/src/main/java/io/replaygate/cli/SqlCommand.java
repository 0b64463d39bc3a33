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
    description = {"Run SQL over traces and run directories with embedded DuckDB, read-only. The traces (files "
        + "or sample:NAME) are views named trace, trace_2, trace_3, ... in the order given, with the canonical "
        + "columns (arrival_us, model_path, input_tokens, block_hashes, ...); a run directory's tables are views "
        + "named by their files (outcomes, windows, costs, ledger, cluster; outcomes_2, ... for a second run).",
        "Tables shorten wide cells (a list shows its first items and its length) and print BLOBs as hex; --csv and "
        + "--json print every value whole."})
public final class SqlCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  InputOptions input;

  @Parameters(index = "0", paramLabel = "QUERY", description = "One SQL statement.")
  String query;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "INPUT", description = "Trace file(s), sample:NAME, or "
      + "run directories (replaygate run or replay).")
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
    List<TraceSql.Input> inputs = new ArrayList<>();
    int runs = 0;
    for (String t : traces) {
      Path p = Path.of(t.startsWith("sample:") ? "." : t);
      if (t.startsWith("sample:")) {
        inputs.add(new TraceSql.Input.TraceReaderInput(() -> input.open(List.of(t),
            input.readOptions(ProblemSink.FAIL_FAST))));
      } else if (java.nio.file.Files.isDirectory(p)) {
        if (!java.nio.file.Files.isRegularFile(p.resolve("summary.json"))) {
          throw new UserError(t + ": a directory but not a run directory (no summary.json)");
        }
        runs++;
        try (var tables = java.nio.file.Files.list(p)) {
          for (Path table : tables.filter(f -> f.getFileName().toString().endsWith(".parquet")).sorted().toList()) {
            String stem = table.getFileName().toString().replaceFirst("\\.parquet$", "");
            inputs.add(new TraceSql.Input.Table(runs == 1 ? stem : stem + "_" + runs, table));
          }
        }
      } else {
        inputs.add(new TraceSql.Input.TraceFile(p));
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    TraceSql.RowSink sink = output.csv ? new Csv(out) : output.json ? new Json(out) : new Table(out);
    try (TraceSql sql = TraceSql.of(inputs, input.traceFormat(), input.readOptions(ProblemSink.FAIL_FAST))) {
      sql.query(query, sink);
    }
    if (sink instanceof Table t) {
      t.print();
    }
    out.flush();
    return ExitCode.OK;
  }

  /** A table cell's widest text: a longer value is cut, saying how much more there was. */
  static final int CELL = 72;

  /** Items of a list a table shows before its length. */
  static final int ITEMS = 4;

  static String text(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof Object[] a) {
      return Arrays.deepToString(a);
    }
    if (v instanceof byte[] b) {
      return "\\x" + java.util.HexFormat.of().formatHex(b);
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
        r[i] = cell(values[i]);
      }
      rows.add(r);
    }

    /** A value as a table shows it: a list by its first items and its length, any text cut at {@link #CELL}. */
    static String cell(Object v) {
      String s = text(v);
      if (s.length() <= CELL) {
        return s;
      }
      if (v instanceof Object[] a) { // as many whole items as fit (at most ITEMS, at least one), then the length
        String more = ", … (" + String.format(java.util.Locale.US, "%,d", a.length) + " items)]";
        StringBuilder b = new StringBuilder("[").append(text(a[0]));
        for (int i = 1; i < Math.min(a.length, ITEMS); i++) {
          String next = ", " + text(a[i]);
          if (b.length() + next.length() + more.length() > CELL) {
            break;
          }
          b.append(next);
        }
        return b.append(more).toString();
      }
      return s.substring(0, CELL - 1) + "… (+" + (s.length() - CELL + 1) + " chars)";
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
        case byte[] b -> g.writeString(text(b));
        default -> g.writeString(v.toString());
      }
    }
  }
}
