package io.replaygate.cli;

import io.replaygate.costmodel.catalog.CatalogException;
import io.replaygate.datasets.WorkloadException;
import io.replaygate.datasets.publics.FetchException;
import io.replaygate.replay.scenario.ScenarioException;
import io.replaygate.trace.OutputFailure;
import io.replaygate.trace.TraceInputException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.TimeZone;
import picocli.CommandLine;

/** Entry point: runs the command line and maps failures to the documented exit codes. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    Interrupts.install();
    int code = run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    Interrupts.done();
    System.exit(code);
  }

  /**
   * Runs one command line; never calls {@code System.exit} (tests call this). Every failure ends as one line on
   * {@code err} and a documented exit code; {@code --debug} (anywhere on the line) adds the stack trace of one that
   * is not the user's.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // The one answer that needs no parser (nor streams, nor time zones): start-up is its whole cost.
      for (String line : new ReplaygateCommand.Version().getVersion()) {
        out.println(line);
      }
      out.flush();
      return ExitCode.OK;
    }
    Locale.setDefault(Locale.US);
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    boolean debug = java.util.Arrays.asList(args).contains("--debug");
    String[] rest = java.util.Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
    CommandLine cli = commandLine(out, err, debug, ReplaygateCommand.needed(rest));
    try {
      return cli.execute(rest);
    } catch (Throwable t) { // an Error escapes picocli's handler: out of memory, a stack overflow
      return failure(t, err, debug);
    }
  }

  /** One line and an exit code for a failure that is not the user's input. */
  static int failure(Throwable t, PrintWriter e, boolean debug) {
    if (t instanceof OutOfMemoryError) {
      e.println(String.format(Locale.US, "replaygate: out of memory (the heap's limit is %,d MB): give the JVM more "
          + "(JAVA_OPTS=-Xmx8g bin/replaygate ...) or read less at once", Runtime.getRuntime().maxMemory() >> 20));
      e.flush();
      return ExitCode.BAD_INPUT;
    }
    // An I/O failure anywhere under it (writers wrap a full disk in their own exceptions) is the environment's.
    java.io.IOException io = OutputFailure.ioCause(t);
    if (io != null) {
      e.println("replaygate: " + CliFiles.describe(io));
      e.flush();
      return ExitCode.BAD_INPUT;
    }
    e.println("replaygate: internal error (a bug; run again with --debug for its trace): " + printable(firstLine(
        t.getMessage() == null ? "no message" : t.getMessage())));
    if (debug) {
      t.printStackTrace(e);
    }
    e.flush();
    return ExitCode.INTERNAL;
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, false);
  }

  static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean debug) {
    return commandLine(out, err, debug, ReplaygateCommand.SUBCOMMANDS.values());
  }

  /** The command line with the given subcommands only (the rest are not built: start-up time). */
  static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean debug,
      java.util.Collection<Class<?>> subcommands) {
    CommandLine cli = new CommandLine(new ReplaygateCommand());
    for (Class<?> c : subcommands) {
      cli.addSubcommand(c);
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler((ex, args) -> {
      PrintWriter e = ex.getCommandLine().getErr();
      e.println("replaygate: " + printable(ex.getMessage()));
      // A mistyped command or option: say what was probably meant.
      if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
        e.println("Did you mean: " + String.join(" or ", u.getSuggestions().stream().limit(3).toList()) + "?");
      }
      e.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
      return ExitCode.BAD_INPUT;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
      PrintWriter e = commandLine.getErr();
      Throwable t = ex;
      if (t instanceof TraceInputException || t instanceof UserError || t instanceof CatalogException
          || t instanceof ScenarioException || t instanceof WorkloadException || t instanceof FetchException
          || t instanceof io.replaygate.reports.RunHistory.HistoryException) {
        e.println("replaygate: " + printable(t.getMessage()));
        return ExitCode.BAD_INPUT;
      }
      if (t instanceof SQLException) {
        e.println("replaygate: SQL error: " + printable(firstLine(t.getMessage())));
        return ExitCode.BAD_INPUT;
      }
      return failure(t, e, debug);
    });
    return cli;
  }

  /** The longest error line printed: a value quoted from the input (a 100 MB CSV field) is cut, not echoed whole. */
  static final int MAX_MESSAGE = 500;

  /**
   * A message as one printable line: control characters (a newline, an escape sequence from the input) shown as
   * as a Unicode escape (backslash, u, four hex digits), and cut at {@link #MAX_MESSAGE} characters with how many more there were.
   */
  static String printable(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_MESSAGE) + 32);
    for (int i = 0; i < s.length(); i++) {
      if (b.length() >= MAX_MESSAGE) {
        return b.append("… (").append(s.length() - i).append(" more characters)").toString();
      }
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        b.append(String.format(Locale.US, "\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int cut = s.indexOf('\n');
    return cut < 0 ? s : s.substring(0, cut);
  }
}
