package io.replaygate.cli;

import io.replaygate.reports.RunHistory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the run history lives: the option {@code run}, {@code history} and {@code diff} share. */
public final class HistoryOptions {
  @Option(names = "--history", paramLabel = "FILE", description = "Run-history database (default: $"
      + RunHistory.ENV + ", else .replaygate/history.duckdb).")
  Path history;

  /** The file: {@code --history}, else {@code $REPLAYGATE_HISTORY}, else the workspace default. */
  Path location() {
    return RunHistory.location(history);
  }
}
