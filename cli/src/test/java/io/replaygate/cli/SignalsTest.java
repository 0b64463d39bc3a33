package io.replaygate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM in the middle of writing, to a real child process: whatever was being written (a {@code .partial} file, a
 * run's staging directory) is removed, and nothing partial is left where the output would have been.
 */
class SignalsTest {
  @TempDir
  Path dir;

  private Process start(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-cp",
        System.getProperty("java.class.path"), "io.replaygate.cli.Main"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  /** Waits (60 s at most) until something matching {@code what} appears in the directory. */
  private boolean waitFor(Predicate<Path> what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try (var s = Files.list(dir)) {
        if (s.anyMatch(what)) {
          return true;
        }
      }
      Thread.sleep(50);
    }
    return false;
  }

  private List<String> left() throws Exception {
    try (var s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void sigterm_duringGenerate_leavesNoPartialFile() throws Exception {
    Process p = start("generate", "coding-agent", dir.resolve("big.parquet").toString(), "--records", "5000000");
    assertTrue(waitFor(f -> f.getFileName().toString().endsWith(".partial")), "it started writing: " + left());
    p.destroy(); // SIGTERM
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(List.of(), left(), "nothing partial, no output");
  }

  @Test
  void sigterm_duringReplay_leavesNoStagingDirectory() throws Exception {
    Path out = dir.resolve("run");
    Process p = start("replay", "sample:default", "--path", "byoc_dynamo", "--out", out.toString());
    assertTrue(waitFor(f -> f.getFileName().toString().startsWith(".run.staging-")), "it started: " + left());
    p.destroy();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(List.of(), left(), "no staging directory, no half-written run directory");
  }

  @Test
  void sigterm_duringConvertSort_leavesNoSpillFiles() throws Exception {
    Process p = start("convert", "--sort", "--sort-run-records", "2000", "sample:default",
        dir.resolve("sorted.parquet").toString());
    assertTrue(waitFor(f -> f.getFileName().toString().startsWith("replaygate-sort-")), "it spilled: " + left());
    p.destroy();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(List.of(), left(), "no spill file, no partial output");
  }

  @Test
  void sigterm_duringRun_leavesNoStagingDirectory_andNoHistory() throws Exception {
    Process p = start("run", "--out", dir.resolve("weekly").toString(), "--history",
        dir.resolve("history.duckdb").toString(), "--price-date", "2026-08-01");
    assertTrue(waitFor(f -> f.getFileName().toString().startsWith(".weekly.staging-")), "it started: " + left());
    p.destroy();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(List.of(), left(), "no staging directory, no run directory, no history entry");
  }
}
