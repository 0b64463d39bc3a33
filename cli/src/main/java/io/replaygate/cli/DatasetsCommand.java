package io.replaygate.cli;

import io.replaygate.datasets.BundledSample;
import io.replaygate.datasets.publics.FetchException;
import io.replaygate.datasets.publics.Fetcher;
import io.replaygate.datasets.publics.PublicTrace;
import io.replaygate.datasets.publics.PublicTraces;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replaygate datasets list | info NAME | fetch NAME DIR}: the public traces the readers support. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate datasets list", "  replaygate datasets fetch mooncake-conversation traces/"},
    description = "Public LLM traces the readers support: list them, show one's licence and citation, fetch one.",
    subcommands = {DatasetsCommand.ListCommand.class, DatasetsCommand.InfoCommand.class,
        DatasetsCommand.FetchCommand.class})
public final class DatasetsCommand implements Runnable {
  /** Environment variable naming a mirror base URL (serving {@code <name>/<file>}). */
  public static final String MIRROR_ENV = "REPLAYGATE_DATASETS_MIRROR";

  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static String size(Long bytes) {
    if (bytes == null) {
      return "size not recorded";
    }
    return bytes >= 1 << 20 ? String.format(Locale.US, "%.1f MB", bytes / 1e6)
        : String.format(Locale.US, "%.0f kB", bytes / 1e3);
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate datasets list"}, description = "List the public traces and the bundled samples.")
  static final class ListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter o = spec.commandLine().getOut();
      for (PublicTrace t : PublicTraces.all()) {
        o.printf(Locale.US, "%-24s %s%n", t.name(), t.title());
        o.printf(Locale.US, "%-24s format %s, %s, %d file(s), blocks %s, span %s, records %s%n", "", t.format(),
            size(t.bytes()), t.files().size(), t.blockTokens() == null ? "none" : t.blockTokens() + " tokens",
            t.span(), t.records());
        o.printf(Locale.US, "%-24s licence: %s; checksums %s%n", "", t.licence(),
            t.verified() ? "recorded" : "not recorded (fetch needs --allow-unverified)");
        o.printf(Locale.US, "%-24s contains: %s%n", "", t.contains());
      }
      o.println();
      o.println("bundled (generated, no download):");
      for (BundledSample s : BundledSample.values()) {
        o.printf(Locale.US, "%-24s %s%n", s.uri(), s.description());
      }
      o.flush();
      return ExitCode.OK;
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate datasets info weka-claude-code"}, description = "Everything recorded about one trace, "
      + "with the citation its licence or authors ask for.")
  static final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      PublicTrace t = PublicTraces.byName(name);
      PrintWriter o = spec.commandLine().getOut();
      o.printf(Locale.US, "%s — %s%npage      %s%nlicence   %s%nformat    %s (block %s)%nspan      %s%n"
              + "records   %s%ncontains  %s%n%ncite as:%n  %s%n%nfiles:%n", t.name(), t.title(), t.page(), t.licence(),
          t.format(), t.blockTokens() == null ? "none" : t.blockTokens() + " tokens", t.span(), t.records(),
          t.contains(), t.citation());
      for (PublicTrace.File f : t.files()) {
        o.printf(Locale.US, "  %s  %s  sha256 %s%n    %s%n", f.name(), size(f.bytes()),
            f.sha256() == null ? "not recorded" : f.sha256(), f.url());
      }
      o.flush();
      return ExitCode.OK;
    }
  }

  @Command(name = "fetch", mixinStandardHelpOptions = true,
    footerHeading = "%nExamples:%n", footer = {"  replaygate datasets fetch mooncake-conversation traces/", "  replaygate datasets fetch azure-llm-2023-code traces/ \\", "      --mirror http://127.0.0.1:8080 --timeout PT5M"}, description = {
      "Download a public trace, verify each file's SHA-256, convert it to canonical Parquet (DIR/NAME.parquet; "
          + "the publisher's files stay in DIR/NAME/) and print the attribution.",
      "Nothing is left half-written when a download, a checksum or the disk fails."})
  static final class FetchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "DIR")
    Path dir;

    @Option(names = "--mirror", paramLabel = "URL", description = "Fetch from a mirror serving NAME/FILE "
        + "(default: $" + MIRROR_ENV + ", else the publishers' URLs).")
    String mirror;

    @Option(names = "--allow-unverified", description = "Fetch files that have no recorded checksum (the "
        + "checksums computed are printed).")
    boolean allowUnverified;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT30M", description = "Per-file time limit, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar and no summary.")
    boolean quiet;

    @Override
    public Integer call() {
      PublicTrace t = PublicTraces.byName(name);
      String m = mirror != null ? mirror : System.getenv(MIRROR_ENV);
      URI base = null;
      if (m != null && !m.isBlank()) {
        try {
          base = new URI(m);
          if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new URISyntaxException(m, "not an http(s) URL");
          }
        } catch (URISyntaxException e) {
          throw new UserError("--mirror: expected an http(s) URL, got '" + m + "'");
        }
      }
      PrintWriter o = spec.commandLine().getOut();
      Fetcher fetcher = new Fetcher(Fetcher.defaultClient(), base, allowUnverified, progress(), Fetcher.Sink.FILES, timeout);
      Fetcher.Result r;
      try {
        r = fetcher.fetch(t, dir);
      } catch (FetchException e) {
        throw new UserError(e.getMessage());
      }
      if (!quiet) {
        o.printf(Locale.US, "wrote %,d records to %s (from %d verified file(s) in %s)%n", r.records(), r.parquet(),
            r.files().size() - r.unverified().size(), dir.resolve(t.name()));
        for (String u : r.unverified()) {
          o.println("unverified (no recorded checksum), sha256 computed: " + u);
        }
        o.printf(Locale.US, "%n%s is %s. Cite as:%n  %s%n", t.name(), t.licence(), t.citation());
        o.flush();
      }
      return ExitCode.OK;
    }

    /** A byte progress bar on an interactive terminal; periodic plain lines otherwise (CI logs); none with -q. */
    private Fetcher.Progress progress() {
      if (quiet) {
        return Fetcher.Progress.NONE;
      }
      PrintWriter err = spec.commandLine().getErr();
      boolean terminal = Terminal.interactive();
      return new Fetcher.Progress() {
        ProgressBar bar;
        String file;
        long done;
        long total;
        long lastLine;

        @Override
        public void start(String f, long totalBytes) {
          file = f;
          done = 0;
          total = totalBytes;
          lastLine = System.nanoTime();
          if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(f).setInitialMax(totalBytes).setUnit(" MB", 1 << 20)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).continuousUpdate().build();
          } else {
            err.printf(Locale.US, "fetching %s (%s)%n", f, total < 0 ? "size unknown" : size(total));
            err.flush();
          }
        }

        @Override
        public void advance(long bytes) {
          done += bytes;
          if (bar != null) {
            bar.stepTo(done);
          } else if (System.nanoTime() - lastLine > 10_000_000_000L) {
            lastLine = System.nanoTime();
            err.printf(Locale.US, "  %s: %s%s%n", file, size(done), total > 0
                ? String.format(Locale.US, " of %s (%.0f%%)", size(total), 100.0 * done / total) : "");
            err.flush();
          }
        }

        @Override
        public void done() {
          if (bar != null) {
            bar.close();
            bar = null;
          }
        }
      };
    }
  }
}
