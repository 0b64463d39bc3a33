package io.replaygate.cli;

import io.replaygate.reports.RunHistory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The workspace database (the run history's file), where registered clusters live too. */
public final class WorkspaceOptions {
  @Option(names = "--workspace", paramLabel = "FILE", description = "Workspace database (default: $" + RunHistory.ENV
      + ", else .replaygate/history.duckdb).")
  Path workspace;

  Path location() {
    return RunHistory.location(workspace);
  }
}
